import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../app/services/admin/activity-query.server";
import { formFromRuleRow, NEW_RULE_FORM, summarizeRule } from "../../../app/services/admin/rule-form";
import { ruleRowFromForm } from "../../../app/services/admin/rule-input";

describe("rule form ↔ ValidationRule row", () => {
  it("builds params by kind and round-trips through the form", () => {
    const built = ruleRowFromForm({ ...NEW_RULE_FORM, kind: "allowed-values", field: "Opportunity.StageName", values: "Closed Won\nProspecting, Closed Lost", caseInsensitive: true });
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    expect(built.row.params).toEqual({ values: ["Closed Won", "Prospecting", "Closed Lost"], caseInsensitive: true });
    expect(formFromRuleRow(built.row)).toMatchObject({ values: "Closed Won\nProspecting\nClosed Lost", caseInsensitive: true });
    expect(summarizeRule(built.row)).toBe("is one of Closed Won, Prospecting, Closed Lost");
  });

  it("reports every problem by the path of its form field", () => {
    const built = ruleRowFromForm({ ...NEW_RULE_FORM, resource: "product", kind: "length", field: "", min: "x", max: "" });
    expect(built.ok).toBe(false);
    expect(!built.ok && built.issues.map((issue) => issue.path).sort()).toEqual(["field", "params", "params.min", "resource"]);
  });
});

describe("activity cursors", () => {
  it("round-trip and reject anything else", () => {
    const row = { receivedAt: new Date("2026-11-20T10:00:00.123Z"), id: "5b0c8f0e-1f1e-4c55-9c3a-0a9d1f3e2b11" };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
    for (const bad of [undefined, "", "nonsense", "2026-13-99T00:00:00Z_x", "2026-11-20T10:00:00.000Z_'; drop table"]) expect(decodeCursor(bad)).toBeUndefined();
  });
});
