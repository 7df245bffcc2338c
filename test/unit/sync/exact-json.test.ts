import { readdirSync, readFileSync } from "node:fs";
import { parse } from "lossless-json";
import { describe, expect, it } from "vitest";
import { parseExactJson } from "../../../app/sync/exact-json";

// The reference: lossless-json with the rules parseExactJson documents. The fast path must agree with it.
const isIdKey = (key: string) => key === "id" || key.endsWith("_id");
function reference(text: string): unknown {
  return parse(
    text,
    (key, value) => (typeof value === "number" && isIdKey(key) ? String(value) : value),
    (digits) => {
      const value = Number(digits);
      return Number.isInteger(value) && !Number.isSafeInteger(value) ? digits : value;
    },
  );
}

const fixtures = new URL("../../fixtures/shopify/", import.meta.url);

describe("parseExactJson", () => {
  it.each(readdirSync(fixtures).filter((name) => name.endsWith(".json") && !name.startsWith("_")))(
    "agrees with lossless-json on Shopify's %s",
    (name) => {
      const text = readFileSync(new URL(name, fixtures), "utf8");
      expect(parseExactJson(text)).toEqual(reference(text));
    },
  );

  it("keeps ids and other unsafe integers exact, and stringifies every id", () => {
    const text = `{"id": 820982911946154508, "order_id": 7, "total": 12.50, "big": 12345678901234567890,
      "list": [9007199254740993, 1, 2.5], "nested": {"customer_id": 115310627314723954, "count": 3}, "n": null}`;
    expect(parseExactJson(text)).toEqual({
      id: "820982911946154508",
      order_id: "7",
      total: 12.5,
      big: "12345678901234567890",
      list: ["9007199254740993", 1, 2.5],
      nested: { customer_id: "115310627314723954", count: 3 },
      n: null,
    });
  });

  it("keeps literals that round to the same double apart, and leaves strings and fractions alone", () => {
    // Both literals round to the same double; a string holding a look-alike must not leak into the number.
    for (const text of [
      `{"note": "12345678901234567890 \\" 98765432109876543210", "a": 0.12345678901234567890, "b": [-98765432109876543210]}`,
      `{"a": 820982911946154508, "b": 820982911946154509}`,
      `{"note": "820982911946154509", "a": 820982911946154508}`,
      `{"a": 1e20, "b": -12345678901234567890e0, "c": 1234567890123456789.0}`,
    ]) {
      expect(parseExactJson(text)).toEqual(reference(text));
    }
  });

  it("keeps a key named __proto__ as data", () => {
    const parsed = parseExactJson(`{"__proto__": {"id": 5}, "x": {"__proto__": 820982911946154508}}`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(JSON.stringify(parsed)).toBe(`{"__proto__":{"id":"5"},"x":{"__proto__":"820982911946154508"}}`);
  });

  it("throws SyntaxError on malformed JSON", () => {
    for (const text of ['{"id": 1,', "not json", ""]) expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });
});
