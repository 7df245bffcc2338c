import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMappingInput } from "../../../app/sync/default-mappings";
import { OTHER_SHOP, SHOP, startAdminHarness, type AdminHarness } from "./harness";

type IndexRoute = typeof import("../../../app/routes/app.mappings._index");
type EditRoute = typeof import("../../../app/routes/app.mappings.$resource");

let h: AdminHarness;
let index: IndexRoute;
let edit: EditRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  index = await import("../../../app/routes/app.mappings._index");
  edit = await import("../../../app/routes/app.mappings.$resource");
});
afterAll(() => h.close());

const customers = { params: { resource: "customers" } };
const path = "/app/mappings/customers";
const versions = async (shop = SHOP) =>
  (await h.sql.query(`SELECT version, "isActive", "createdBy" FROM "MappingSet" WHERE shop = $1 AND resource = 'customer' ORDER BY version`, [shop])).rows;

function customerDocument(change: (doc: ReturnType<typeof defaultMappingInput>) => void = () => {}): string {
  const doc = structuredClone(defaultMappingInput("customer"));
  change(doc);
  return JSON.stringify(doc);
}

describe("app.mappings._index", () => {
  it("lists the three resources with the default mapping and its Salesforce objects", async () => {
    const { mappings } = await h.load(index, "/app/mappings");
    expect(mappings.map((m) => [m.resource, m.version, m.objects])).toEqual([
      ["customer", 0, ["Account", "Contact"]],
      // The order mapping also writes the buyer's Contact (a guest's only one) and the order's refunds (a
      // pending refund is corrected by orders/updated).
      ["order", 0, ["Account", "Contact", "Product2", "PricebookEntry", "Opportunity", "OpportunityLineItem", "Shopify_Refund__c"]],
      ["refund", 0, ["Shopify_Refund__c"]],
    ]);
  });
});

describe("app.mappings.$resource", () => {
  it("loads the active document, the org's fields (type, length, required) and no versions yet", async () => {
    const view = await h.load(edit, path, customers);
    expect(view.version).toBe(0);
    expect(JSON.parse(view.documentText)).toEqual(defaultMappingInput("customer"));
    const lastName = view.fields?.Contact.find((field) => field.name === "LastName");
    expect(lastName).toMatchObject({ type: "string", length: 80, required: true });
    expect(view.versions).toEqual([]);
  });

  it("404s an unknown resource", async () => {
    expect((await h.thrown(h.load(edit, "/app/mappings/products", { params: { resource: "products" } }))).status).toBe(404);
  });

  it("previews Shopify's sample through mapping, rules and the org's describe without saving anything", async () => {
    await h.sql.query(`INSERT INTO "ValidationRule" (id, shop, resource, field, kind, params, action, "updatedAt") VALUES (gen_random_uuid(), $1, 'customer', 'phone', 'required', '{}', 'warn', now())`, [SHOP]);
    const document = customerDocument((doc) => {
      doc.targets[1].fields![0] = { target: "FirstName", expression: "$uppercase(first_name)" };
    });
    const result = await h.act(edit, path, { intent: "preview", document, source: "sample" }, customers);
    if (result.intent !== "preview" || !result.ok) throw new Error(JSON.stringify(result));
    const contact = result.result.records.find((record) => record.object === "Contact")!;
    // Exactly what would be sent: the id exact, the transforms and the expression applied.
    expect(contact.body).toMatchObject({ FirstName: "BOB", LastName: "Biller", Email: "bob@biller.com", Shopify_Customer_Id__c: "706405506930370084" });
    expect(contact.body.Account).toEqual({ Shopify_Customer_Id__c: "706405506930370084" });
    expect(contact.disposition).toBe("send");
    expect(result.result.violations).toContainEqual(expect.objectContaining({ field: "phone", action: "warn" }));
    expect(await versions()).toEqual([]);
  });

  it("reports a bad JSONata expression and a field the org does not have by path, and saves nothing", async () => {
    const document = customerDocument((doc) => {
      doc.targets[1].fields![1] = { target: "LastName", expression: "last_name &" };
      doc.targets[0].fields!.push({ target: "Loyalty_Tier__c", source: "tags" });
    });
    const result = await h.act(edit, path, { intent: "save", document }, customers);
    expect(result).toMatchObject({ intent: "save", ok: false });
    const issues = "issues" in result ? result.issues : [];
    expect(issues).toContainEqual({ path: "targets[1].fields[1].expression", message: expect.stringMatching(/JSONata|expression|Unexpected/i) });
    // Both problems at once: the org check runs even though the expression does not compile.
    expect(issues).toContainEqual({ path: "targets[0].fields[8].target", message: expect.stringContaining("Account.Loyalty_Tier__c does not exist") });

    // JSONata is fixed: now the describe check speaks.
    const second = await h.act(edit, path, { intent: "save", document: customerDocument((doc) => void doc.targets[0].fields!.push({ target: "Loyalty_Tier__c", source: "tags" })) }, customers);
    expect("issues" in second && second.issues).toEqual([{ path: "targets[0].fields[8].target", message: expect.stringContaining("Account.Loyalty_Tier__c does not exist in your Salesforce org") }]);
    expect(await versions()).toEqual([]);
  });

  it("reports malformed JSON, schema errors and another resource's document", async () => {
    const notJson = await h.act(edit, path, { intent: "save", document: "{ targets: " }, customers);
    expect("issues" in notJson && notJson.issues[0]).toMatchObject({ path: "(document)", message: expect.stringContaining("not valid JSON") });
    const badOwnership = await h.act(edit, path, { intent: "save", document: customerDocument((doc) => void (doc.targets[0].fields![0].ownership = "sometimes" as never)) }, customers);
    expect("issues" in badOwnership && badOwnership.issues.map((issue) => issue.path)).toEqual(["targets[0].fields[0].ownership"]);
    const order = await h.act(edit, path, { intent: "save", document: JSON.stringify(defaultMappingInput("order")) }, customers);
    expect("issues" in order && order.issues).toEqual([{ path: "resource", message: 'must be "customer" on this page' }]);
    expect((await h.thrown(h.act(edit, path, { intent: "explode" }, customers))).status).toBe(400);
    expect(await versions()).toEqual([]);
  });

  it("saves versions (one active), restores an old one and resets to defaults", async () => {
    const v1 = customerDocument((doc) => void (doc.targets[1].fields![0].ownership = "create-only"));
    expect(await h.act(edit, path, { intent: "save", document: v1 }, customers)).toEqual({ intent: "save", ok: true, version: 1 });
    expect(await h.act(edit, path, { intent: "save", document: customerDocument() }, customers)).toMatchObject({ ok: true, version: 2 });
    expect(await h.act(edit, path, { intent: "restore", version: "1" }, customers)).toMatchObject({ ok: true, version: 3 });
    const view = await h.load(edit, path, customers);
    expect(view.version).toBe(3);
    expect(JSON.parse(view.documentText)).toEqual(JSON.parse(v1));
    expect(view.versions.map((v) => [v.version, v.isActive])).toEqual([[3, true], [2, false], [1, false]]);
    expect(await h.act(edit, path, { intent: "reset" }, customers)).toMatchObject({ ok: true, version: 4 });
    expect(JSON.parse((await h.load(edit, path, customers)).documentText)).toEqual(defaultMappingInput("customer"));
    expect((await versions()).map((row) => [row.version, row.isActive, row.createdBy])).toEqual([
      [1, false, "user:42"],
      [2, false, "user:42"],
      [3, false, "user:42"],
      [4, true, "user:42"],
    ]);
    const { mappings } = await h.load(index, "/app/mappings");
    expect(mappings[0]).toMatchObject({ resource: "customer", version: 4, versions: 4 });
  });

  it("keeps each shop's mappings to itself", async () => {
    const other = await h.load(edit, path, { ...customers, shop: OTHER_SHOP });
    expect(other.version).toBe(0);
    expect(other.versions).toEqual([]);
    // No describe cached for the other shop: the picker falls back to free text.
    expect(other.fields).toBeNull();
    expect((await h.thrown(h.act(edit, path, { intent: "restore", version: "1" }, { ...customers, shop: OTHER_SHOP }))).status).toBe(404);
    expect(await versions(OTHER_SHOP)).toEqual([]);
  });

  it("previews the shop's most recent real payload, and says when there is none", async () => {
    const none = await h.act(edit, "/app/mappings/refunds", { intent: "preview", document: JSON.stringify(defaultMappingInput("refund")), source: "recent" }, { params: { resource: "refunds" } });
    expect("issues" in none && none.issues[0].path).toBe("(payload)");
    await h.seedEvent({ shopifyId: "9007199254740993", payload: { id: "9007199254740993", first_name: "Ada", last_name: "Lovelace", email: "ADA@example.com" } });
    await h.seedEvent({ shop: OTHER_SHOP, shopifyId: "1", payload: { id: "1", first_name: "Not", last_name: "Mine" } });
    const result = await h.act(edit, path, { intent: "preview", document: customerDocument(), source: "recent" }, customers);
    if (result.intent !== "preview" || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.payloadLabel).toContain("9007199254740993");
    expect(result.result.records.find((record) => record.object === "Contact")?.body).toMatchObject({ LastName: "Lovelace", Email: "ada@example.com", Shopify_Customer_Id__c: "9007199254740993" });
  });

  it("rejects requests without a session token", async () => {
    expect([302, 401]).toContain((await h.thrown(h.load(edit, path, { ...customers, anonymous: true }))).status);
  });
});
