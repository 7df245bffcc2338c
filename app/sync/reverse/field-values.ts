import type { ReverseField } from "./reverse-fields";

// Values compared across the two systems are strings (or null for "no value"), normalised so that the
// same content always compares equal: trimmed text, "" as null, tags as a sorted, de-duplicated list.

export type FieldValue = string | null;

export function normalizeValue(field: Pick<ReverseField, "shopify">, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  if (field.shopify.kind === "customer-tags") {
    const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(field.shopify.separator);
    return joinTags(list);
  }
  const text = typeof raw === "string" ? raw.trim() : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : JSON.stringify(raw);
  return text === "" ? null : text;
}

/** Tags as Shopify keeps them: trimmed, unique (case-insensitively), order-free. */
export function splitTags(value: FieldValue): string[] {
  if (value === null) return [];
  return value.split("\n").filter((tag) => tag !== "");
}

export function joinTags(tags: readonly string[]): FieldValue {
  const unique = new Map<string, string>();
  for (const tag of tags) {
    const trimmed = tag.trim();
    if (trimmed !== "" && !unique.has(trimmed.toLowerCase())) unique.set(trimmed.toLowerCase(), trimmed);
  }
  const sorted = [...unique.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return sorted.length === 0 ? null : sorted.join("\n");
}
