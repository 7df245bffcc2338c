import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type OrgSummary, type SalesforceEmulator } from "../../support/salesforce";
import { connect, raw } from "./emulator-harness";

// What a backfill and reconciliation rely on: Bulk API 2.0 results that add up,
// upsert on Id, UpsertResult.created on failures, the replication resources, NOT_FOUND for
// sub-resources we do not model, and custom objects made through the control API.

let now = Date.parse("2026-12-01T10:00:30Z");
let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator({ clock: () => now });
});

afterAll(async () => {
  await emulator.close();
});

const POLL = { pollInterval: 20, pollTimeout: 10_000 };
type CsvRow = Record<string, string>;

describe("Bulk API 2.0 ingest results", () => {
  it("fails a row whose cells are all empty with REQUIRED_FIELD_MISSING, so the counts add up", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    const job = conn.bulk2.createJob({ object: "Account", operation: "insert" });
    await job.open();
    await job.uploadData("Name,Description\nFirst,one\n,\nThird,three\n");
    await job.close();
    await job.poll(POLL.pollInterval, POLL.pollTimeout);
    const failed = (await job.getFailedResults()) as unknown as CsvRow[];
    const successful = (await job.getSuccessfulResults()) as unknown as CsvRow[];
    expect(successful.map((r) => r.Name)).toEqual(["First", "Third"]);
    expect(failed).toHaveLength(1);
    expect(failed[0].sf__Error).toMatch(/^REQUIRED_FIELD_MISSING:Required fields are missing: \[Name\]/);
    const info = (await raw(conn, "GET", `/jobs/ingest/${job.id}`)).body as Record<string, number>;
    expect(info.numberRecordsProcessed).toBe(3);
    expect(info.numberRecordsFailed).toBe(1);
  });

  it("upserts on Id: rows with an Id update, rows without one are inserted", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    const [existing] = org.insert("Account", [{ Name: "Old name" }]);
    const results = await conn.bulk2.loadAndWaitForResults({
      object: "Account",
      operation: "upsert",
      externalIdFieldName: "Id",
      input: [
        { Id: existing, Name: "New name" },
        { Id: "", Name: "Brand new" },
      ],
      ...POLL,
    });
    const ok = results.successfulResults as unknown as CsvRow[];
    expect(ok.map((r) => [r.Name, r.sf__Created])).toEqual([
      ["New name", "false"],
      ["Brand new", "true"],
    ]);
    expect(results.failedResults).toEqual([]);
    expect(org.records("Account").map((r) => r.Name).sort()).toEqual(["Brand new", "New name"]);
  });
});

describe("sObject Collections upsert", () => {
  it("says created: false on a failed UpsertResult", async () => {
    const conn = await connect(emulator, emulator.createOrg());
    const res = await raw(conn, "PATCH", "/composite/sobjects/Account/Shopify_Customer_Id__c", {
      allOrNone: false,
      records: [
        { attributes: { type: "Account" }, Shopify_Customer_Id__c: "1", Name: "Fine" },
        { attributes: { type: "Account" }, Shopify_Customer_Id__c: "2" },
      ],
    });
    const body = res.body as Array<Record<string, unknown>>;
    expect(body[0]).toMatchObject({ success: true, created: true });
    expect(body[1]).toMatchObject({ success: false, created: false });
    expect(Object.keys(body[1])).toEqual(["success", "errors", "created"]);
  });
});

describe("replication resources", () => {
  it("lists records updated and deleted in a window, ignoring seconds", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    now = Date.parse("2026-12-01T10:00:30Z");
    const a = await conn.sobject("Account").create({ Name: "A" });
    const b = await conn.sobject("Account").create({ Name: "B" });
    const c = await conn.sobject("Account").create({ Name: "C" });
    now = Date.parse("2026-12-01T10:05:10Z");
    await conn.sobject("Account").update({ Id: b.id!, Name: "B2" });
    await conn.sobject("Account").destroy(a.id!);
    now = Date.parse("2026-12-01T10:10:00Z");

    const early = await raw(conn, "GET", `/sobjects/Account/updated/?start=${encodeURIComponent("2026-12-01T10:00:45+00:00")}&end=${encodeURIComponent("2026-12-01T10:03:00+00:00")}`);
    // 10:00:45 is read as 10:00:00, so the 10:00:30 creates fall inside; B's later update moved it
    // out and A is deleted, which only the deleted resource lists.
    expect(early.body).toEqual({ ids: [c.id], latestDateCovered: "2026-12-01T10:03:00.000+0000" });
    const late = await raw(conn, "GET", `/sobjects/Account/updated/?start=2026-12-01T10:04:00Z&end=2026-12-01T10:09:00Z`);
    expect(late.body).toEqual({ ids: [b.id], latestDateCovered: "2026-12-01T10:09:00.000+0000" });

    const gone = await raw(conn, "GET", `/sobjects/Account/deleted/?start=2026-12-01T10:00:00Z&end=2026-12-01T10:09:00Z`);
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({
      deletedRecords: [{ id: a.id, deletedDate: "2026-12-01T10:05:10.000+0000" }],
      earliestDateAvailable: "2026-12-01T10:05:00.000+0000",
      latestDateCovered: "2026-12-01T10:09:00.000+0000",
    });
  });

  it("refuses a window that starts after it ends or too far back, and a missing parameter", async () => {
    const conn = await connect(emulator, emulator.createOrg());
    now = Date.parse("2026-12-01T10:10:00Z");
    const backwards = await raw(conn, "GET", "/sobjects/Account/updated/?start=2026-12-01T10:00:00Z&end=2026-11-30T10:00:00Z");
    expect(backwards.status).toBe(400);
    expect((backwards.body as Array<{ errorCode: string }>)[0].errorCode).toBe("INVALID_REPLICATION_DATE");
    const tooOld = await raw(conn, "GET", "/sobjects/Account/deleted/?start=2026-11-01T00:00:00Z&end=2026-12-01T10:00:00Z");
    expect((tooOld.body as Array<{ errorCode: string }>)[0].errorCode).toBe("INVALID_REPLICATION_DATE");
    const missing = await raw(conn, "GET", "/sobjects/Account/updated/?start=2026-12-01T10:00:00Z");
    expect(missing.status).toBe(400);
  });

  it("answers NOT_FOUND for sub-resources it does not model instead of an external-id lookup", async () => {
    const conn = await connect(emulator, emulator.createOrg());
    for (const path of ["/sobjects/Account/listviews", "/sobjects/Account/quickActions/x", "/sobjects/Account/describe/nonsense", "/sobjects/Account/a/b/c"]) {
      const res = await raw(conn, "GET", path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual([{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]);
    }
  });
});

describe("control API", () => {
  it("creates a custom object that the REST API then describes, writes and queries", async () => {
    const summary = (await (await fetch(`${emulator.url}/__emulator/orgs`, { method: "POST", body: JSON.stringify({ username: "cust@obj.example.com", password: "pw" }) })).json()) as OrgSummary;
    const created = await fetch(`${emulator.url}/__emulator/orgs/${summary.orgId}/objects`, {
      method: "POST",
      body: JSON.stringify({
        name: "Loyalty_Card__c",
        label: "Loyalty Card",
        fields: [
          { name: "Card_Number__c", type: "string", length: 40, externalId: true, unique: true },
          { name: "Points__c", type: "double", precision: 18, scale: 0 },
          { name: "Account__c", type: "reference", referenceTo: ["Account"], relationshipName: "Account__r" },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const describe = (await created.json()) as { name: string; keyPrefix: string; custom: boolean };
    expect(describe).toMatchObject({ name: "Loyalty_Card__c", custom: true });
    expect(describe.keyPrefix).toMatch(/^a[0-9A-Z]{2}$/);

    const handle = emulator.orgs().find((o) => o.orgId === summary.orgId)!;
    const conn = await connect(emulator, handle);
    const account = await conn.sobject("Account").create({ Name: "Holder" });
    const upsert = await conn.sobject("Loyalty_Card__c").upsert({ Card_Number__c: "C-1", Points__c: 120, Account__c: account.id }, "Card_Number__c");
    expect(upsert).toMatchObject({ success: true, created: true });
    const rows = await conn.query<{ Points__c: number; Account__r: { Name: string } }>("SELECT Points__c, Account__r.Name FROM Loyalty_Card__c");
    expect(rows.records.map((r) => [r.Points__c, r.Account__r.Name])).toEqual([[120, "Holder"]]);
    const again = await fetch(`${emulator.url}/__emulator/orgs/${summary.orgId}/objects`, { method: "POST", body: JSON.stringify({ name: "Loyalty_Card__c" }) });
    expect(again.status).toBe(400);
  });
});
