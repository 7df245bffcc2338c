import { CUSTOMER_DISPLAY_NAME, CUSTOMER_LAST_NAME, LINE_PRODUCT_KEY, LINE_PRODUCT_NAME, ORDER_CLOSE_DATE } from "./default-expressions";
import type { MappingDocumentInput } from "./mapping-schema";

// order → Opportunity + OpportunityLineItems (or Order + OrderItems), with the Product2 and
// PricebookEntry (standard price book) each line needs, all upserted by external id.
//
// Shared records (the customer's Account, Product2, PricebookEntry) are created once and then left
// alone: their fields are create-only, so later orders cost no API call for them. The Account here only
// makes sure the order's parent exists when orders/create is processed before customers/create;
// the customer mapping owns its data.
//
// Amounts are in the shop currency (`current_total_price`, `price`); presentment amounts are in the
// `*_set.presentment_money` paths for merchants who want them. CurrencyIsoCode is not set, so
// multi-currency orgs use the integration user's currency unless the mapping adds it.
//
// When an Opportunity has products, Salesforce derives Amount from them; the mapped Amount then only
// holds for opportunities without line items (or orgs that turned line items off in the mapping).

type Target = MappingDocumentInput["targets"][number];
type Options = { personAccounts: boolean };

const text = (length: number) => [{ kind: "trim" as const }, { kind: "truncate" as const, length }];

function customerAccount({ personAccounts }: Options): Target {
  const fields: Target["fields"] = personAccounts
    ? [
        { target: "RecordTypeId", source: "$context.personAccountRecordTypeId", ownership: "create-only" },
        { target: "FirstName", source: "customer.first_name", ownership: "create-only", transforms: text(40) },
        { target: "LastName", expression: `customer.${CUSTOMER_LAST_NAME}`, ownership: "create-only", transforms: text(80) },
        { target: "PersonEmail", source: "customer.email", ownership: "create-only", transforms: [{ kind: "trim" }, { kind: "lower" }] },
      ]
    : [{ target: "Name", expression: `customer.${CUSTOMER_DISPLAY_NAME}`, ownership: "create-only", transforms: text(255) }];
  return {
    key: "account",
    label: "Customer Account",
    object: "Account",
    externalIdField: "Shopify_Customer_Id__c",
    externalIdSource: "customer.id",
    shared: true,
    fields,
  };
}

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
const PRICEBOOK_ENTRY: Target = {
  key: "pricebookEntry",
  label: "Price book entry",
  object: "PricebookEntry",
  externalIdField: "Shopify_Variant_Id__c",
  externalIdExpression: LINE_PRODUCT_KEY,
  forEach: "line_items",
  shared: true,
  references: [{ relationshipName: "Product2", target: "product", required: true, ownership: "create-only" }],
  fields: [
    { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
    { target: "UnitPrice", source: "$item.price", ownership: "create-only", transforms: [{ kind: "currency", decimals: 2 }] },
    { target: "IsActive", value: true, ownership: "create-only" },
  ],
};

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

const OPPORTUNITY: Target = {
  key: "opportunity",
  label: "Opportunity",
  object: "Opportunity",
  externalIdField: "Shopify_Order_Id__c",
  externalIdSource: "id",
  // Optional: with the guest policy "skip-contact" the Opportunity is written without an Account.
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
    // refunds/create carries no order total: the orders/updated event Shopify sends after a refund
    // brings the new current_total_price, and that event updates this Amount.
    { target: "Amount", source: "current_total_price", transforms: [{ kind: "currency", decimals: 2 }] },
    { target: "Description", source: "note", ownership: "if-blank", transforms: text(32000) },
    { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
  ],
};

// OpportunityId and PricebookEntryId cannot be updated on a line item, hence create-only.
const OPPORTUNITY_LINE_ITEM: Target = {
  key: "lineItem",
  label: "Opportunity product",
  object: "OpportunityLineItem",
  externalIdField: "Shopify_Line_Item_Id__c",
  externalIdSource: "$item.id",
  forEach: "line_items",
  references: [
    { relationshipName: "Opportunity", target: "opportunity", required: true, ownership: "create-only" },
    { relationshipName: "PricebookEntry", target: "pricebookEntry", required: true, ownership: "create-only" },
  ],
  fields: [
    { target: "Quantity", source: "$item.quantity", transforms: [{ kind: "number" }] },
    { target: "UnitPrice", source: "$item.price", transforms: [{ kind: "currency", decimals: 2 }] },
    { target: "Description", source: "$item.name", transforms: text(255) },
  ],
};

export function defaultOpportunityMapping(options: Options): MappingDocumentInput {
  return {
    schemaVersion: 1,
    resource: "order",
    targets: [customerAccount(options), PRODUCT, PRICEBOOK_ENTRY, OPPORTUNITY, OPPORTUNITY_LINE_ITEM],
    policies: {
      guestCheckout: { action: "attach-to-guest-account", target: "account", externalId: "shopify-guest", fields: { Name: "Shopify Guest Checkout" } },
      cancelledOrders: { action: "close-lost", target: "opportunity", field: "StageName", value: "Closed Lost" },
    },
  };
}

const ORDER: Target = {
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
    { target: "Pricebook2Id", source: "$context.standardPricebookId", ownership: "create-only" },
    { target: "Description", source: "note", ownership: "if-blank", transforms: text(32000) },
  ],
};

const ORDER_ITEM: Target = {
  key: "orderItem",
  label: "Order product",
  object: "OrderItem",
  externalIdField: "Shopify_Line_Item_Id__c",
  externalIdSource: "$item.id",
  forEach: "line_items",
  references: [
    { relationshipName: "Order", target: "order", required: true, ownership: "create-only" },
    { relationshipName: "PricebookEntry", target: "pricebookEntry", required: true, ownership: "create-only" },
  ],
  fields: [
    { target: "Quantity", source: "$item.quantity", transforms: [{ kind: "number" }] },
    { target: "UnitPrice", source: "$item.price", transforms: [{ kind: "currency", decimals: 2 }] },
    { target: "Description", source: "$item.name", transforms: text(255) },
  ],
};

export function defaultOrderObjectMapping(options: Options): MappingDocumentInput {
  return {
    schemaVersion: 1,
    resource: "order",
    targets: [customerAccount(options), PRODUCT, PRICEBOOK_ENTRY, ORDER, ORDER_ITEM],
    policies: {
      guestCheckout: { action: "attach-to-guest-account", target: "account", externalId: "shopify-guest", fields: { Name: "Shopify Guest Checkout" } },
      cancelledOrders: { action: "keep-stage" },
    },
  };
}
