import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SHOP, SHOP, startAdminHarness, type AdminHarness } from "./harness";

type ListRoute = typeof import("../../../app/routes/app.rules._index");
type RuleRoute = typeof import("../../../app/routes/app.rules.$id");

let h: AdminHarness;
let list: ListRoute;
let rule: RuleRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  list = await import("../../../app/routes/app.rules._index");
  rule = await import("../../../app/routes/app.rules.$id");
});
afterAll(() => h.close());

const form = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  resource: "customer",
  kind: "required",
  field: "email",
  expression: "",
  action: "block",
  message: "",
  enabled: "true",
  format: "email",
  pattern: "",
  flags: "",
  min: "",
  max: "",
  values: "",
  caseInsensitive: "false",
  ...overrides,
});
const ruleCount = async (shop = SHOP) => (await h.sql.query(`SELECT count(*)::int AS n FROM "ValidationRule" WHERE shop = $1`, [shop])).rows[0].n;
const at = (id: string) => ({ params: { id } });

async function create(overrides: Record<string, string>): Promise<string> {
  const response = await h.thrown(h.act(rule, "/app/rules/new", form(overrides), at("new")));
  expect(response.status).toBe(302);
  const id = /\/app\/rules\/([0-9a-f-]{36})$/.exec(response.headers.get("location") ?? "")?.[1];
  if (!id) throw new Error(`no rule id in ${response.headers.get("location")}`);
  return id;
}

describe("validation rule routes", () => {
  it("shows an empty list, then creates a rule and redirects to it", async () => {
    expect((await h.load(list, "/app/rules")).rules).toEqual([]);
    const blank = await h.load(rule, "/app/rules/new", at("new"));
    expect(blank.form).toMatchObject({ resource: "customer", kind: "required", action: "block", enabled: true });
    const id = await create({ kind: "pattern", field: "Contact.Email", pattern: "@example\\.com$", flags: "i", action: "warn", message: "Use a company address" });
    const loaded = await h.load(rule, `/app/rules/${id}`, at(id));
    expect(loaded.form).toMatchObject({ kind: "pattern", field: "Contact.Email", pattern: "@example\\.com$", flags: "i", action: "warn", message: "Use a company address" });
    expect((await h.load(list, "/app/rules")).rules).toEqual([expect.objectContaining({ id, params: { pattern: "@example\\.com$", flags: "i" }, enabled: true })]);
  });

  it("reports each invalid input on its field and saves nothing", async () => {
    const before = await ruleCount();
    const issuesOf = async (overrides: Record<string, string>) => {
      const result = await h.act(rule, "/app/rules/new", form(overrides), at("new"));
      if (!("issues" in result)) throw new Error(`expected issues, got ${JSON.stringify(result)}`);
      return result.issues;
    };
    expect(await issuesOf({ field: "" })).toEqual([{ path: "field", message: "needs the field to check" }]);
    expect(await issuesOf({ kind: "pattern", pattern: "([a-z" })).toEqual([{ path: "params.pattern", message: expect.stringContaining("not a valid regular expression") }]);
    expect(await issuesOf({ kind: "range", min: "10", max: "2" })).toEqual([{ path: "params", message: "min must not exceed max" }]);
    expect(await issuesOf({ kind: "length", min: "abc" })).toContainEqual({ path: "params.min", message: "must be a number" });
    expect(await issuesOf({ kind: "expression", expression: "total_price >" })).toEqual([{ path: "expression", message: expect.any(String) }]);
    expect(await issuesOf({ action: "explode" })).toContainEqual({ path: "action", message: expect.stringContaining("block") });
    expect(await issuesOf({ resource: "product" })).toContainEqual({ path: "resource", message: "must be customer, order or refund" });
    expect((await h.thrown(h.act(rule, "/app/rules/new", { intent: "nonsense" }, at("new")))).status).toBe(400);
    expect(await ruleCount()).toBe(before);
  });

  it("edits, disables, enables and deletes a rule", async () => {
    const id = await create({ field: "phone" });
    expect(await h.act(rule, `/app/rules/${id}`, form({ field: "default_address.zip", action: "drop-field" }), at(id))).toEqual({ intent: "save", ok: true, id });
    expect(await h.act(list, "/app/rules", { intent: "toggle", id, enabled: "false" })).toEqual({ ok: true, intent: "toggle" });
    expect((await h.load(list, "/app/rules")).rules.find((r) => r.id === id)).toMatchObject({ field: "default_address.zip", action: "drop-field", enabled: false });
    expect(await h.act(list, "/app/rules", { intent: "toggle", id, enabled: "true" })).toMatchObject({ ok: true });
    expect(await h.act(list, "/app/rules", { intent: "delete", id })).toEqual({ ok: true, intent: "delete" });
    expect((await h.load(list, "/app/rules")).rules.some((r) => r.id === id)).toBe(false);
    const second = await create({ field: "note" });
    const removed = await h.thrown(h.act(rule, `/app/rules/${second}`, { intent: "delete" }, at(second)));
    expect([removed.status, removed.headers.get("location")]).toEqual([302, "https://app.example.com/app/rules"]);
  });

  it("tests a rule (saved or not) on the sample and on the shop's latest payload", async () => {
    const phone = await h.act(rule, "/app/rules/new", form({ intent: "test", source: "sample", field: "phone" }), at("new"));
    expect(phone).toMatchObject({ intent: "test", ok: true, passed: false, violations: [expect.objectContaining({ field: "phone", action: "block", message: expect.stringContaining("required") })] });
    const email = await h.act(rule, "/app/rules/new", form({ intent: "test", source: "sample", kind: "format", field: "Contact.Email" }), at("new"));
    expect(email).toMatchObject({ ok: true, passed: true, violations: [] });
    const invalid = await h.act(rule, "/app/rules/new", form({ intent: "test", source: "sample", kind: "pattern", pattern: "(" }), at("new"));
    expect(invalid).toMatchObject({ intent: "test", ok: false, issues: [expect.objectContaining({ path: "params.pattern" })] });
    const noEvents = await h.act(rule, "/app/rules/new", form({ intent: "test", source: "recent", resource: "order", field: "email" }), at("new"));
    expect(noEvents).toMatchObject({ ok: false, issues: [expect.objectContaining({ path: "(payload)" })] });
    await h.seedEvent({ payload: { id: "5", first_name: "Ann", last_name: "Lee", email: "ann@elsewhere.org" }, shopifyId: "5" });
    const recent = await h.act(rule, "/app/rules/new", form({ intent: "test", source: "recent", kind: "pattern", field: "Contact.Email", pattern: "@example\\.com$" }), at("new"));
    expect(recent).toMatchObject({ ok: true, passed: false, violations: [expect.objectContaining({ field: "Contact.Email", message: expect.stringContaining("ann@elsewhere.org") })] });
    expect(await ruleCount()).toBeGreaterThan(0); // tests never add rules: only the ones created above exist
  });

  it("404s another shop's rule on every route and never lists it", async () => {
    const mine = await create({ field: "first_name" });
    const asOther = { ...at(mine), shop: OTHER_SHOP };
    expect((await h.thrown(h.load(rule, `/app/rules/${mine}`, asOther))).status).toBe(404);
    expect((await h.thrown(h.act(rule, `/app/rules/${mine}`, form(), asOther))).status).toBe(404);
    expect((await h.thrown(h.act(rule, `/app/rules/${mine}`, { intent: "delete" }, asOther))).status).toBe(404);
    expect((await h.thrown(h.act(list, "/app/rules", { intent: "toggle", id: mine, enabled: "false" }, { shop: OTHER_SHOP }))).status).toBe(404);
    expect((await h.thrown(h.act(list, "/app/rules", { intent: "delete", id: mine }, { shop: OTHER_SHOP }))).status).toBe(404);
    expect((await h.load(list, "/app/rules", { shop: OTHER_SHOP })).rules).toEqual([]);
    expect((await h.load(rule, `/app/rules/${mine}`, at(mine))).form.field).toBe("first_name");
    expect((await h.thrown(h.load(rule, "/app/rules/not-a-uuid", at("not-a-uuid")))).status).toBe(404);
    expect(await ruleCount(OTHER_SHOP)).toBe(0);
  });
});
