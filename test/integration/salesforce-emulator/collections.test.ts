import type { Connection, UpsertResult } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "../../support/salesforce";
import { connect, failure, raw } from "./emulator-harness";

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function freshOrg(): Promise<{ org: OrgHandle; conn: Connection }> {
  const org = emulator.createOrg();
  return { org, conn: await connect(emulator, org) };
}

const customers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ Name: `Customer ${from + i}`, Shopify_Customer_Id__c: String(7_000_000_000_000 + from + i) }));

describe("sObject Collections upsert", () => {
  it("upserts 1,000 records 200 per call and queries them back page by page", async () => {
    const { org, conn } = await freshOrg();
    const results = (await conn
      .sobject("Account")
      .upsert(customers(1000), "Shopify_Customer_Id__c", { allOrNone: false, allowRecursive: true })) as UpsertResult[];
    expect(results).toHaveLength(1000);
    expect(results.every((r) => r.success && r.created)).toBe(true);
    const stats = org.stats();
    expect(stats.byEndpoint["PATCH /composite/sobjects/Account/Shopify_Customer_Id__c"]).toEqual({ calls: 5, records: 1000 });
    expect(org.records("Account")).toHaveLength(1000);

    // Second pass: same ids, all updates, no duplicates.
    const again = (await conn
      .sobject("Account")
      .upsert(customers(1000), "Shopify_Customer_Id__c", { allOrNone: false, allowRecursive: true })) as UpsertResult[];
    expect(again.every((r) => r.success && r.created === false)).toBe(true);
    expect(again.map((r) => r.id)).toEqual(results.map((r) => r.id));

    const pages: number[] = [];
    const query = conn.query("SELECT Id, Shopify_Customer_Id__c FROM Account ORDER BY Shopify_Customer_Id__c", {
      autoFetch: true,
      maxFetch: 5000,
      headers: { "Sforce-Query-Options": "batchSize=250" },
    });
    query.on("fetch", () => pages.push(1));
    const all = await query;
    expect(all.totalSize).toBe(1000);
    expect(all.records).toHaveLength(1000);
    expect(pages).toHaveLength(4);
    expect((all.records[999] as { Shopify_Customer_Id__c: string }).Shopify_Customer_Id__c).toBe("7000000000999");
  });

  it("refuses more than 200 records in one call, as Salesforce does", async () => {
    const { conn } = await freshOrg();
    const tooMany = await failure(conn.sobject("Account").upsert(customers(201), "Shopify_Customer_Id__c", { allOrNone: false }));
    expect(tooMany.errorCode).toBe("EXCEEDED_ID_LIMIT");
    expect(tooMany.message).toBe("record limit reached. cannot submit more than 200 records into this call");
  });

  it("returns one result per record, in order, with per-record errors (allOrNone false)", async () => {
    const { org, conn } = await freshOrg();
    const records = [
      { Name: "ok 1", Shopify_Customer_Id__c: "1" },
      { Name: "x".repeat(256), Shopify_Customer_Id__c: "2" },
      { Name: "ok 3", Shopify_Customer_Id__c: "3" },
    ];
    const res = await raw(conn, "PATCH", "/composite/sobjects/Account/Shopify_Customer_Id__c", {
      allOrNone: false,
      records: records.map((r) => ({ attributes: { type: "Account" }, ...r })),
    });
    expect(res.status).toBe(200);
    const body = res.body as Array<Record<string, unknown>>;
    expect(body[0]).toMatchObject({ success: true, created: true, errors: [] });
    expect(body[1]).toEqual({
      success: false,
      errors: [{ statusCode: "STRING_TOO_LONG", message: `Account Name: data value too large: ${"x".repeat(256)} (max length=255)`, fields: ["Name"] }],
      created: false,
    });
    expect(body[2]).toMatchObject({ success: true, created: true });
    expect(org.records("Account")).toHaveLength(2);
  });

  it("rolls everything back with allOrNone true", async () => {
    const { org, conn } = await freshOrg();
    await conn.sobject("Account").upsert({ Name: "existing", Shopify_Customer_Id__c: "AAA" }, "Shopify_Customer_Id__c");
    const res = await raw(conn, "PATCH", "/composite/sobjects/Account/Shopify_Customer_Id__c", {
      allOrNone: true,
      records: [
        { attributes: { type: "Account" }, Name: "renamed", Shopify_Customer_Id__c: "AAA" },
        { attributes: { type: "Account" }, Name: "new", Shopify_Customer_Id__c: "BBB" },
        { attributes: { type: "Account" }, Shopify_Customer_Id__c: "CCC" },
      ],
    });
    const body = res.body as Array<Record<string, unknown>>;
    const rolledBack = {
      statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK",
      message: "Record rolled back because not all records were valid and the request was using AllOrNone header",
      fields: [],
    };
    expect(body[0]).toEqual({ id: expect.stringMatching(/^001/), success: false, errors: [rolledBack], created: false });
    expect(body[1]).toEqual({ success: false, errors: [rolledBack], created: false });
    expect(body[2]).toEqual({
      success: false,
      errors: [{ statusCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [Name]", fields: ["Name"] }],
      created: false,
    });
    const rows = org.records("Account");
    expect(rows.map((r) => r.Name)).toEqual(["existing"]);
  });

  it("fails every record that repeats an external id within one call", async () => {
    const { conn } = await freshOrg();
    const res = (await conn.sobject("Account").upsert(
      [
        { Name: "a", Shopify_Customer_Id__c: "dup" },
        { Name: "b", Shopify_Customer_Id__c: "dup" },
        { Name: "c", Shopify_Customer_Id__c: "solo" },
      ],
      "Shopify_Customer_Id__c",
      { allOrNone: false },
    )) as unknown as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(res.map((r) => r.success)).toEqual([false, false, true]);
    expect(res[0].errors[0].statusCode).toBe("DUPLICATE_EXTERNAL_ID");
  });
});

describe("other collection calls", () => {
  it("creates, updates, retrieves and deletes many records", async () => {
    const { org, conn } = await freshOrg();
    const created = await conn.sobject("Contact").create([{ LastName: "One" }, { LastName: "Two" }, { FirstName: "No last name" }]);
    expect(created.map((r) => r.success)).toEqual([true, true, false]);
    const ids = created.filter((r) => r.success).map((r) => r.id!);

    const updated = await conn.sobject("Contact").update([
      { Id: ids[0], Title: "Lead Engineer" },
      { Id: "001xx000003DGb2999", Title: "x" },
    ]);
    expect(updated[0]).toEqual({ id: ids[0], success: true, errors: [] });
    expect(updated[1]).toEqual({
      success: false,
      errors: [{ statusCode: "MALFORMED_ID", message: "Contact ID: id value of incorrect type: 001xx000003DGb2999", fields: ["Id"] }],
    });

    const fetched = await conn.sobject("Contact").retrieve([ids[0], ids[1]], { fields: ["LastName", "Title"] });
    expect(fetched.map((r) => r?.Title ?? null)).toEqual(["Lead Engineer", null]);

    const deleted = await conn.sobject("Contact").destroy(ids);
    expect(deleted.every((r) => r.success)).toBe(true);
    expect(org.records("Contact")).toHaveLength(0);
    expect(org.records("Contact", { includeDeleted: true })).toHaveLength(2);
  });

  it("rolls back a mixed create with allOrNone", async () => {
    const { org, conn } = await freshOrg();
    const res = await raw(conn, "POST", "/composite/sobjects", {
      allOrNone: true,
      records: [
        { attributes: { type: "Account" }, Name: "example.com", BillingCity: "San Francisco" },
        { attributes: { type: "Contact" }, FirstName: "Erica" },
      ],
    });
    const body = res.body as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(body.map((r) => r.errors[0].statusCode)).toEqual(["ALL_OR_NONE_OPERATION_ROLLED_BACK", "REQUIRED_FIELD_MISSING"]);
    expect(org.records("Account")).toHaveLength(0);
  });
});
