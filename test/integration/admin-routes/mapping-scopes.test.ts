import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twoWayCustomerMapping } from "../../support/two-way-harness";
import { SHOP, startAdminHarness, type AdminHarness } from "./harness";

// Two-way rows need write_customers. A shop that installed the one-way app granted read scopes only: the
// Mappings page refuses to save rows that flow back and says how to approve the updated access.

type EditRoute = typeof import("../../../app/routes/app.mappings.$resource");

let h: AdminHarness;
let edit: EditRoute;

beforeAll(async () => {
  h = await startAdminHarness();
  edit = await import("../../../app/routes/app.mappings.$resource");
});
afterAll(() => h.close());

const customers = { params: { resource: "customers" } };
const path = "/app/mappings/customers";
const grant = (scope: string) => h.sql.query(`UPDATE "Session" SET scope = $2 WHERE id = $1`, [`offline_${SHOP}`, scope]);
const versions = async () => (await h.sql.query(`SELECT version FROM "MappingSet" WHERE shop = $1 AND resource = 'customer'`, [SHOP])).rows.length;

describe("two-way rows and the shop's access scopes", () => {
  it("refuses to save rows that write to Shopify without write_customers, naming each row and how to re-grant", async () => {
    await grant("read_customers,read_orders,read_products");
    const document = JSON.stringify(twoWayCustomerMapping("salesforce"));
    const result = await h.act(edit, path, { intent: "save", document }, customers);
    expect(result).toMatchObject({ intent: "save", ok: false });
    const issues = "issues" in result ? result.issues : [];
    expect(issues.length).toBe(3);
    for (const issue of issues) {
      expect(issue.path).toMatch(/^targets\[\d+\]\.fields\[\d+\]\.direction$/);
      expect(issue.message).toContain("write_customers");
      expect(issue.message).toContain("approve the updated access");
    }
    expect(await versions()).toBe(0);
  });

  it("saves them once the scope is granted; a later loss of the scope shows a banner on the page", async () => {
    await grant("read_customers,write_customers,read_orders,read_products");
    const document = JSON.stringify(twoWayCustomerMapping("salesforce"));
    expect(await h.act(edit, path, { intent: "save", document }, customers)).toMatchObject({ intent: "save", ok: true, version: 1 });
    expect((await h.load(edit, path, customers)).scopeNotice).toBeNull();
    await grant("read_customers,read_orders,read_products");
    expect((await h.load(edit, path, customers)).scopeNotice).toContain("write_customers");
  });

  it("a one-way mapping needs no write scope", async () => {
    await grant("read_customers,read_orders,read_products");
    const document = JSON.stringify({ ...twoWayCustomerMapping("salesforce"), targets: twoWayCustomerMapping("salesforce").targets.map((target) => ({ ...target, fields: (target.fields ?? []).filter((field) => !("direction" in field)) })) });
    expect(await h.act(edit, path, { intent: "save", document }, customers)).toMatchObject({ intent: "save", ok: true, version: 2 });
  });
});

describe("the preview of a two-way mapping", () => {
  it("shows the Salesforce → Shopify half from the live Salesforce record: per field what the poll would do, and the GraphQL it would send", async () => {
    await grant("read_customers,write_customers,read_orders,read_products");
    // The sample customer (Bob Biller) has a Contact the sales team edited: another phone, VIP tags, an owner.
    h.emulator.defaultOrg.insert("Contact", [{ LastName: "Biller", Shopify_Customer_Id__c: "706405506930370084", Phone: "+16135550199", Description: "VIP;Wholesale", Department: "Ada Lovelace" }]);
    const document = JSON.stringify(twoWayCustomerMapping("salesforce"));
    const result = await h.act(edit, path, { intent: "preview", document, source: "sample" }, customers);
    if (result.intent !== "preview" || !result.ok) throw new Error(JSON.stringify(result));
    const reverse = result.reverse;
    expect(reverse?.salesforceSource).toBe("live record");
    expect(reverse?.fields.map((field) => [field.field, field.outcome, field.salesforceValue])).toEqual([
      ["contact.Phone", "write", "+16135550199"],
      ["contact.Description", "write", "VIP\nWholesale"],
      ["contact.Department", "write", "Ada Lovelace"],
    ]);
    expect(reverse?.mutation?.query).toMatch(/c0_update: customerUpdate[\s\S]*c0_add: tagsAdd[\s\S]*c0_metafields: metafieldsSet/);
    expect(reverse?.mutation?.variables).toMatchObject({ c0_input: { id: "gid://shopify/Customer/706405506930370084", phone: "+16135550199" }, c0_add: ["VIP", "Wholesale"] });
    // Nothing is written anywhere by a preview.
    expect(h.emulator.defaultOrg.records("Contact").filter((row) => row.Shopify_Customer_Id__c === "706405506930370084")).toHaveLength(1);
  });
});
