import { describe, expect, it } from "vitest";
import { addField, defaultValueOf, issueAt, issuesUnder, parseDraft, removeField, sourceTextOf, updateField, withDefaultValue, withSource } from "../../../app/components/mappings/draft";

describe("mapping editor draft helpers", () => {
  const draft = { schemaVersion: 1, resource: "customer", targets: [{ key: "contact", object: "Contact", fields: [{ target: "Email", source: "email", transforms: [{ kind: "trim" }] }] }], policies: { x: 1 } };

  it("changes one row and keeps every key it does not know", () => {
    const next = updateField(draft, 0, 0, withSource(draft.targets[0].fields[0], "expression", "$lowercase(email)"));
    expect(next.targets?.[0].fields?.[0]).toEqual({ target: "Email", expression: "$lowercase(email)", transforms: [{ kind: "trim" }] });
    expect(next.policies).toEqual({ x: 1 });
    expect(draft.targets[0].fields[0].source).toBe("email"); // the original is untouched
    expect(removeField(addField(next, 0), 0, 0).targets?.[0].fields).toEqual([{ target: "", source: "" }]);
  });

  it("types constants as JSON when they parse and keeps text otherwise", () => {
    expect(withSource({ target: "IsActive" }, "value", "true")).toEqual({ target: "IsActive", value: true });
    expect(withSource({ target: "LeadSource" }, "value", "Web shop")).toEqual({ target: "LeadSource", value: "Web shop" });
    expect(sourceTextOf({ target: "Amount", value: 5 })).toBe("5");
  });

  it("keeps the default value as the last transform", () => {
    const field = withDefaultValue({ target: "Phone", source: "phone", transforms: [{ kind: "default", value: "old" }, { kind: "trim" }] }, "n/a");
    expect(field.transforms).toEqual([{ kind: "trim" }, { kind: "default", value: "n/a" }]);
    expect(defaultValueOf(field)).toBe("n/a");
    expect(withDefaultValue(field, "").transforms).toEqual([{ kind: "trim" }]);
  });

  it("parses only JSON objects and finds issues at or below a path", () => {
    expect(parseDraft("[1]")).toMatchObject({ ok: false });
    expect(parseDraft("{ nope")).toMatchObject({ ok: false, error: expect.stringContaining("Not valid JSON") });
    const issues = [
      { path: "targets[0].fields[1].transforms[0].length", message: "too short" },
      { path: "targets[0].fields[10].source", message: "other row" },
    ];
    expect(issuesUnder(issues, "targets[0].fields[1].transforms")).toBe("too short");
    expect(issuesUnder(issues, "targets[0].fields[1]")).toBe("too short");
    expect(issueAt(issues, "targets[0].fields[1].source")).toBeUndefined();
  });
});
