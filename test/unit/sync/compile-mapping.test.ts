import { describe, expect, it } from "vitest";
import { compileMapping, MappingCompiler, toPlainJson } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument, defaultMappingInput } from "../../../app/sync/default-mappings";

describe("MappingCompiler", () => {
  it("compiles a version once and serves it from the cache afterwards", () => {
    const compiler = new MappingCompiler();
    const first = compiler.compile("shop:customer:3", defaultMappingInput("customer"));
    const second = compiler.compile("shop:customer:3", { not: "even looked at" });
    expect(first.ok).toBe(true);
    expect(second).toBe(first);
  });

  it("caches invalid documents as their issues", () => {
    const compiler = new MappingCompiler();
    const result = compiler.compile("shop:order:9", { schemaVersion: 1 });
    expect(result.ok).toBe(false);
    expect(compiler.compile("shop:order:9", defaultMappingInput("order"))).toBe(result);
  });

  it("evicts the least recently used version beyond its size", () => {
    const compiler = new MappingCompiler(2);
    const a = compiler.compile("a", defaultMappingInput("customer"));
    compiler.compile("b", defaultMappingInput("order"));
    compiler.compile("a", {});
    compiler.compile("c", defaultMappingInput("refund"));
    expect(compiler.size).toBe(2);
    expect(compiler.compile("a", {})).toBe(a);
    expect(compiler.compile("b", {}).ok).toBe(false);
  });

  it("orders compiled targets parents first", () => {
    const compiled = compileMapping(defaultMappingDocument("order"), "k");
    const adjustments = ["discounts", "shipping", "tax", "duties", "fees", "other"].flatMap((kind) => [`${kind}Product`, `${kind}PricebookEntry`, `${kind}Line`]);
    expect(compiled.targets.map((target) => target.def.key)).toEqual(["account", "contact", "product", "pricebookEntry", "opportunity", "lineItem", ...adjustments, "refund"]);
  });
});

describe("toPlainJson", () => {
  it("drops functions and copies sequences into plain arrays", () => {
    const sequence = Object.assign([1, 2], { sequence: true });
    expect(toPlainJson({ a: sequence, f: () => 1 })).toEqual({ a: [1, 2] });
  });
});
