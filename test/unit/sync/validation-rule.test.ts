import { describe, expect, it } from "vitest";
import { parseShopRules, parseValidationRule, type ValidationRuleRow } from "../../../app/sync/validation-rule";

function row(overrides: Partial<ValidationRuleRow>): ValidationRuleRow {
  return { id: "r1", resource: "customer", field: "email", expression: null, kind: "required", params: {}, action: "block", message: null, enabled: true, ...overrides };
}

describe("parseValidationRule", () => {
  it("accepts every kind with its parameters", () => {
    const rows: ValidationRuleRow[] = [
      row({ kind: "required" }),
      row({ kind: "format", params: { format: "phone" } }),
      row({ kind: "pattern", params: { pattern: "^[A-Z]\\d[A-Z] ?\\d[A-Z]\\d$", flags: "i" } }),
      row({ kind: "range", params: { min: 0, max: 10_000 } }),
      row({ kind: "length", params: { max: 80 } }),
      row({ kind: "allowed-values", params: { values: ["CA", "US"], caseInsensitive: true } }),
      row({ kind: "expression", field: null, expression: "$count(line_items) <= 100" }),
    ];
    for (const candidate of rows) expect(parseValidationRule(candidate)).toMatchObject({ ok: true });
  });

  it("names what is wrong", () => {
    expect(parseValidationRule(row({ kind: "colour" }))).toEqual({ ok: false, error: [{ path: "kind", message: "must be one of required, format, pattern, range, length, allowed-values, expression" }] });
    expect(parseValidationRule(row({ kind: "format", params: { format: "fax" } }))).toMatchObject({ ok: false, error: [{ path: "params.format" }] });
    expect(parseValidationRule(row({ kind: "range", params: { min: 5, max: 1 } }))).toMatchObject({ ok: false, error: [{ message: "min must not exceed max" }] });
    expect(parseValidationRule(row({ kind: "range", params: {} }))).toMatchObject({ ok: false, error: [{ message: "needs min or max" }] });
    expect(parseValidationRule(row({ kind: "pattern", params: { pattern: "([a-z" } }))).toMatchObject({ ok: false, error: [{ path: "params.pattern" }] });
    expect(parseValidationRule(row({ kind: "expression", field: null, expression: "a = " }))).toMatchObject({ ok: false, error: [{ path: "expression" }] });
    expect(parseValidationRule(row({ kind: "required", field: " " }))).toMatchObject({ ok: false, error: [{ path: "field", message: "needs the field to check" }] });
    expect(parseValidationRule(row({ action: "explode" }))).toMatchObject({ ok: false, error: [{ path: "action" }] });
  });
});

describe("parseShopRules", () => {
  it("groups enabled rules by resource and turns broken ones into warnings", () => {
    const rules = parseShopRules([
      row({ id: "a" }),
      row({ id: "b", resource: "order", field: "email" }),
      row({ id: "c", enabled: false }),
      row({ id: "d", kind: "format", params: {} }),
    ]);
    expect(rules.byResource.get("customer")?.map((rule) => rule.id)).toEqual(["a"]);
    expect(rules.byResource.get("order")?.map((rule) => rule.id)).toEqual(["b"]);
    expect(rules.warnings.get("customer")).toMatchObject([{ ruleId: "d", action: "warn", severity: "warning" }]);
    expect(rules.warnings.get("customer")?.[0]?.message).toMatch(/^Validation rule d is invalid and was ignored: params.format/);
  });
});
