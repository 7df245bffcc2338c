import { readFileSync } from "node:fs";
import { order, orderItem, opportunityLineItem, pricebook2, pricebookEntry, product2 } from "./commerce-objects";
import { opportunityContactRole } from "./contact-role";
import type { DescribeSObject } from "./describe-types";
import { childRelationship } from "./field-builder";
import { MASTER_RECORD_TYPE_ID, recordTypeInfo } from "./person-accounts";
import { SHOPIFY_EXTERNAL_ID_FIELDS, externalIdField, orderMoneyFields, shopifyRefund } from "./shopify-metadata";
import { recordType, user } from "./support-objects";

// Account, Contact and Opportunity are real recordings (CumulusCI cassettes). Their custom fields
// belong to the recording org (one is even required), so they are dropped and ours are added.

const RECORDINGS = ["account", "contact", "opportunity"] as const;

let recorded: DescribeSObject[] | undefined;

function loadRecordings(): DescribeSObject[] {
  recorded ??= RECORDINGS.map((name) => {
    const url = new URL(`./${name}.describe.json`, import.meta.url);
    const doc = JSON.parse(readFileSync(url, "utf8")) as DescribeSObject;
    doc.fields = doc.fields.filter((f) => !f.custom);
    doc.recordTypeInfos = [recordTypeInfo(MASTER_RECORD_TYPE_ID, "Master", "Master", true, true)];
    return doc;
  });
  return recorded;
}

/** Child relationship names for the lookups between objects we authored. */
const CHILD_RELATIONSHIP_NAMES: Record<string, string> = {
  "Order.AccountId": "Orders",
  "Order.Pricebook2Id": "Orders",
  "OrderItem.OrderId": "OrderItems",
  "OrderItem.PricebookEntryId": "OrderItems",
  "OrderItem.Product2Id": "OrderItems",
  "PricebookEntry.Pricebook2Id": "PricebookEntries",
  "PricebookEntry.Product2Id": "PricebookEntries",
  "OpportunityLineItem.OpportunityId": "OpportunityLineItems",
  "OpportunityLineItem.PricebookEntryId": "OpportunityLineItems",
  "OpportunityContactRole.OpportunityId": "OpportunityContactRoles",
  "OpportunityContactRole.ContactId": "OpportunityContactRoles",
  "Shopify_Refund__c.Opportunity__c": "Shopify_Refunds__r",
  "Shopify_Refund__c.Order__c": "Shopify_Refunds__r",
};

function linkChildRelationships(objects: DescribeSObject[]): void {
  const byName = new Map(objects.map((o) => [o.name, o]));
  for (const child of objects) {
    for (const f of child.fields) {
      const parent = f.type === "reference" && f.referenceTo.length === 1 ? byName.get(f.referenceTo[0]) : undefined;
      if (!parent || parent.childRelationships.some((r) => r.childSObject === child.name && r.field === f.name)) continue;
      const relName = CHILD_RELATIONSHIP_NAMES[`${child.name}.${f.name}`] ?? null;
      parent.childRelationships.push(childRelationship(child.name, f.name, relName, Boolean(f.cascadeDelete)));
    }
  }
}

export interface MetadataOptions {
  /** Add the Shopify external-id fields and Shopify_Refund__c (default true). */
  shopifyCustomizations?: boolean;
}

/** A fresh, mutable copy of the default org's objects. */
export function buildDefaultMetadata(options: MetadataOptions = {}): DescribeSObject[] {
  const objects: DescribeSObject[] = [
    ...structuredClone(loadRecordings()),
    product2(),
    pricebook2(),
    pricebookEntry(),
    order(),
    orderItem(),
    opportunityLineItem(),
    opportunityContactRole(),
    user(),
    recordType(),
  ];
  if (options.shopifyCustomizations ?? true) {
    for (const o of objects) {
      for (const [name, label] of SHOPIFY_EXTERNAL_ID_FIELDS[o.name] ?? []) o.fields.push(externalIdField(name, label));
      if (o.name === "Opportunity" || o.name === "Order") o.fields.push(...orderMoneyFields());
    }
    objects.push(shopifyRefund());
  }
  for (const o of objects) {
    if (o.recordTypeInfos.length === 0) {
      o.recordTypeInfos = [recordTypeInfo(MASTER_RECORD_TYPE_ID, "Master", "Master", true, true)];
    }
  }
  linkChildRelationships(objects);
  return objects;
}
