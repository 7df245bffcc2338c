import { normalizeValue, splitTags, type FieldValue } from "./field-values";
import type { ReverseField } from "./reverse-fields";
import type { ShopifyCustomerField } from "./field-direction";

// Per field of one changed Salesforce record: was it a real Salesforce change, does Shopify need a
// write, and who wins when Shopify changed it too. What we last wrote or read each way is the memory;
// comparing with it is what stops echoes: a value we wrote ourselves is never news.

/** Remembered per (shop, customer, field key); updated only after a write succeeded. */
export interface FieldMemory {
  /** Last value Shopify held that we wrote there or forwarded from there. */
  shopifyValue: FieldValue;
  /** Last value Salesforce held that we wrote there or read from there. */
  salesforceValue: FieldValue;
  /** Shopify's updatedAt after our last write (a webhook older than it carries a pre-write value). */
  shopifyWrittenAt: Date | null;
  /** A Shopify edit of a Salesforce-owned field held for the next poll (it checks Salesforce's side first). */
  pending?: { value: FieldValue; at: Date | null } | null;
}

export type ShopifyWrite =
  | { kind: "customer-field"; field: ShopifyCustomerField; value: FieldValue }
  | { kind: "tags-add"; tags: string[] }
  | { kind: "tags-remove"; tags: string[] }
  | { kind: "metafield"; namespace: string; key: string; type: string; value: string }
  | { kind: "metafield-delete"; namespace: string; key: string }
  | { kind: "email-unsubscribe" };

export type FieldOutcome =
  /** Salesforce holds what we last saw or wrote there (includes our own forward writes). */
  | "unchanged"
  /** Salesforce changed, but Shopify already holds the same value. */
  | "in-step"
  | "write"
  /** Both changed; Shopify owns the field, so Salesforce's value lost (the forward sync carries Shopify's). */
  | "kept-shopify"
  /** A held Shopify edit of a Salesforce-owned field, Salesforce unchanged meanwhile: written to Salesforce. */
  | "to-salesforce"
  | "invalid";

export interface FieldDecision {
  field: ReverseField;
  salesforceValue: FieldValue;
  shopifyValue: FieldValue;
  outcome: FieldOutcome;
  writes: ShopifyWrite[];
  /** The value that lost a conflict, recorded on the event. */
  losing: { side: "shopify" | "salesforce"; value: FieldValue } | null;
  /** Why the value cannot be written (outcome "invalid"). */
  problem: string | null;
  /** What to remember once the writes succeeded. */
  memory: FieldMemory;
}

export function decideField(field: ReverseField, rawSalesforce: unknown, shopifyValue: FieldValue, memory: FieldMemory | null): FieldDecision {
  const salesforceValue = normalizeValue(field, rawSalesforce);
  const base = { field, salesforceValue, shopifyValue, losing: null, problem: null };
  const remember = (shopify: FieldValue): FieldMemory => ({ shopifyValue: shopify, salesforceValue, shopifyWrittenAt: memory?.shopifyWrittenAt ?? null });

  if (memory?.pending && salesforceValue === memory.salesforceValue) {
    // Salesforce did not move while Shopify's edit waited: no conflict, Shopify's value goes to Salesforce.
    const value = memory.pending.value;
    return { ...base, outcome: "to-salesforce", writes: [], memory: { shopifyValue: value, salesforceValue: value, shopifyWrittenAt: memory.shopifyWrittenAt } };
  }
  if (memory && salesforceValue === memory.salesforceValue) {
    return { ...base, outcome: "unchanged", writes: [], memory };
  }
  if (salesforceValue === shopifyValue) return { ...base, outcome: "in-step", writes: [], memory: remember(shopifyValue) };

  // Shopify moved away from what we remember too (or we have no history): a conflict the owner decides.
  // Salesforce → Shopify fields are owned by Salesforce by definition.
  const shopifyChanged = memory === null || shopifyValue !== memory.shopifyValue;
  if (field.direction === "both" && shopifyChanged && field.owner === "shopify") {
    return { ...base, outcome: "kept-shopify", writes: [], losing: { side: "salesforce", value: salesforceValue }, memory: { ...remember(memory?.shopifyValue ?? null) } };
  }
  const losing = field.direction === "both" && shopifyChanged && memory !== null ? { side: "shopify" as const, value: shopifyValue } : null;

  const problem = invalidFor(field, salesforceValue);
  if (problem) return { ...base, outcome: "invalid", writes: [], problem, memory: memory ?? remember(shopifyValue) };
  const writes = writesFor(field, salesforceValue, shopifyValue, memory);
  return { ...base, outcome: writes.length > 0 ? "write" : "in-step", writes, losing, memory: remember(salesforceValue) };
}

function writesFor(field: ReverseField, value: FieldValue, shopifyValue: FieldValue, memory: FieldMemory | null): ShopifyWrite[] {
  const target = field.shopify;
  switch (target.kind) {
    case "customer-field":
      return [{ kind: "customer-field", field: target.field, value }];
    case "customer-tags": {
      // Only the tags Salesforce manages: add what it lists, remove what it listed before and dropped.
      const current = new Set(splitTags(shopifyValue).map((tag) => tag.toLowerCase()));
      const wanted = splitTags(value);
      const wantedLower = new Set(wanted.map((tag) => tag.toLowerCase()));
      const add = wanted.filter((tag) => !current.has(tag.toLowerCase()));
      const remove = splitTags(memory?.salesforceValue ?? null).filter((tag) => !wantedLower.has(tag.toLowerCase()) && current.has(tag.toLowerCase()));
      const writes: ShopifyWrite[] = [];
      if (add.length > 0) writes.push({ kind: "tags-add", tags: add });
      if (remove.length > 0) writes.push({ kind: "tags-remove", tags: remove });
      return writes;
    }
    case "customer-email-opt-out":
      // Only an opt-out travels; a customer without an email address (null) has no consent to change.
      return value === "true" && shopifyValue === "false" ? [{ kind: "email-unsubscribe" }] : [];
    case "customer-metafield":
      // Shopify has no empty metafield value: Salesforce blanking the field deletes the metafield.
      if (value === null) return shopifyValue === null ? [] : [{ kind: "metafield-delete", namespace: target.namespace, key: target.key }];
      return [{ kind: "metafield", namespace: target.namespace, key: target.key, type: target.type, value }];
  }
}

// Limits Shopify documents for these inputs; anything else is left to Shopify's own userErrors.
const MAX_TAG_LENGTH = 255;
const MAX_NAME_LENGTH = 255;

function invalidFor(field: ReverseField, value: FieldValue): string | null {
  const target = field.shopify;
  if (value === null) return null;
  if (target.kind === "customer-tags") {
    const long = splitTags(value).find((tag) => tag.length > MAX_TAG_LENGTH);
    return long ? `Tag "${long.slice(0, 40)}…" is longer than Shopify's ${MAX_TAG_LENGTH} characters.` : null;
  }
  if (target.kind === "customer-field" && (target.field === "firstName" || target.field === "lastName") && value.length > MAX_NAME_LENGTH) {
    return `${field.label} is ${value.length} characters; Shopify keeps at most ${MAX_NAME_LENGTH} in a customer's ${target.field === "firstName" ? "first" : "last"} name.`;
  }
  if (target.kind === "customer-metafield") {
    if (target.type === "single_line_text_field" && value.includes("\n")) return `${field.label} has several lines; a single_line_text_field metafield holds one.`;
    if (target.type === "number_integer" && !/^-?\d{1,19}$/.test(value)) return `${field.label} is "${value}", not an integer.`;
    if (target.type === "boolean" && value !== "true" && value !== "false") return `${field.label} is "${value}", not true or false.`;
    if (target.type === "url" && !/^https?:\/\/\S+$/i.test(value)) return `${field.label} is "${value}", not an http(s) URL.`;
  }
  return null;
}


