import { recordErr, type RecordError } from "../errors";
import type { DescribeField } from "../metadata/describe-types";
import { isPersonOnlyField } from "../metadata/person-accounts";
import type { Org } from "../org/org";
import type { ObjectSchema } from "../schema/object-schema";
import type { DmlContext } from "./dml";
import type { Row, SfValue } from "./record-table";

// What the platform itself does for standard objects: derived fields, price book integrity,
// person accounts and roll-ups. Only what a sync integration can observe is modelled.

export interface SaveEvent {
  ctx: DmlContext;
  schema: ObjectSchema;
  /** The record as it will be saved; hooks may set derived fields on it. */
  row: Row;
  old: Row | undefined;
  /** The fields the caller sent. */
  values: Row;
}

export interface ObjectRules {
  checkFields?(e: SaveEvent): RecordError | undefined;
  /** Replaces the describe-derived list of fields required on insert. */
  requiredFields?(e: SaveEvent): DescribeField[] | undefined;
  before?(e: SaveEvent): RecordError | undefined;
  after?(e: SaveEvent, id: string): void;
  afterDelete?(ctx: DmlContext, row: Row): void;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Σ TotalPrice of a parent's live line items, in cents then back (roll-up summary). */
function lineSum(ctx: DmlContext, lineObject: string, parentField: string, parentId: unknown, deleted?: Row): number {
  let cents = 0;
  // Through the parent index: a scan of every line per line saved made big orgs quadratic.
  for (const line of ctx.org.tableByName(lineObject).rowsReferencing(parentField, parentId as SfValue)) {
    if (line[parentField] === parentId && line !== deleted && line.Id !== deleted?.Id) cents += Math.round(num(line.TotalPrice) * 100);
  }
  return cents / 100;
}
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

function update(ctx: DmlContext, objectName: string, row: Row, changes: Row): void {
  ctx.org.tableByName(objectName).update(row, { ...changes, SystemModstamp: ctx.org.nowStamp() }, ctx.undo);
}

function fullName(row: Row): string {
  return [row.FirstName, row.LastName].filter((v) => v !== null && v !== undefined && v !== "").join(" ");
}

function isPersonAccount(e: SaveEvent): boolean {
  const pa = e.ctx.org.personAccounts;
  if (!pa) return false;
  if (typeof e.values.RecordTypeId === "string") return e.values.RecordTypeId === pa.personRecordTypeId;
  return e.old ? e.old.IsPersonAccount === true : false;
}

const account: ObjectRules = {
  checkFields(e) {
    if (!e.ctx.org.personAccounts) return undefined;
    const person = isPersonAccount(e);
    const bad = Object.keys(e.values).filter((name) =>
      person ? name === "Name" : isPersonOnlyField(name) && e.values[name] !== null,
    );
    return bad.length > 0 ? recordErr.badFieldNames("Account", bad) : undefined;
  },
  requiredFields(e) {
    if (!isPersonAccount(e)) return undefined;
    return e.schema.requiredOnCreate.filter((f) => f.name !== "Name").concat(e.schema.field("LastName") ?? []);
  },
  before(e) {
    const pa = e.ctx.org.personAccounts;
    if (!pa) return undefined;
    if (isPersonAccount(e)) {
      e.row.IsPersonAccount = true;
      e.row.Name = fullName(e.row);
    } else {
      e.row.IsPersonAccount = false;
      e.row.RecordTypeId ??= pa.businessRecordTypeId;
    }
    return undefined;
  },
  after(e, id) {
    if (e.row.IsPersonAccount !== true) return;
    const { org } = e.ctx;
    const contacts = org.tableByName("Contact");
    const mirrored: Row = {
      FirstName: e.row.FirstName ?? null,
      LastName: e.row.LastName ?? null,
      Name: e.row.Name,
      Email: e.row.PersonEmail ?? null,
      MobilePhone: e.row.PersonMobilePhone ?? null,
      Birthdate: e.row.PersonBirthdate ?? null,
    };
    const existing = typeof e.row.PersonContactId === "string" ? contacts.get(e.row.PersonContactId) : undefined;
    if (existing) {
      update(e.ctx, "Contact", existing, mirrored);
      return;
    }
    const stamp = org.nowStamp();
    const contactId = org.deps.ids.next("003");
    contacts.insert(
      {
        ...mirrored,
        Id: contactId,
        IsDeleted: false,
        AccountId: id,
        IsPersonAccount: true,
        OwnerId: e.row.OwnerId,
        CreatedDate: stamp,
        CreatedById: e.ctx.userId,
        LastModifiedDate: stamp,
        LastModifiedById: e.ctx.userId,
        SystemModstamp: stamp,
      },
      e.ctx.undo,
    );
    update(e.ctx, "Account", org.tableByName("Account").get(id)!, { PersonContactId: contactId });
  },
};

const contact: ObjectRules = {
  before(e) {
    e.row.Name = fullName(e.row);
    return undefined;
  },
};

const STAGES: Record<string, [number, string, boolean, boolean]> = {
  Prospecting: [10, "Pipeline", false, false],
  Qualification: [10, "Pipeline", false, false],
  "Needs Analysis": [20, "Pipeline", false, false],
  "Value Proposition": [50, "Pipeline", false, false],
  "Id. Decision Makers": [60, "Pipeline", false, false],
  "Perception Analysis": [70, "Pipeline", false, false],
  "Proposal/Price Quote": [75, "Pipeline", false, false],
  "Negotiation/Review": [90, "Pipeline", false, false],
  "Closed Won": [100, "Closed", true, true],
  "Closed Lost": [0, "Omitted", true, false],
};

const opportunity: ObjectRules = {
  before(e) {
    // "For opportunities with products, the amount is the sum of the related products. Any attempt to
    // update this field, if the record has products, will be ignored" (Opportunity object reference).
    if (e.old && e.old.HasOpportunityLineItem === true && "Amount" in e.values) e.row.Amount = e.old.Amount;
    if (e.old && !("StageName" in e.values)) return undefined;
    const [probability, forecast, closed, won] = STAGES[String(e.row.StageName)] ?? [0, "Pipeline", false, false];
    e.row.IsClosed = closed;
    e.row.IsWon = won;
    if (!("Probability" in e.values)) e.row.Probability = probability;
    if (!("ForecastCategoryName" in e.values)) e.row.ForecastCategoryName = forecast;
    e.row.ForecastCategory = forecast === "Omitted" ? "Omitted" : forecast === "Closed" ? "Closed" : "Pipeline";
    return undefined;
  },
};

const order: ObjectRules = {
  before(e) {
    if (!e.old) {
      e.row.OrderNumber = String(e.ctx.org.nextAutoNumber("Order")).padStart(8, "0");
      e.row.TotalAmount = 0;
    }
    e.row.StatusCode = e.row.Status;
    return undefined;
  },
};

function priceIntegrity(parentLabel: string): RecordError {
  return {
    code: "FIELD_INTEGRITY_EXCEPTION",
    message: `field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the ${parentLabel})`,
    fields: ["PricebookEntryId"],
  };
}

/**
 * Multi-currency orgs: a line's currency is its price book entry's, which must be its parent's
 * (OpportunityLineItem.CurrencyIsoCode: "If the organization has multicurrency enabled, and a Pricebook2
 * is specified on the parent opportunity … this field's value must match the currency of the
 * PricebookEntry"). The message is the one public reports quote (hand-written, not recorded).
 */
function currencyMismatch(e: SaveEvent, parent: Row, entry: Row, parentLabel: "opportunity" | "order"): RecordError | undefined {
  if (!e.ctx.org.currencies) return undefined;
  if (entry.CurrencyIsoCode !== parent.CurrencyIsoCode) {
    return {
      code: "FIELD_INTEGRITY_EXCEPTION",
      message: `field integrity exception: PricebookEntryId (pricebook entry currency code does not match ${parentLabel} currency code)`,
      fields: ["PricebookEntryId"],
    };
  }
  e.row.CurrencyIsoCode = entry.CurrencyIsoCode;
  return undefined;
}

const integrity = (field: string, detail: string): RecordError => ({ code: "FIELD_INTEGRITY_EXCEPTION", message: `field integrity exception: ${field} (${detail})`, fields: [field] });

/**
 * OpportunityLineItem prices (Object Reference, OpportunityLineItem: UnitPrice "This field or TotalPrice
 * is required. You can't specify both"; Discount, a percentage: "If you specify Discount without
 * specifying TotalPrice, the TotalPrice is adjusted to accommodate the new Discount value, and the
 * UnitPrice is held constant. If you specify both Discount and Quantity, you must also specify either
 * TotalPrice or UnitPrice so the system knows which one to automatically adjust"; Subtotal is
 * Quantity × UnitPrice). TotalPrice = Subtotal less Discount percent, to the cent.
 */
function linePricing(e: SaveEvent): RecordError | undefined {
  const given = (name: string) => name in e.values && e.values[name] !== null && e.values[name] !== undefined;
  if (given("TotalPrice") && given("UnitPrice")) return integrity("TotalPrice", "only one of TotalPrice and UnitPrice may be specified");
  if (e.old && given("Discount") && given("Quantity") && !given("TotalPrice") && !given("UnitPrice")) {
    return integrity("TotalPrice", "when Discount and Quantity are both specified, TotalPrice or UnitPrice must be specified too");
  }
  const quantity = num(e.row.Quantity);
  const keep = 1 - num(e.row.Discount) / 100;
  if (given("TotalPrice")) {
    e.row.UnitPrice = quantity && keep ? round2(num(e.row.TotalPrice) / quantity / keep) : 0;
  } else if (e.row.UnitPrice === null || e.row.UnitPrice === undefined) {
    return integrity("TotalPrice", "must specify either TotalPrice or UnitPrice");
  } else {
    e.row.TotalPrice = round2(quantity * num(e.row.UnitPrice) * keep);
  }
  e.row.Subtotal = round2(quantity * num(e.row.UnitPrice));
  return undefined;
}

const orderItem: ObjectRules = {
  before(e) {
    const { org } = e.ctx;
    const parent = org.findById(String(e.row.OrderId));
    const entry = org.findById(String(e.row.PricebookEntryId));
    if (!parent || !entry) return undefined;
    if (!parent.Pricebook2Id || parent.Pricebook2Id !== entry.Pricebook2Id) {
      return priceIntegrity("Order, or Order has no pricebook assigned");
    }
    const currency = currencyMismatch(e, parent, entry, "order");
    if (currency) return currency;
    e.row.Product2Id = entry.Product2Id;
    e.row.ListPrice = entry.UnitPrice;
    e.row.TotalPrice = round2(num(e.row.Quantity) * num(e.row.UnitPrice));
    if (!e.old) e.row.OrderItemNumber = String(org.nextAutoNumber("OrderItem", 1)).padStart(10, "0");
    return undefined;
  },
  after(e) {
    const parent = e.ctx.org.findById(String(e.row.OrderId));
    if (parent) update(e.ctx, "Order", parent, { TotalAmount: lineSum(e.ctx, "OrderItem", "OrderId", parent.Id) });
  },
  afterDelete(ctx, row) {
    const parent = ctx.org.findById(String(row.OrderId));
    if (parent) update(ctx, "Order", parent, { TotalAmount: lineSum(ctx, "OrderItem", "OrderId", parent.Id, row) });
  },
};

const opportunityLineItem: ObjectRules = {
  before(e) {
    const { org } = e.ctx;
    const opp = org.findById(String(e.row.OpportunityId));
    const entry = org.findById(String(e.row.PricebookEntryId));
    if (!e.old && !entry) return recordErr.required(["PricebookEntryId"]);
    if (!opp || !entry) return undefined;
    if (opp.Pricebook2Id && opp.Pricebook2Id !== entry.Pricebook2Id) return priceIntegrity("opportunity");
    const currency = currencyMismatch(e, opp, entry, "opportunity");
    if (currency) return currency;
    const pricing = linePricing(e);
    if (pricing) return pricing;
    const product = org.findById(String(entry.Product2Id));
    e.row.Product2Id = entry.Product2Id;
    e.row.ListPrice = entry.UnitPrice;
    e.row.ProductCode = product?.ProductCode ?? null;
    e.row.Name = `${opp.Name ?? ""} ${product?.Name ?? ""}`.trim();
    return undefined;
  },
  after(e) {
    const opp = e.ctx.org.findById(String(e.row.OpportunityId));
    const entry = e.ctx.org.findById(String(e.row.PricebookEntryId));
    if (!opp) return;
    // With products, Amount becomes the sum of the line items, as in Salesforce. Recomputed from the
    // lines (not by delta: the saved row and e.old are the same object after an update).
    update(e.ctx, "Opportunity", opp, {
      Amount: lineSum(e.ctx, "OpportunityLineItem", "OpportunityId", opp.Id),
      HasOpportunityLineItem: true,
      Pricebook2Id: opp.Pricebook2Id ?? entry?.Pricebook2Id ?? null,
    });
  },
  afterDelete(ctx, row) {
    const opp = ctx.org.findById(String(row.OpportunityId));
    if (!opp) return;
    const remaining = [...ctx.org.tableByName("OpportunityLineItem").rowsReferencing("OpportunityId", opp.Id)].some((line) => line.Id !== row.Id);
    // Without products the Amount (then 0) is writable again.
    update(ctx, "Opportunity", opp, { Amount: lineSum(ctx, "OpportunityLineItem", "OpportunityId", opp.Id, row), HasOpportunityLineItem: remaining });
  },
};

/** (price book, product, currency) → entry id; entries found stale (rolled back, deleted) count as absent. */
const priceDefinitions = new WeakMap<Org, Map<string, string>>();

// In a multi-currency org a price book holds one entry per product AND currency (PricebookEntry,
// CurrencyIsoCode); in a single-currency org the currency is absent and the key is price book + product.
const definitionKey = (pricebookId: unknown, productId: unknown, currency: unknown) => `${String(pricebookId)}:${String(productId)}:${String(currency ?? "")}`;

function priceDefinition(org: Org, pricebookId: unknown, productId: unknown, currency: unknown): Row | undefined {
  const id = priceDefinitions.get(org)?.get(definitionKey(pricebookId, productId, currency));
  const row = id ? org.findById(id) : undefined;
  return row && row.Pricebook2Id === pricebookId && row.Product2Id === productId && (row.CurrencyIsoCode ?? null) === (currency ?? null) ? row : undefined;
}

const pricebookEntry: ObjectRules = {
  before(e) {
    const { org } = e.ctx;
    const product = org.findById(String(e.row.Product2Id));
    const book = org.findById(String(e.row.Pricebook2Id));
    if (!e.old && product && book) {
      if (priceDefinition(org, book.Id, product.Id, e.row.CurrencyIsoCode)) {
        return { code: "DUPLICATE_VALUE", message: "This price definition already exists in this price book", fields: [] };
      }
      if (book.IsStandard !== true && !priceDefinition(org, org.standardPricebookId, product.Id, e.row.CurrencyIsoCode)) {
        return { code: "STANDARD_PRICE_NOT_DEFINED", message: "Before creating a custom price, create a standard price.", fields: [] };
      }
    }
    if (product) {
      e.row.Name = product.Name;
      e.row.ProductCode = product.ProductCode ?? null;
    }
    return undefined;
  },
  after(e, id) {
    if (e.old) return;
    let map = priceDefinitions.get(e.ctx.org);
    if (!map) priceDefinitions.set(e.ctx.org, (map = new Map()));
    map.set(definitionKey(e.row.Pricebook2Id, e.row.Product2Id, e.row.CurrencyIsoCode), id);
  },
};

export const OBJECT_RULES: Record<string, ObjectRules> = {
  Account: account,
  Contact: contact,
  Opportunity: opportunity,
  Order: order,
  OrderItem: orderItem,
  OpportunityLineItem: opportunityLineItem,
  PricebookEntry: pricebookEntry,
};
