import { describe, expect, it } from "vitest";
import { idString, normalizeIds } from "../../../app/sync/normalize-ids";

describe("normalizeIds", () => {
  it("turns numeric ids and *_id values into strings at every depth", () => {
    const out = normalizeIds({ id: 12321, customer_id: 706405, price: 9.5, quantity: 2, line_items: [{ id: 1, variant_id: null }], tag_ids: [1, 2] });
    expect(out).toEqual({ id: "12321", customer_id: "706405", price: 9.5, quantity: 2, line_items: [{ id: "1", variant_id: null }], tag_ids: ["1", "2"] });
  });

  it("leaves string ids exactly as they are (beyond 2^53)", () => {
    expect(normalizeIds({ id: "820982911946154508" })).toEqual({ id: "820982911946154508" });
  });

  it("idString trims strings and refuses empties and objects", () => {
    expect(idString(" 42 ")).toBe("42");
    expect(idString(7)).toBe("7");
    expect(idString("")).toBeUndefined();
    expect(idString(null)).toBeUndefined();
    expect(idString({ id: 1 })).toBeUndefined();
  });
});
