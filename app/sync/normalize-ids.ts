import { isPlainObject } from "./json-value";

// Shopify ids exceed 2^53. The intake keeps them as strings; this makes sure any id that still arrives
// as a number (older payloads, hand-built tests) becomes a string before mapping, so external ids,
// hashes and comparisons never depend on how a payload was parsed.

function isIdKey(key: string): boolean {
  return key === "id" || key.endsWith("_id");
}

export function normalizeIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeIds);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === "number" && isIdKey(key)) out[key] = String(inner);
    else if (typeof inner === "bigint") out[key] = inner.toString();
    else if (key.endsWith("_ids") && Array.isArray(inner)) {
      out[key] = inner.map((element) => (typeof element === "number" || typeof element === "bigint" ? String(element) : normalizeIds(element)));
    } else out[key] = normalizeIds(inner);
  }
  return out;
}

/** An id as the exact string Salesforce stores in an external id field, or undefined when absent. */
export function idString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  return undefined;
}
