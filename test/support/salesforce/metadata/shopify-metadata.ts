import type { DescribeField, DescribeSObject } from "./describe-types";
import { field, ownerField, sobject, systemFields } from "./field-builder";

// What a merchant's Salesforce admin creates for our default mappings (DESIGN.md §3, §5):
// unique, case-sensitive external-id text fields per synced object, and the refund custom object.

export function externalIdField(name: string, label: string): DescribeField {
  return field({
    name,
    type: "string",
    label,
    length: 255,
    externalId: true,
    unique: true,
    caseSensitive: true,
    idLookup: true,
  });
}

/** Object name → the external-id fields added to it. */
export const SHOPIFY_EXTERNAL_ID_FIELDS: Record<string, Array<[string, string]>> = {
  Account: [["Shopify_Customer_Id__c", "Shopify Customer Id"]],
  Contact: [["Shopify_Customer_Id__c", "Shopify Customer Id"]],
  Opportunity: [["Shopify_Order_Id__c", "Shopify Order Id"]],
  Order: [["Shopify_Order_Id__c", "Shopify Order Id"]],
  OpportunityLineItem: [["Shopify_Line_Item_Id__c", "Shopify Line Item Id"]],
  OrderItem: [["Shopify_Line_Item_Id__c", "Shopify Line Item Id"]],
  Product2: [["Shopify_Variant_Id__c", "Shopify Variant Id"]],
  PricebookEntry: [["Shopify_Variant_Id__c", "Shopify Variant Id"]],
};

const currencyField = (name: string, label: string): DescribeField => field({ name, type: "currency", label, precision: 16, scale: 2 });
const textField = (name: string, label: string): DescribeField => field({ name, type: "string", label, length: 255 });

/** The money breakdown fields the setup check asks for on the order object (docs/money-model.md). */
export function orderMoneyFields(): DescribeField[] {
  return [
    currencyField("Shopify_Subtotal__c", "Shopify Subtotal"),
    currencyField("Shopify_Discounts__c", "Shopify Discounts"),
    currencyField("Shopify_Shipping__c", "Shopify Shipping"),
    currencyField("Shopify_Tax__c", "Shopify Tax"),
    currencyField("Shopify_Refunded__c", "Shopify Refunded"),
    currencyField("Shopify_Refund_Pending__c", "Shopify Refund Pending"),
    currencyField("Shopify_Outstanding__c", "Shopify Outstanding"),
    textField("Shopify_Currency__c", "Shopify Currency"),
  ];
}

export function shopifyRefund(): DescribeSObject {
  const sys = systemFields("Record");
  const refund = sobject({
    name: "Shopify_Refund__c",
    label: "Shopify Refund",
    labelPlural: "Shopify Refunds",
    keyPrefix: "a0X",
    fields: [
      ...sys.head,
      ownerField(),
      // Custom-object Name: optional, Salesforce fills it with the record id when left blank.
      field({ name: "Name", type: "string", label: "Shopify Refund Name", length: 80, nameField: true, defaultedOnCreate: true, idLookup: true }),
      ...sys.audit,
      externalIdField("Shopify_Refund_Id__c", "Shopify Refund Id"),
      field({ name: "Amount__c", type: "currency", label: "Amount", precision: 16, scale: 2 }),
      field({ name: "Reason__c", type: "string", label: "Reason", length: 255 }),
      field({ name: "Refunded_At__c", type: "datetime", label: "Refunded At" }),
      currencyField("Pending_Amount__c", "Pending Amount"),
      textField("Status__c", "Status"),
      textField("Currency__c", "Currency"),
      textField("Refunded_Lines__c", "Refunded Lines"),
      field({
        name: "Opportunity__c",
        type: "reference",
        label: "Opportunity",
        referenceTo: ["Opportunity"],
        relationshipName: "Opportunity__r",
      }),
      field({
        name: "Order__c",
        type: "reference",
        label: "Order",
        referenceTo: ["Order"],
        relationshipName: "Order__r",
      }),
    ],
  });
  return refund;
}
