import { describe, expect, it } from "vitest";
import { applyMapping } from "../../../app/sync/apply-mapping";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument, defaultMappingInput } from "../../../app/sync/default-mappings";
import type { MappingDocumentInput } from "../../../app/sync/mapping-schema";
import { parseMappingDocument } from "../../../app/sync/parse-mapping-document";
import type { PlannedRecord } from "../../../app/sync/planned-record";
import { sha256Hex } from "../../../app/sync/sha256";
import { loadShopifyFixture } from "./support/fixtures";
import { STANDARD_PRICEBOOK_ID } from "./support/harness";
import { customer, guestOrder, orderWithLines, paidOrder, presentmentOrder, refund, unicodeCustomer } from "./support/payloads";

const context = { standardPricebookId: STANDARD_PRICEBOOK_ID };

function compile(input: MappingDocumentInput) {
  const parsed = parseMappingDocument(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return compileMapping(parsed.value, "test");
}

async function mapDefault(resource: "customer" | "order" | "refund", payload: unknown) {
  return applyMapping(compileMapping(defaultMappingDocument(resource), resource), payload, context);
}

function byKey(records: PlannedRecord[], key: string): PlannedRecord {
  const record = records.find((candidate) => candidate.key === key);
  if (!record) throw new Error(`no record ${key} in ${records.map((r) => r.key).join(", ")}`);
  return record;
}

describe("applyMapping — customers", () => {
  it("maps the customers/create sample to Account + Contact with exact ids", async () => {
    const { records, violations } = await mapDefault("customer", loadShopifyFixture("customers_create"));
    expect(violations).toEqual([]);
    expect(records.map((record) => record.key)).toEqual(["account", "contact"]);
    expect(byKey(records, "account")).toMatchObject({
      object: "Account",
      externalIdField: "Shopify_Customer_Id__c",
      externalId: "706405506930370084",
      fields: {
        Name: "Bob Biller",
        Phone: "555-555-5555",
        BillingStreet: "151 O'Connor Street",
        BillingCity: "Ottawa",
        BillingState: "ON",
        BillingPostalCode: "K2P 2L8",
        BillingCountry: "CA",
        Description: "This customer loves ice cream",
      },
      ownership: { Description: "if-blank", Name: "always" },
      dependsOn: [],
    });
    const contact = byKey(records, "contact");
    expect(contact.fields).toEqual({
      Account: { Shopify_Customer_Id__c: "706405506930370084" },
      FirstName: "Bob",
      LastName: "Biller",
      Email: "bob@biller.com",
      Phone: "555-555-5555",
      MailingStreet: "151 O'Connor Street",
      MailingCity: "Ottawa",
      MailingState: "ON",
      MailingPostalCode: "K2P 2L8",
      MailingCountry: "CA",
    });
    expect(contact.dependsOn).toEqual(["account"]);
    expect(contact.references).toEqual([{ relationshipName: "Account", object: "Account", externalIdField: "Shopify_Customer_Id__c", externalId: "706405506930370084" }]);
    expect(contact.sources.MailingCity).toBe("default_address.city");
  });

  it("is deterministic", async () => {
    const payload = loadShopifyFixture("customers_create");
    expect(await mapDefault("customer", payload)).toEqual(await mapDefault("customer", payload));
  });

  it("keeps unicode intact and normalises the email", async () => {
    const { records } = await mapDefault("customer", unicodeCustomer());
    const contact = byKey(records, "contact");
    expect(contact.fields).toMatchObject({ FirstName: "zoë", LastName: "ÅNGSTRÖM-ÑÚÑEZ 山田", Email: "zoë.ångström@example.com", MailingCity: "Zürich" });
    expect(byKey(records, "account").fields.Name).toBe("zoë ÅNGSTRÖM-ÑÚÑEZ 山田");
  });

  it("gives Contact.LastName the email's local part, else (none)", async () => {
    const noLast = await mapDefault("customer", customer({ last_name: null }));
    expect(byKey(noLast.records, "contact").fields.LastName).toBe("bob");
    const nothing = await mapDefault("customer", customer({ last_name: "  ", email: null, first_name: null }));
    expect(byKey(nothing.records, "contact").fields.LastName).toBe("(none)");
    expect(byKey(nothing.records, "account").fields.Name).toBe("Shopify customer 706405506930370084");
  });

  it("uses the company for the Account name when there is one", async () => {
    const payload = customer();
    (payload.default_address as Record<string, unknown>).company = "  Ice Cream Co  ";
    expect(byKey((await mapDefault("customer", payload)).records, "account").fields.Name).toBe("Ice Cream Co");
  });

  it("turns numeric ids from older payloads into strings", async () => {
    const { records } = await mapDefault("customer", { ...customer(), id: 42 });
    expect(byKey(records, "account").externalId).toBe("42");
  });

  it("maps a person account in orgs that have them", async () => {
    const mapping = compileMapping(defaultMappingDocument("customer", { personAccounts: true }), "pa");
    const { records } = await applyMapping(mapping, customer(), { personAccountRecordTypeId: "012000000000001AAA" });
    expect(records).toHaveLength(1);
    expect(records[0]?.fields).toMatchObject({ RecordTypeId: "012000000000001AAA", FirstName: "Bob", LastName: "Biller", PersonEmail: "bob@biller.com", PersonMailingCity: "Ottawa" });
    expect(records[0]?.ownership.RecordTypeId).toBe("create-only");
  });
});

describe("applyMapping — orders", () => {
  it("maps the order sample to Account, products, price book entries, Opportunity and line items", async () => {
    const { records, violations } = await mapDefault("order", loadShopifyFixture("orders_create"));
    expect(violations).toEqual([]);
    const objects = records.map((record) => record.object);
    expect(objects.filter((object) => object === "Product2")).toHaveLength(3); // 5 lines, 3 share a product id
    expect(objects.filter((object) => object === "PricebookEntry")).toHaveLength(3);
    expect(objects.filter((object) => object === "OpportunityLineItem")).toHaveLength(5);

    const opportunity = byKey(records, "opportunity");
    expect(opportunity).toMatchObject({ externalIdField: "Shopify_Order_Id__c", externalId: "820982911946154508", dependsOn: ["account"] });
    expect(opportunity.fields).toEqual({
      Account: { Shopify_Customer_Id__c: "115310627314723954" },
      Name: "Order #9999",
      StageName: "Closed Lost", // the sample is voided and cancelled
      CloseDate: "2021-12-31",
      Amount: 414.95,
      // The sample's current_* figures: its lines, nothing discounted, shipped free, no tax.
      Shopify_Subtotal__c: 414.95,
      Shopify_Discounts__c: 0,
      Shopify_Shipping__c: 0,
      Shopify_Tax__c: 0,
      Shopify_Refunded__c: 0,
      Shopify_Refund_Pending__c: 0,
      Shopify_Outstanding__c: 414.95,
      Shopify_Currency__c: "USD",
      Description: null,
      Pricebook2Id: STANDARD_PRICEBOOK_ID,
    });

    const line = byKey(records, "lineItem:976318377106520349");
    expect(line.fields).toEqual({
      Opportunity: { Shopify_Order_Id__c: "820982911946154508" },
      PricebookEntry: { Shopify_Variant_Id__c: "product-788032119674292922" },
      Quantity: 1,
      UnitPrice: 159.99,
      Description: "Mid-century lounger",
    });
    expect(line.ownership).toMatchObject({ Opportunity: "create-only", PricebookEntry: "create-only", Quantity: "always" });
    expect(line.dependsOn).toEqual(["opportunity", "pricebookEntry:product-788032119674292922"]);

    expect(byKey(records, "pricebookEntry:line-789012345678901234").fields).toEqual({
      Product2: { Shopify_Variant_Id__c: "line-789012345678901234" },
      Pricebook2Id: STANDARD_PRICEBOOK_ID,
      UnitPrice: 19.99,
      IsActive: true,
    });
    expect(byKey(records, "product:product-788032119674292922")).toMatchObject({ shared: true, fields: { Name: "Aviator sunglasses", ProductCode: "SKU2006-001", IsActive: true } });
    expect(byKey(records, "account")).toMatchObject({ shared: true, externalId: "115310627314723954", fields: { Name: "John Smith" }, ownership: { Name: "create-only" } });
  });

  it("derives the stage from the financial status", async () => {
    const stage = async (financial_status: string) => byKey((await mapDefault("order", paidOrder({ financial_status }))).records, "opportunity").fields.StageName;
    expect(await stage("paid")).toBe("Closed Won");
    expect(await stage("pending")).toBe("Prospecting");
    expect(await stage("authorized")).toBe("Negotiation/Review");
    expect(await stage("partially_refunded")).toBe("Closed Won");
    expect(await stage("refunded")).toBe("Closed Lost");
    expect(await stage("something_new")).toBe("Prospecting");
  });

  it("closes cancelled orders as lost, or keeps the stage when the policy says so", async () => {
    const cancelledPaid = paidOrder({ cancelled_at: "2022-01-02T10:00:00-05:00" });
    expect(byKey((await mapDefault("order", cancelledPaid)).records, "opportunity").fields.StageName).toBe("Closed Lost");
    const input = defaultMappingInput("order");
    const keep = compile({ ...input, policies: { ...input.policies, cancelledOrders: { action: "keep-stage" } } });
    expect(byKey((await applyMapping(keep, cancelledPaid, context)).records, "opportunity").fields.StageName).toBe("Closed Won");
  });

  it("gives a guest their own Account and Contact, keyed by the normalised email, named from the billing address", async () => {
    const { records, violations } = await mapDefault("order", { ...guestOrder(), email: "  Jon@Example.com " });
    expect(violations).toEqual([]);
    const key = `guest:${sha256Hex("jon@example.com")}`;
    expect(byKey(records, "account")).toMatchObject({ externalId: key, fields: { Name: "Steve Shipper" }, ownership: { Name: "create-only" }, shared: true });
    expect(byKey(records, "contact")).toMatchObject({
      externalId: key,
      fields: { FirstName: "Steve", LastName: "Shipper", Email: "jon@example.com", Account: { Shopify_Customer_Id__c: key } },
      shared: true,
    });
    expect(byKey(records, "opportunity").fields.Account).toEqual({ Shopify_Customer_Id__c: key });
  });

  it("reads a guest's contact_email when email is blank, and leaves a guest without any email Contact-less", async () => {
    const contactOnly = await mapDefault("order", { ...guestOrder(), email: "", contact_email: "Jon@example.com" });
    expect(byKey(contactOnly.records, "contact").externalId).toBe(`guest:${sha256Hex("jon@example.com")}`);
    const anonymous = await mapDefault("order", { ...guestOrder(), email: null, contact_email: null });
    expect(anonymous.violations).toEqual([]);
    expect(anonymous.records.some((record) => record.object === "Account" || record.object === "Contact")).toBe(false);
    expect(byKey(anonymous.records, "opportunity").fields).not.toHaveProperty("Account");
  });

  it("spreads email-less guest orders over the shared guest Accounts in the Order model", async () => {
    const mapping = compile(defaultMappingInput("order", { orderModel: "order" }));
    const accounts = new Set<string>();
    for (let n = 0; n < 40; n += 1) {
      const { records } = await applyMapping(mapping, { ...guestOrder(), id: String(820982911946154600n + BigInt(n)), email: null, contact_email: null }, context);
      const account = byKey(records, "account");
      expect(account.externalId).toMatch(/^shopify-guest-([1-9][0-9]?|100)$/);
      expect(account.fields.Name).toBe(`Shopify Guest Checkout ${account.externalId.slice("shopify-guest-".length)}`);
      accounts.add(account.externalId);
    }
    expect(accounts.size).toBeGreaterThan(20);
  });

  it("writes guest orders without an Account with skip-contact", async () => {
    const input = defaultMappingInput("order");
    const skip = compile({ ...input, policies: { ...input.policies, guestCheckout: { action: "skip-contact" } } });
    const { records, violations } = await applyMapping(skip, guestOrder(), context);
    expect(violations).toEqual([]);
    expect(records.some((record) => record.object === "Account")).toBe(false);
    expect(byKey(records, "opportunity").fields).not.toHaveProperty("Account");
    expect(byKey(records, "opportunity").dependsOn).toEqual([]);
  });

  it("maps 250 line items with ids above 2^53 exactly", async () => {
    const { records, violations } = await mapDefault("order", orderWithLines(250));
    expect(violations).toEqual([]);
    const lines = records.filter((record) => record.object === "OpportunityLineItem");
    expect(lines).toHaveLength(250);
    expect(lines[0]?.externalId).toBe("9007199254740993");
    expect(lines[249]?.externalId).toBe("9007199254741491");
    expect(lines[0]?.fields.PricebookEntry).toEqual({ Shopify_Variant_Id__c: "8007199254740993" });
    expect(records.filter((record) => record.object === "Product2")).toHaveLength(250);
    expect(byKey(records, "product:8007199254740993").fields.Name).toBe("Widget 1 - Blue");
  });

  it("keeps amounts in shop currency when the presentment currency differs", async () => {
    const payload = presentmentOrder();
    const { records } = await mapDefault("order", payload);
    expect(byKey(records, "opportunity").fields.Amount).toBe(414.95);
    expect(byKey(records, "lineItem:487817672276298554").fields.UnitPrice).toBe(89.99);
    const presentment = compile({
      schemaVersion: 1,
      resource: "order",
      targets: [
        {
          key: "opportunity",
          object: "Opportunity",
          externalIdField: "Shopify_Order_Id__c",
          externalIdSource: "id",
          fields: [
            { target: "Amount", source: "current_total_price_set.presentment_money.amount", transforms: [{ kind: "currency" }] },
            { target: "CurrencyIsoCode", source: "presentment_currency" },
          ],
        },
      ],
    });
    expect((await applyMapping(presentment, payload)).records[0]?.fields).toEqual({ Amount: 381.75, CurrencyIsoCode: "EUR" });
  });

  it("builds Order + OrderItem in the order-object variant", async () => {
    const mapping = compileMapping(defaultMappingDocument("order", { orderModel: "order" }), "order-model");
    const { records } = await applyMapping(mapping, paidOrder(), context);
    expect(byKey(records, "order").fields).toMatchObject({ Account: { Shopify_Customer_Id__c: "115310627314723954" }, EffectiveDate: "2021-12-31", Status: "Draft", Pricebook2Id: STANDARD_PRICEBOOK_ID });
    expect(records.filter((record) => record.object === "OrderItem")).toHaveLength(5);
  });
});

describe("applyMapping — refunds", () => {
  it("maps the refund sample with the order as parent", async () => {
    const { records, violations } = await mapDefault("refund", loadShopifyFixture("refunds_create"));
    expect(violations).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      object: "Shopify_Refund__c",
      externalIdField: "Shopify_Refund_Id__c",
      externalId: "890088186047892319",
      fields: {
        Opportunity__r: { Shopify_Order_Id__c: "820982911946154508" },
        Amount__c: 85,
        Reason__c: "Things were damaged",
        Refunded_At__c: "2022-01-01T00:00:00.000Z",
      },
      dependsOn: [],
    });
    expect(records[0]?.references).toEqual([{ relationshipName: "Opportunity__r", object: "Opportunity", externalIdField: "Shopify_Order_Id__c", externalId: "820982911946154508" }]);
  });

  it("books no money for a refund without transactions (restock only), with its lines, and keeps several refunds apart", async () => {
    // Before: the refunded lines' subtotals (414.95) were booked as money refunded although none moved.
    const restockOnly = refund({ id: "890088186047892320", transactions: [] });
    const first = (await mapDefault("refund", refund())).records[0];
    const second = (await mapDefault("refund", restockOnly)).records[0];
    expect(second?.fields).toMatchObject({ Amount__c: 0, Pending_Amount__c: 0, Status__c: "restock only", Currency__c: "USD" });
    expect(String(second?.fields.Refunded_Lines__c)).toMatch(/^1 × Aviator sunglasses; 1 × Lens Protection Plan/);
    expect(second?.externalId).not.toBe(first?.externalId);
  });

  it("reports a refund without its order id", async () => {
    const { records, violations } = await mapDefault("refund", refund({ order_id: null }));
    expect(records).toEqual([]);
    expect(violations).toEqual([
      expect.objectContaining({ field: "Shopify_Refund__c.Opportunity__r", action: "block", message: "Shopify_Refund__c needs its Opportunity (Shopify_Order_Id__c from \"order_id\") but this refund has none." }),
    ]);
  });
});

describe("applyMapping — expressions, conditions and failures", () => {
  const doc: MappingDocumentInput = {
    schemaVersion: 1,
    resource: "order",
    targets: [
      {
        key: "opportunity",
        object: "Opportunity",
        externalIdField: "Shopify_Order_Id__c",
        externalIdSource: "id",
        when: "test != true",
        fields: [
          { target: "Name", expression: "'Order ' & name & ' for ' & $join([customer.first_name, customer.last_name][$], ' ')" },
          { target: "Pricebook2Id", source: "$context.standardPricebookId" },
          { target: "Items__c", expression: "$count(line_items)" },
          { target: "Channel__c", value: "Shopify" },
        ],
      },
      {
        key: "line",
        object: "OpportunityLineItem",
        externalIdField: "Shopify_Line_Item_Id__c",
        externalIdSource: "$item.id",
        forEach: "line_items",
        when: "$item.product_exists",
        references: [{ relationshipName: "Opportunity", target: "opportunity" }],
        fields: [{ target: "Position__c", expression: "$index + 1" }],
      },
    ],
  };

  it("evaluates JSONata with $context, $item and $index, and constants", async () => {
    const { records } = await applyMapping(compile(doc), paidOrder(), context);
    expect(byKey(records, "opportunity").fields).toEqual({ Name: "Order #9999 for John Smith", Pricebook2Id: STANDARD_PRICEBOOK_ID, Items__c: 5, Channel__c: "Shopify" });
    // product_exists is false on the two custom lines
    expect(records.filter((record) => record.target === "line").map((record) => record.fields.Position__c)).toEqual([1, 4, 5]);
  });

  it("skips a target whose condition is false, and its dependents", async () => {
    const { records, violations } = await applyMapping(compile(doc), paidOrder({ test: true }), context);
    expect(records).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("reports evaluation and transform failures on the field", async () => {
    const failing = compile({
      schemaVersion: 1,
      resource: "order",
      targets: [
        {
          key: "opportunity",
          object: "Opportunity",
          externalIdField: "Shopify_Order_Id__c",
          externalIdSource: "id",
          fields: [
            { target: "Amount", source: "note", transforms: [{ kind: "currency" }] },
            { target: "Bad__c", expression: "$number('abc')" },
            { target: "Name", expression: "name" },
          ],
        },
      ],
    });
    const { records, violations } = await applyMapping(failing, paidOrder({ note: "about ten dollars" }));
    expect(records[0]?.fields).toEqual({ Name: "#9999" });
    expect(violations).toEqual([
      expect.objectContaining({ field: "Opportunity.Amount", rule: "mapping:transform", action: "block", recordKey: "opportunity", message: 'Opportunity.Amount (from note): "about ten dollars" is not a number.' }),
      expect.objectContaining({ field: "Opportunity.Bad__c", rule: "mapping:expression", recordKey: "opportunity" }),
    ]);
  });

  it("reports a missing external id and leaves out records that require it", async () => {
    const { records, violations } = await mapDefault("customer", customer({ id: null }));
    expect(records).toEqual([]);
    expect(violations).toHaveLength(2);
    expect(violations[0]?.message).toBe('Account has no external id: Shopify_Customer_Id__c comes from "id", which is empty in this customer.');
  });
});
