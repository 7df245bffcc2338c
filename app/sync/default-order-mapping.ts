import { CUSTOMER_DISPLAY_NAME, CUSTOMER_LAST_NAME, LINE_PRODUCT_KEY, LINE_PRODUCT_NAME, ORDER_CLOSE_DATE } from "./default-expressions";
import {
  adjustmentAmount,
  adjustmentPresent,
  lineQuantity,
  lineStillOrdered,
  lineUnitPrice,
  ORDER_OUTSTANDING,
  orderFigure,
  type AdjustmentKind,
  type MoneyBag,
} from "./default-money-expressions";
import { refundFields } from "./default-refund-mapping";
import type { MappingDocumentInput } from "./mapping-schema";

// order → Opportunity + OpportunityLineItems (or Order + OrderItems), with the Product2 and
// PricebookEntry (standard price book) each line needs, all upserted by external id.
//
// Shared records (the customer's Account, Product2, PricebookEntry) are created once and then left
// alone: their fields are create-only, so later orders cost no API call for them. The Account here only
// makes sure the order's parent exists when orders/create is processed before customers/create;
// the customer mapping owns its data.
//
// Money (docs/money-model.md): Salesforce sets Opportunity.Amount / Order.TotalAmount to the sum of
// the line items once there are any, and ignores writes to it. So each product line is written at its
// list price × current_quantity, and discounts, shipping, tax, duties, fees and any other difference
// are adjustment lines of their own products, sized so the roll-up equals Shopify's current total to
// the cent. Lines that drop to zero (edits, removals) are not planned and are deleted by the engine.
// The breakdown is written to Shopify_* currency fields on the order record.
type Target = MappingDocumentInput["targets"][number];
// Multi-currency orgs (docs/money-model.md, "Currencies"): the order record states its currency
// (CurrencyIsoCode, from the chosen money bag); its lines take theirs from their price book entry, so
// the standard price book holds one entry per product AND currency, keyed `<variant>-<ISO code>`.
// OpportunityLineItem/OrderItem.CurrencyIsoCode is not writable: it is the entry's.
type Options = { personAccounts: boolean; moneyBag?: MoneyBag; multiCurrency?: boolean };

/** The order's currency in the chosen bag (`_money.<bag>.currency`). */
const orderCurrency = (bag: MoneyBag) => orderFigure("currency", bag);

/** A price book entry's external id: per currency in multi-currency orgs. */
function entryKey(key: string, bag: MoneyBag, multiCurrency: boolean): string {
  return multiCurrency ? `(${key}) & '-' & ${orderCurrency(bag)}` : key;
}

function currencyField(source: string, ownership: "always" | "create-only" = "always"): NonNullable<Target["fields"]>[number] {
  return { target: "CurrencyIsoCode", source, ownership };
}

const text = (length: number) => [{ kind: "trim" as const }, { kind: "truncate" as const, length }];

// The buyer (`_buyer`, guest-identity.ts) is the order's customer, or a guest keyed by their email.
function customerAccount({ personAccounts }: Options): Target {
  const fields: Target["fields"] = personAccounts
    ? [
        { target: "RecordTypeId", source: "$context.personAccountRecordTypeId", ownership: "create-only" },
        { target: "FirstName", source: "_buyer.first_name", ownership: "create-only", transforms: text(40) },
        { target: "LastName", expression: `_buyer.${CUSTOMER_LAST_NAME}`, ownership: "create-only", transforms: text(80) },
        { target: "PersonEmail", source: "_buyer.email", ownership: "create-only", transforms: [{ kind: "trim" }, { kind: "lower" }] },
      ]
    : [{ target: "Name", expression: `_buyer.${CUSTOMER_DISPLAY_NAME}`, ownership: "create-only", transforms: text(255) }];
  return {
    key: "account",
    label: "Customer Account",
    object: "Account",
    externalIdField: "Shopify_Customer_Id__c",
    externalIdSource: "_buyer.id",
    shared: true,
    fields,
  };
}

/**
 * The buyer's Contact (business orgs): created once, so the order's contact role has someone to name even
 * when the order arrives before the customer; a guest's only Contact, one per email. The customer mapping
 * owns a customer's Contact data.
 */
const BUYER_CONTACT: Target = {
  key: "contact",
  label: "Buyer Contact",
  object: "Contact",
  externalIdField: "Shopify_Customer_Id__c",
  externalIdSource: "_buyer.id",
  when: "$exists(_buyer.id)",
  shared: true,
  references: [{ relationshipName: "Account", target: "account", required: true, ownership: "create-only" }],
  fields: [
    { target: "FirstName", source: "_buyer.first_name", ownership: "create-only", transforms: text(40) },
    { target: "LastName", expression: `_buyer.${CUSTOMER_LAST_NAME}`, ownership: "create-only", transforms: text(80) },
    { target: "Email", source: "_buyer.email", ownership: "create-only", transforms: [{ kind: "trim" }, { kind: "lower" }, { kind: "truncate", length: 80 }] },
  ],
};

const money = { kind: "currency" as const, decimals: 2 };

const PRODUCT: Target = {
  key: "product",
  label: "Product",
  object: "Product2",
  externalIdField: "Shopify_Variant_Id__c",
  externalIdExpression: LINE_PRODUCT_KEY,
  forEach: "line_items",
  shared: true,
  fields: [
    { target: "Name", expression: LINE_PRODUCT_NAME, ownership: "create-only", transforms: text(255) },
    { target: "ProductCode", source: "$item.sku", ownership: "create-only", transforms: text(255) },
    { target: "IsActive", value: true, ownership: "create-only" },
  ],
};

// Pricebook2Id and Product2Id cannot be updated on a PricebookEntry, hence create-only.
function pricebookEntry(bag: MoneyBag, multiCurrency: boolean): Target {
  return {
    key: "pricebookEntry",
    label: "Price book entry",
    object: "PricebookEntry",
    externalIdField: "Shopify_Variant_Id__c",
    externalIdExpression: entryKey(LINE_PRODUCT_KEY, bag, multiCurrency),
    forEach: "line_items",
    shared: true,
    references: [{ relationshipName: "Product2", target: "product", required: true, ownership: "create-only" }],
    fields: [
      { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
      { target: "UnitPrice", expression: lineUnitPrice(bag), ownership: "create-only", transforms: [money] },
      { target: "IsActive", value: true, ownership: "create-only" },
      ...(multiCurrency ? [currencyField(orderCurrency(bag), "create-only")] : []),
    ],
  };
}

const ADJUSTMENTS: ReadonlyArray<{ kind: AdjustmentKind; name: string }> = [
  { kind: "discounts", name: "Discounts" },
  { kind: "shipping", name: "Shipping" },
  { kind: "tax", name: "Tax" },
  { kind: "duties", name: "Duties" },
  { kind: "fees", name: "Additional fees" },
  { kind: "other", name: "Other adjustments" },
];

/** The external id of an adjustment's Product2 and PricebookEntry: one per kind for the whole shop. */
const adjustmentProductKey = (kind: AdjustmentKind) => `shopify-adjustment-${kind}`;

/** Product2 + PricebookEntry + line item of one adjustment; the line only when it is not zero. */
function adjustmentTargets(kind: AdjustmentKind, name: string, bag: MoneyBag, multiCurrency: boolean, line: { object: string; parent: string; parentRelationship: string }): Target[] {
  const productKey = `${kind}Product`;
  const entryTarget = `${kind}PricebookEntry`;
  return [
    {
      key: productKey,
      label: `${name} product`,
      object: "Product2",
      externalIdField: "Shopify_Variant_Id__c",
      externalIdExpression: `'${adjustmentProductKey(kind)}'`,
      when: adjustmentPresent(kind, bag),
      shared: true,
      fields: [
        { target: "Name", value: `Shopify ${name}`, ownership: "create-only" },
        { target: "ProductCode", value: adjustmentProductKey(kind), ownership: "create-only" },
        { target: "IsActive", value: true, ownership: "create-only" },
      ],
    },
    {
      key: entryTarget,
      label: `${name} price book entry`,
      object: "PricebookEntry",
      externalIdField: "Shopify_Variant_Id__c",
      externalIdExpression: entryKey(`'${adjustmentProductKey(kind)}'`, bag, multiCurrency),
      when: adjustmentPresent(kind, bag),
      shared: true,
      references: [{ relationshipName: "Product2", target: productKey, required: true, ownership: "create-only" }],
      fields: [
        { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
        // The amount is on the line (its sales price); the list price of an adjustment means nothing.
        { target: "UnitPrice", value: 0, ownership: "create-only" },
        { target: "IsActive", value: true, ownership: "create-only" },
        ...(multiCurrency ? [currencyField(orderCurrency(bag), "create-only")] : []),
      ],
    },
    {
      key: `${kind}Line`,
      label: `${name} line`,
      object: line.object,
      externalIdField: "Shopify_Line_Item_Id__c",
      externalIdExpression: `$string(id) & '-${kind}'`,
      when: adjustmentPresent(kind, bag),
      references: [
        { relationshipName: line.parentRelationship, target: line.parent, required: true, ownership: "create-only" },
        { relationshipName: "PricebookEntry", target: entryTarget, required: true, ownership: "create-only" },
      ],
      fields: [
        { target: "Quantity", value: 1 },
        { target: "UnitPrice", source: adjustmentAmount(kind, bag), transforms: [money] },
        { target: "Description", value: name },
      ],
    },
  ];
}

const STAGE_BY_FINANCIAL_STATUS = {
  pending: "Prospecting",
  authorized: "Negotiation/Review",
  partially_paid: "Negotiation/Review",
  paid: "Closed Won",
  // A partial refund still leaves a sale; the Amount follows current_total_price.
  partially_refunded: "Closed Won",
  refunded: "Closed Lost",
  voided: "Closed Lost",
  expired: "Closed Lost",
};

/** The money breakdown written on the Opportunity or Order (setup-requirements.server.ts lists the fields). */
function breakdownFields(bag: MoneyBag): NonNullable<Target["fields"]> {
  const fields: NonNullable<Target["fields"]> = [
    { target: "Shopify_Subtotal__c", source: orderFigure("subtotal", bag), transforms: [money] },
    { target: "Shopify_Discounts__c", source: orderFigure("totalDiscounts", bag), transforms: [money] },
    { target: "Shopify_Shipping__c", source: orderFigure("shipping", bag), transforms: [money] },
    { target: "Shopify_Tax__c", source: orderFigure("taxCharged", bag), transforms: [money] },
    { target: "Shopify_Refunded__c", source: orderFigure("refunded", bag), transforms: [money] },
    { target: "Shopify_Refund_Pending__c", source: orderFigure("refundPending", bag), transforms: [money] },
    { target: "Shopify_Currency__c", source: orderFigure("currency", bag), transforms: text(3) },
  ];
  // Shopify sends the outstanding amount in shop money only.
  if (bag === "shop_money") fields.push({ target: "Shopify_Outstanding__c", source: ORDER_OUTSTANDING, transforms: [money] });
  // Orgs set up before these fields existed keep syncing (with a warning) until the admin adds them.
  return fields.map((field) => ({ ...field, skipIfMissing: true }));
}

function opportunity(bag: MoneyBag, multiCurrency: boolean): Target {
  return {
    key: "opportunity",
    label: "Opportunity",
    object: "Opportunity",
    externalIdField: "Shopify_Order_Id__c",
    externalIdSource: "id",
    // Optional: a guest order without an email is written without an Account (guest policy).
    references: [{ relationshipName: "Account", target: "account", required: false }],
    fields: [
      { target: "Name", expression: "'Order ' & name", transforms: text(120) },
      {
        target: "StageName",
        source: "financial_status",
        // Sales move the stage while an order is open; Shopify only sets it on create and when the order closes.
        ownership: "create-and-close",
        transforms: [{ kind: "value-map", map: STAGE_BY_FINANCIAL_STATUS, default: "Prospecting", caseInsensitive: true }],
      },
      { target: "CloseDate", expression: ORDER_CLOSE_DATE, transforms: [{ kind: "date" }] },
      // Salesforce ignores this once the Opportunity has products (the lines then sum to the same
      // total); it holds for an Opportunity whose lines were all removed.
      { target: "Amount", source: orderFigure("total", bag), transforms: [money] },
      ...(multiCurrency ? [currencyField(orderCurrency(bag))] : []),
      ...breakdownFields(bag),
      { target: "Description", source: "note", ownership: "if-blank", transforms: text(32000) },
      { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
    ],
  };
}

// OpportunityId/OrderId and PricebookEntryId cannot be updated on a line item, hence create-only.
function productLine(bag: MoneyBag, line: { key: string; label: string; object: string; parent: string; parentRelationship: string }): Target {
  return {
    key: line.key,
    label: line.label,
    object: line.object,
    externalIdField: "Shopify_Line_Item_Id__c",
    externalIdSource: "$item.id",
    forEach: "line_items",
    // Salesforce line quantities must not be zero; a line edited or refunded away is deleted instead.
    when: lineStillOrdered(),
    references: [
      { relationshipName: line.parentRelationship, target: line.parent, required: true, ownership: "create-only" },
      { relationshipName: "PricebookEntry", target: "pricebookEntry", required: true, ownership: "create-only" },
    ],
    fields: [
      { target: "Quantity", expression: lineQuantity(), transforms: [{ kind: "number" }] },
      { target: "UnitPrice", expression: lineUnitPrice(bag), transforms: [money] },
      { target: "Description", source: "$item.name", transforms: text(255) },
    ],
  };
}

/**
 * The order's refunds, from the refunds[] orders/updated carries: a refund that was pending when
 * refunds/create arrived is corrected here once Shopify reports it settled.
 */
function orderRefund(header: Target, multiCurrency: boolean): Target {
  return {
    key: "refund",
    label: "Refund",
    object: "Shopify_Refund__c",
    externalIdField: "Shopify_Refund_Id__c",
    externalIdSource: "$item.id",
    forEach: "refunds",
    shared: true,
    references: [{ relationshipName: header.object === "Opportunity" ? "Opportunity__r" : "Order__r", target: header.key, required: true, ownership: "create-only" }],
    fields: refundFields("$item.", "always", multiCurrency),
  };
}

function orderTargets(options: Options, header: Target, line: { key: string; label: string; object: string; parentRelationship: string }): Target[] {
  const bag = options.moneyBag ?? "shop_money";
  const multiCurrency = options.multiCurrency ?? false;
  const where = { ...line, parent: header.key };
  return [
    customerAccount(options),
    ...(options.personAccounts ? [] : [BUYER_CONTACT]),
    PRODUCT,
    pricebookEntry(bag, multiCurrency),
    header,
    productLine(bag, where),
    ...ADJUSTMENTS.flatMap(({ kind, name }) => adjustmentTargets(kind, name, bag, multiCurrency, where)),
    orderRefund(header, multiCurrency),
  ];
}

export function defaultOpportunityMapping(options: Options): MappingDocumentInput {
  return {
    schemaVersion: 1,
    resource: "order",
    targets: orderTargets(options, opportunity(options.moneyBag ?? "shop_money", options.multiCurrency ?? false), {
      key: "lineItem",
      label: "Opportunity product",
      object: "OpportunityLineItem",
      parentRelationship: "Opportunity",
    }),
    policies: {
      // Each guest gets their own Account and Contact, keyed by email; an order without an email has no Account.
      guestCheckout: { action: "account-per-guest", target: "account", withoutEmail: "skip-contact" },
      // Business orgs: the buyer's Contact is the primary contact role (person accounts have no Contact target).
      ...(options.personAccounts ? {} : { buyerContactRole: { contact: "contact", opportunity: "opportunity", role: "Economic Buyer" } }),
      cancelledOrders: { action: "close-lost", target: "opportunity", field: "StageName", value: "Closed Lost" },
    },
  };
}

function order(bag: MoneyBag, multiCurrency: boolean): Target {
  return {
    key: "order",
    label: "Order",
    object: "Order",
    externalIdField: "Shopify_Order_Id__c",
    externalIdSource: "id",
    // Salesforce Orders need an Account, so guests go to the guest Account (see policies).
    references: [{ relationshipName: "Account", target: "account", required: true }],
    fields: [
      { target: "Name", expression: "'Order ' & name", transforms: text(80) },
      { target: "EffectiveDate", expression: ORDER_CLOSE_DATE, transforms: [{ kind: "date" }] },
      // Items can only be added to draft orders; activation is left to the merchant's process.
      { target: "Status", value: "Draft", ownership: "create-only" },
      ...(multiCurrency ? [currencyField(orderCurrency(bag))] : []),
      ...breakdownFields(bag),
      { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
      { target: "Description", source: "note", ownership: "if-blank", transforms: text(32000) },
    ],
  };
}

export function defaultOrderObjectMapping(options: Options): MappingDocumentInput {
  return {
    schemaVersion: 1,
    resource: "order",
    targets: orderTargets(options, order(options.moneyBag ?? "shop_money", options.multiCurrency ?? false), {
      key: "orderItem",
      label: "Order product",
      object: "OrderItem",
      parentRelationship: "Order",
    }),
    policies: {
      // An Order needs an Account: orders without an email are spread over 100 shared guest Accounts by
      // order id, so none of them reaches Salesforce's 10,000-children data-skew threshold (docs/money-model.md).
      guestCheckout: {
        action: "account-per-guest",
        target: "account",
        withoutEmail: "attach-to-guest-account",
        externalId: "shopify-guest",
        fields: { Name: "Shopify Guest Checkout" },
        buckets: 100,
      },
      cancelledOrders: { action: "keep-stage" },
    },
  };
}
