import { normalizeValue, type FieldValue } from "./field-values";
import { decideField, type FieldDecision, type FieldMemory } from "./reconcile";
import type { ReverseField } from "./reverse-fields";

// The first comparison of a field that was just switched to flow back: there is no memory of what either
// side held, so "what changed since the last sync" cannot be asked. Existing values are compared instead
// and resolved by the owner:
// - equal: remembered, nothing written;
// - a "both" field Shopify owns: Shopify's value goes to Salesforce (the forward sync would carry it anyway);
// - a Salesforce-owned field: Salesforce's value is written to Shopify (Shopify's is the recorded loser),
//   except that an empty Salesforce value never clears a Shopify value on this first pass: an empty
//   Salesforce field means nobody filled it in, not that the sales team decided to blank it. A "both" field
//   fills the gap from Shopify instead; a Salesforce → Shopify field is left alone.
// A field that has memory was synced before and follows the normal rules (decideField).

export function decideInitialField(field: ReverseField, rawSalesforce: unknown, shopifyValue: FieldValue, memory: FieldMemory | null): FieldDecision {
  if (memory) return decideField(field, rawSalesforce, shopifyValue, memory);
  const salesforceValue = normalizeValue(field, rawSalesforce);
  const base = { field, salesforceValue, shopifyValue, writes: [], problem: null };
  const carry = (value: FieldValue): FieldMemory => ({ shopifyValue: value, salesforceValue: value, shopifyWrittenAt: null });
  if (salesforceValue === shopifyValue) return { ...base, outcome: "in-step", losing: null, memory: carry(shopifyValue) };
  const shopifyWins = field.direction === "both" && (field.owner === "shopify" || salesforceValue === null);
  if (shopifyWins && shopifyValue !== null) {
    return { ...base, outcome: "to-salesforce", losing: salesforceValue === null ? null : { side: "salesforce", value: salesforceValue }, memory: carry(shopifyValue) };
  }
  if (salesforceValue === null) {
    // Nothing to carry either way: remember both sides as they are, so a later edit on either side is news.
    return { ...base, outcome: "in-step", losing: null, memory: { shopifyValue, salesforceValue, shopifyWrittenAt: null } };
  }
  const decided = decideField(field, rawSalesforce, shopifyValue, null);
  const losing = decided.outcome === "write" && field.direction === "both" && shopifyValue !== null ? { side: "shopify" as const, value: shopifyValue } : decided.losing;
  return { ...decided, losing };
}
