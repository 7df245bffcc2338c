import type { DocumentIssue } from "../issue-path";
import { formatIssuePath } from "../issue-path";
import type { MappingDocument } from "../mapping-schema";
import { directionOf, flowsToShopify, type FieldDirection, type FieldOwner, type ShopifyTarget } from "./field-direction";

// The Salesforce → Shopify half of a mapping document: per Salesforce object, the fields to read and
// the Shopify field each one writes. Only the customer resource flows back in this version (a customer's
// Account/Contact carry Shopify_Customer_Id__c = the customer's id), one record per target (no forEach).

export interface ReverseField {
  /** Stable per document: `${targetKey}.${salesforceField}` (also the key of its remembered values). */
  key: string;
  targetKey: string;
  salesforceField: string;
  direction: Exclude<FieldDirection, "shopify-to-salesforce">;
  /** Only for "both". */
  owner: FieldOwner | null;
  shopify: ShopifyTarget;
  label: string;
}

export interface ReverseObject {
  targetKey: string;
  object: string;
  externalIdField: string;
  fields: ReverseField[];
}

export function reverseObjects(document: MappingDocument): ReverseObject[] {
  if (document.resource !== "customer") return [];
  const objects: ReverseObject[] = [];
  for (const target of document.targets) {
    const fields: ReverseField[] = [];
    for (const field of target.fields) {
      if (!flowsToShopify(field) || !field.shopify) continue;
      fields.push({
        key: `${target.key}.${field.target}`,
        targetKey: target.key,
        salesforceField: field.target,
        direction: directionOf(field) as ReverseField["direction"],
        owner: field.owner ?? null,
        shopify: field.shopify,
        label: field.label ?? `${target.object}.${field.target}`,
      });
    }
    if (fields.length > 0) objects.push({ targetKey: target.key, object: target.object, externalIdField: target.externalIdField, fields });
  }
  return objects;
}

/** Cross-checks of the reverse half: where it may be used and that two rows never write one Shopify field. */
export function checkReverseFields(document: MappingDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const add = (path: PropertyKey[], message: string) => issues.push({ path: formatIssuePath(path), message });
  const writers = new Map<string, string>();
  document.targets.forEach((target, t) => {
    target.fields.forEach((field, f) => {
      if (!flowsToShopify(field) || !field.shopify) return;
      const at = ["targets", t, "fields", f, "direction"];
      if (document.resource !== "customer") return add(at, "only customer fields flow from Salesforce to Shopify in this version");
      if (target.forEach !== undefined || target.shared) return add(at, "a field that flows to Shopify must belong to a target with one record per customer (no forEach, not shared)");
      if (target.externalIdSource !== "id") return add(at, 'a field that flows to Shopify needs its target matched by the customer id (externalIdSource: "id")');
      const written = shopifyTargetKey(field.shopify);
      const other = writers.get(written);
      if (other) add(["targets", t, "fields", f, "shopify"], `${describeShopifyTarget(field.shopify)} is already written by ${other}`);
      else writers.set(written, `targets[${t}].fields[${f}]`);
    });
  });
  return issues;
}

export function shopifyTargetKey(target: ShopifyTarget): string {
  switch (target.kind) {
    case "customer-field":
      return `field:${target.field}`;
    case "customer-tags":
      return "tags";
    case "customer-email-opt-out":
      return "email-marketing";
    case "customer-metafield":
      return `metafield:${target.namespace}.${target.key}`;
  }
}

export function describeShopifyTarget(target: ShopifyTarget): string {
  switch (target.kind) {
    case "customer-field":
      return `customer ${target.field}`;
    case "customer-tags":
      return "customer tags";
    case "customer-email-opt-out":
      return "customer email marketing (unsubscribe only)";
    case "customer-metafield":
      return `customer metafield ${target.namespace}.${target.key}`;
  }
}
