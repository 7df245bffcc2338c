import { describe, expect, it } from "vitest";
import { parseSourcePath, resolvePath, type SourcePath } from "../../../app/sync/source-path";

function path(text: string): SourcePath {
  const parsed = parseSourcePath(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const root = {
  id: "820982911946154508",
  default_address: { city: "Ottawa" },
  line_items: [{ price: "89.99", sku: "A" }, { price: "19.99", sku: "B" }],
  transactions: [{ amount: "75.00" }, { amount: "10.00" }],
};

describe("source paths", () => {
  it("resolves dotted paths, indexes and bracket indexes", () => {
    expect(resolvePath(path("default_address.city"), { root, context: {} })).toBe("Ottawa");
    expect(resolvePath(path("line_items.1.price"), { root, context: {} })).toBe("19.99");
    expect(resolvePath(path("line_items[0].sku"), { root, context: {} })).toBe("A");
    expect(resolvePath(path("missing.deeper"), { root, context: {} })).toBeUndefined();
  });

  it("maps a name over an array like JSONata", () => {
    expect(resolvePath(path("transactions.amount"), { root, context: {} })).toEqual(["75.00", "10.00"]);
  });

  it("reads $item, $index and $context", () => {
    const scope = { root, item: root.line_items[1], index: 1, context: { standardPricebookId: "01s" } };
    expect(resolvePath(path("$item.price"), scope)).toBe("19.99");
    expect(resolvePath(path("$item"), scope)).toBe(root.line_items[1]);
    expect(resolvePath(path("$index"), scope)).toBe(1);
    expect(resolvePath(path("$context.standardPricebookId"), scope)).toBe("01s");
  });

  it("rejects what is not a path, saying why", () => {
    expect(parseSourcePath("")).toEqual({ ok: false, error: "the path is empty" });
    expect(parseSourcePath("$order.id")).toEqual({ ok: false, error: '"$order" is not a known variable (use $item, $index or $context)' });
    expect(parseSourcePath("first_name & last_name")).toMatchObject({ ok: false });
    expect(parseSourcePath("$index.x")).toEqual({ ok: false, error: "$index has no properties" });
  });
});
