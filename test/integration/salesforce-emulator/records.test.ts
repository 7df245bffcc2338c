import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksumSuffix, startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { connect, failure, raw } from "./emulator-harness";

let emulator: SalesforceEmulator;
let conn: Connection;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
  conn = await connect(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe("single records", () => {
  it("creates, retrieves, updates and deletes with Salesforce's status codes", async () => {
    const created = await raw(conn, "POST", "/sobjects/Account", { Name: "Acme", BillingCity: "Lyon" });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(created.body).toEqual({ id, success: true, errors: [], warnings: [] });
    expect(created.headers.get("location")).toBe(`/services/data/v62.0/sobjects/Account/${id}`);
    expect(id).toMatch(/^001[a-zA-Z0-9]{15}$/);
    expect(id.slice(15)).toBe(checksumSuffix(id.slice(0, 15)));

    const record = await conn.sobject("Account").retrieve(id);
    expect(record).toMatchObject({ attributes: { type: "Account" }, Id: id, Name: "Acme", BillingCity: "Lyon", IsDeleted: false });
    expect(record.BillingAddress).toMatchObject({ city: "Lyon", street: null });
    const few = await raw(conn, "GET", `/sobjects/Account/${id}?fields=Name,BillingCity`);
    expect(Object.keys(few.body as object)).toEqual(["attributes", "Name", "BillingCity"]);

    const patched = await raw(conn, "PATCH", `/sobjects/Account/${id}`, { Name: "Acme Corp" });
    expect(patched.status).toBe(204);
    // 15-char ids are accepted wherever an id is.
    expect((await conn.sobject("Account").retrieve(id.slice(0, 15))).Name).toBe("Acme Corp");

    expect((await raw(conn, "DELETE", `/sobjects/Account/${id}`)).status).toBe(204);
    const gone = await raw(conn, "GET", `/sobjects/Account/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual([{ message: "entity is deleted", errorCode: "ENTITY_IS_DELETED", fields: [] }]);
    const deleted = await conn.query("SELECT Id, IsDeleted FROM Account WHERE Id = '" + id + "'", { scanAll: true });
    expect(deleted.records[0]).toMatchObject({ IsDeleted: true });
  });

  it("answers MALFORMED_ID and NOT_FOUND for bad ids", async () => {
    const malformed = await raw(conn, "PATCH", "/sobjects/Account/001900K0001pPuOAAU", { Name: "x" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual([{ message: "Account ID: id value of incorrect type: 001900K0001pPuOAAU", errorCode: "MALFORMED_ID", fields: ["Id"] }]);
    const contactId = (await conn.sobject("Contact").create({ LastName: "Other type" })).id!;
    const wrongType = await raw(conn, "PATCH", `/sobjects/Account/${contactId}`, { Name: "x" });
    expect(wrongType.status).toBe(400);
    const missing = await raw(conn, "GET", "/sobjects/Account/0018c0000zzzzzz");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
    const unknownType = await raw(conn, "POST", "/sobjects/Nope__c", { Name: "x" });
    expect(unknownType.status).toBe(404);
  });
});

describe("upsert by external id", () => {
  it("creates (201), then updates (200), matching the fixtures' bodies", async () => {
    const first = await raw(conn, "PATCH", "/sobjects/Account/Shopify_Customer_Id__c/820982911946154508", { Name: "Jane" });
    expect(first.status).toBe(201);
    const { id } = first.body as { id: string };
    expect(first.body).toEqual({ id, success: true, errors: [], created: true });
    const second = await raw(conn, "PATCH", "/sobjects/Account/Shopify_Customer_Id__c/820982911946154508", { Name: "Jane Doe" });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id, success: true, errors: [], created: false });
    expect((await conn.sobject("Account").retrieve(id)).Shopify_Customer_Id__c).toBe("820982911946154508");

    const viaJsforce = await conn.sobject("Account").upsert({ Name: "Jane D.", Shopify_Customer_Id__c: "820982911946154508" }, "Shopify_Customer_Id__c");
    expect(viaJsforce).toEqual({ id, success: true, errors: [], created: false });
    const byExt = await raw(conn, "GET", "/sobjects/Account/Shopify_Customer_Id__c/820982911946154508");
    expect((byExt.body as { Name: string }).Name).toBe("Jane D.");
  });

  it("answers 404 for a field that is not an external id, and upserts by Id", async () => {
    const notExt = await raw(conn, "PATCH", "/sobjects/Account/Name/Acme", { Website: "https://acme.test" });
    expect(notExt.status).toBe(404);
    expect(notExt.body).toEqual([{ message: "Provided external ID field does not exist or is not accessible: Name", errorCode: "NOT_FOUND" }]);
    const unknown = await raw(conn, "PATCH", "/sobjects/Account/Namez/x", {});
    expect(unknown.body).toEqual([{ message: "Provided external ID field does not exist or is not accessible: Namez", errorCode: "NOT_FOUND" }]);

    const id = (await conn.sobject("Account").create({ Name: "By id" })).id!;
    const byId = await raw(conn, "PATCH", `/sobjects/Account/Id/${id}`, { Name: "By id, updated" });
    expect(byId.status).toBe(200);
    expect((byId.body as { created: boolean }).created).toBe(false);
  });

  it("answers 300 with the matching records when a non-unique external id matches several", async () => {
    const org = emulator.createOrg();
    org.addField("Contact", { name: "Legacy_Key__c", type: "string", length: 40, externalId: true, unique: false });
    const c = await connect(emulator, org);
    await c.sobject("Contact").create([{ LastName: "A", Legacy_Key__c: "K" }, { LastName: "B", Legacy_Key__c: "K" }]);
    const res = await raw(c, "PATCH", "/sobjects/Contact/Legacy_Key__c/K", { FirstName: "x" });
    expect(res.status).toBe(300);
    expect(res.body).toHaveLength(2);
    expect((res.body as string[])[0]).toMatch(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003/);
    const viaJsforce = await failure(c.sobject("Contact").upsert({ Legacy_Key__c: "K", FirstName: "x" }, "Legacy_Key__c"));
    expect(viaJsforce.errorCode).toBe("MULTIPLE_CHOICES");
  });

  it("sets parents by their external id and reports a missing one like Salesforce", async () => {
    await conn.sobject("Account").upsert({ Name: "Parent", Shopify_Customer_Id__c: "p-1" }, "Shopify_Customer_Id__c");
    const ok = await conn.sobject("Contact").upsert(
      { LastName: "Child", Shopify_Customer_Id__c: "c-1", Account: { Shopify_Customer_Id__c: "p-1" } },
      "Shopify_Customer_Id__c",
    );
    const child = await conn.query<{ Account: { Name: string } }>(`SELECT Account.Name FROM Contact WHERE Id = '${ok.id}'`);
    expect(child.records[0].Account.Name).toBe("Parent");
    const missing = await raw(conn, "PATCH", "/sobjects/Contact/Shopify_Customer_Id__c/c-2", { LastName: "Orphan", Account: { Shopify_Customer_Id__c: "123" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([
      { message: "Foreign key external ID: 123 not found for field Shopify_Customer_Id__c in entity Account", errorCode: "INVALID_FIELD", fields: [] },
    ]);
  });
});
