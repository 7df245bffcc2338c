import type { FieldDescribe, SObjectDescribe } from "../../../../app/sync/sobject-describe";
import { ACCOUNT_DESCRIBE, CONTACT_DESCRIBE, OPPORTUNITY_DESCRIBE } from "./real-describes";

// Describes for a standard org with our setup applied. Account, Contact and Opportunity are real
// recordings (real-describes.ts); the others are hand-made from Salesforce's object reference, with
// the attributes that matter here (required, create-only references, external ids).

const base: FieldDescribe = {
  name: "",
  type: "string",
  length: 0,
  nillable: true,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
  externalId: false,
  unique: false,
  restrictedPicklist: false,
  picklistValues: [],
  referenceTo: [],
  relationshipName: null,
};

const id: FieldDescribe = { ...base, name: "Id", type: "id", length: 18, nillable: false, createable: false, updateable: false, defaultedOnCreate: true, idLookup: true };
const text = (name: string, length: number, extra: Partial<FieldDescribe> = {}): FieldDescribe => ({ ...base, name, length, ...extra });
const externalId = (name: string): FieldDescribe => ({ ...base, name, length: 255, externalId: true, unique: true, idLookup: true });
const required = { nillable: false };
const createOnly = { updateable: false };
const reference = (name: string, to: string, relationshipName: string, extra: Partial<FieldDescribe> = {}): FieldDescribe => ({
  ...base,
  name,
  type: "reference",
  length: 18,
  referenceTo: [to],
  relationshipName,
  ...extra,
});
const typed = (name: string, type: string, extra: Partial<FieldDescribe> = {}): FieldDescribe => ({ ...base, name, type, ...extra });

/** The money breakdown fields the setup check asks for on Opportunity and Order. */
const MONEY_FIELDS: FieldDescribe[] = [
  ...["Shopify_Subtotal__c", "Shopify_Discounts__c", "Shopify_Shipping__c", "Shopify_Tax__c", "Shopify_Refunded__c", "Shopify_Refund_Pending__c", "Shopify_Outstanding__c"].map((name) =>
    typed(name, "currency"),
  ),
  text("Shopify_Currency__c", 255),
];

export const PRODUCT2_DESCRIBE: SObjectDescribe = {
  name: "Product2",
  fields: [
    id,
    text("Name", 255, required),
    text("ProductCode", 255),
    typed("IsActive", "boolean", { nillable: false, defaultedOnCreate: true }),
    typed("Description", "textarea", { length: 4000 }),
    externalId("Shopify_Variant_Id__c"),
  ],
};

export const PRICEBOOK_ENTRY_DESCRIBE: SObjectDescribe = {
  name: "PricebookEntry",
  fields: [
    id,
    reference("Pricebook2Id", "Pricebook2", "Pricebook2", { ...required, ...createOnly }),
    reference("Product2Id", "Product2", "Product2", { ...required, ...createOnly }),
    typed("UnitPrice", "currency", required),
    typed("IsActive", "boolean", { nillable: false, defaultedOnCreate: true }),
    typed("UseStandardPrice", "boolean", { nillable: false, defaultedOnCreate: true }),
    externalId("Shopify_Variant_Id__c"),
  ],
};

export const OPPORTUNITY_LINE_ITEM_DESCRIBE: SObjectDescribe = {
  name: "OpportunityLineItem",
  fields: [
    id,
    reference("OpportunityId", "Opportunity", "Opportunity", { ...required, ...createOnly }),
    reference("PricebookEntryId", "PricebookEntry", "PricebookEntry", createOnly),
    reference("Product2Id", "Product2", "Product2", createOnly),
    typed("Quantity", "double", required),
    typed("UnitPrice", "currency"),
    typed("TotalPrice", "currency"),
    text("Description", 255),
    externalId("Shopify_Line_Item_Id__c"),
  ],
};

export const REFUND_DESCRIBE: SObjectDescribe = {
  name: "Shopify_Refund__c",
  fields: [
    id,
    // Auto-number: Salesforce fills it, nobody writes it.
    text("Name", 80, { nillable: false, createable: false, updateable: false, defaultedOnCreate: true }),
    reference("Opportunity__c", "Opportunity", "Opportunity__r"),
    reference("Order__c", "Order", "Order__r"),
    typed("Amount__c", "currency"),
    text("Reason__c", 255),
    typed("Refunded_At__c", "datetime"),
    typed("Pending_Amount__c", "currency"),
    text("Status__c", 255),
    text("Currency__c", 255),
    text("Refunded_Lines__c", 255),
    externalId("Shopify_Refund_Id__c"),
  ],
};

export const ORDER_DESCRIBE: SObjectDescribe = {
  name: "Order",
  fields: [
    id,
    reference("AccountId", "Account", "Account", required),
    typed("EffectiveDate", "date", required),
    typed("Status", "picklist", {
      ...required,
      length: 40,
      restrictedPicklist: true,
      picklistValues: [
        { value: "Draft", active: true },
        { value: "Activated", active: true },
      ],
    }),
    reference("Pricebook2Id", "Pricebook2", "Pricebook2"),
    text("Name", 80),
    typed("Description", "textarea", { length: 32000 }),
    externalId("Shopify_Order_Id__c"),
    ...MONEY_FIELDS,
  ],
};

export const ORDER_ITEM_DESCRIBE: SObjectDescribe = {
  name: "OrderItem",
  fields: [
    id,
    reference("OrderId", "Order", "Order", { ...required, ...createOnly }),
    reference("PricebookEntryId", "PricebookEntry", "PricebookEntry", { ...required, ...createOnly }),
    typed("Quantity", "double", required),
    typed("UnitPrice", "currency", required),
    text("Description", 255),
    externalId("Shopify_Line_Item_Id__c"),
  ],
};

export const PRICEBOOK2_DESCRIBE: SObjectDescribe = { name: "Pricebook2", fields: [id, text("Name", 255, required)] };

export const STANDARD_ORG_DESCRIBES: Readonly<Record<string, SObjectDescribe>> = {
  Account: ACCOUNT_DESCRIBE,
  Contact: CONTACT_DESCRIBE,
  Opportunity: { ...OPPORTUNITY_DESCRIBE, fields: [...OPPORTUNITY_DESCRIBE.fields, ...MONEY_FIELDS] },
  Product2: PRODUCT2_DESCRIBE,
  PricebookEntry: PRICEBOOK_ENTRY_DESCRIBE,
  OpportunityLineItem: OPPORTUNITY_LINE_ITEM_DESCRIBE,
  Shopify_Refund__c: REFUND_DESCRIBE,
  Order: ORDER_DESCRIBE,
  OrderItem: ORDER_ITEM_DESCRIBE,
  Pricebook2: PRICEBOOK2_DESCRIBE,
};

export { ACCOUNT_DESCRIBE, CONTACT_DESCRIBE, OPPORTUNITY_DESCRIBE };
