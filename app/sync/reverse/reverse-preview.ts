import type { MappingDocument } from "../mapping-schema";
import { joinTags, normalizeValue, type FieldValue } from "./field-values";
import { decideInitialField } from "./initial-decision";
import type { FieldMemory, FieldOutcome, ShopifyWrite } from "./reconcile";
import { describeShopifyTarget, reverseObjects } from "./reverse-fields";

// The Mappings page's Salesforce → Shopify preview: for the customer of the previewed payload, what the
// next poll would decide per field that flows back, and the writes it would send. Shopify's side is the
// payload (a customers/* webhook body carries no metafields, so those read as empty); Salesforce's side is
// the live record when there is one, else the record as the forward sync would write it.

export interface ReversePreviewField {
  field: string;
  label: string;
  shopify: string;
  direction: "salesforce-to-shopify" | "both";
  owner: "shopify" | "salesforce" | null;
  salesforceValue: FieldValue;
  shopifyValue: FieldValue;
  outcome: FieldOutcome;
  losing: { side: "shopify" | "salesforce"; value: FieldValue } | null;
  problem: string | null;
}

export interface ReversePreview {
  fields: ReversePreviewField[];
  writes: ShopifyWrite[];
}

const REST_FIELDS = { firstName: "first_name", lastName: "last_name", phone: "phone", note: "note" } as const;

/** Shopify's value of a reverse field in a REST-shaped customer (webhook) payload. */
export function payloadValue(target: ReturnType<typeof reverseObjects>[number]["fields"][number], payload: Record<string, unknown>): FieldValue {
  const shopify = target.shopify;
  if (shopify.kind === "customer-tags") return joinTags(typeof payload.tags === "string" ? payload.tags.split(",") : []);
  if (shopify.kind === "customer-field") return normalizeValue(target, payload[REST_FIELDS[shopify.field]]);
  if (shopify.kind === "customer-email-opt-out") {
    if (!payload.email) return null;
    return (payload.email_marketing_consent as { state?: string } | null | undefined)?.state === "unsubscribed" ? "true" : "false";
  }
  return null;
}

export function previewReverse(
  document: MappingDocument,
  payload: Record<string, unknown>,
  salesforceRecords: ReadonlyMap<string, Record<string, unknown> | null>,
  memories: ReadonlyMap<string, FieldMemory>,
): ReversePreview | null {
  const objects = reverseObjects(document);
  if (objects.length === 0) return null;
  const fields: ReversePreviewField[] = [];
  const writes: ShopifyWrite[] = [];
  for (const object of objects) {
    const record = salesforceRecords.get(object.targetKey) ?? null;
    for (const field of object.fields) {
      const decision = decideInitialField(field, record?.[field.salesforceField] ?? null, payloadValue(field, payload), memories.get(field.key) ?? null);
      writes.push(...decision.writes);
      fields.push({
        field: field.key,
        label: field.label,
        shopify: describeShopifyTarget(field.shopify),
        direction: field.direction,
        owner: field.owner,
        salesforceValue: decision.salesforceValue,
        shopifyValue: decision.shopifyValue,
        outcome: decision.outcome,
        losing: decision.losing,
        problem: decision.problem,
      });
    }
  }
  return { fields, writes };
}
