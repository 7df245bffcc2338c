import { parse } from "lossless-json";

/**
 * Parses JSON without losing integer precision. Shopify ids exceed 2^53, and `JSON.parse` silently
 * rounds them (820982911946154508 → 820982911946154500), which would create duplicate Salesforce
 * records. Rules, applied while parsing:
 * - every value under a key named `id` or ending in `_id` becomes a string (ids are exact strings);
 * - any other integer outside the safe range becomes a string too (never a rounded number);
 * - all other numbers stay numbers.
 * Throws SyntaxError on malformed JSON, like JSON.parse.
 */
export function parseExactJson(text: string): unknown {
  return parse(text, reviveIds, parseNumberExactly);
}

function parseNumberExactly(digits: string): number | string {
  const value = Number(digits);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return digits;
  return value;
}

function reviveIds(key: string, value: unknown): unknown {
  if (typeof value === "number" && isIdKey(key)) return String(value);
  return value;
}

function isIdKey(key: string): boolean {
  return key === "id" || key.endsWith("_id");
}
