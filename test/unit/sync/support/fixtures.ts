import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseExactJson } from "../../../../app/sync/exact-json";

// Shopify's sample payloads, parsed by the intake's own parser: keys named `id` or ending in `_id`
// hold strings, and any other integer beyond 2^53 is a string too. JSON.parse would round
// 820982911946154508 to 820982911946154500.

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/shopify");

export type Json = Record<string, unknown>;

export function loadShopifyFixture(name: "orders_create" | "customers_create" | "refunds_create" | "app_uninstalled"): Json {
  return parseExactJson(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Json;
}

/** Deep copy, so tests can vary a fixture freely. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
