import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { connect, failure, raw } from "./emulator-harness";

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const POLL = { pollInterval: 20, pollTimeout: 10_000 };

describe("Bulk API 2.0 ingest", () => {
  it("inserts through loadAndWaitForResults and reports successes and failures", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    const results = await conn.bulk2.loadAndWaitForResults({
      object: "Account",
      operation: "insert",
      input: [
        { Name: "Bulk A", NumberOfEmployees: 10 },
        { Name: "Bulk B", NumberOfEmployees: "lots" },
        { NumberOfEmployees: 3 },
        { Name: "Bulk D", AnnualRevenue: null },
      ],
      ...POLL,
    });
    expect((results.successfulResults as unknown as Array<Record<string, string>>).map((r) => r.Name)).toEqual(["Bulk A", "Bulk D"]);
    expect(results.successfulResults[0].sf__Id).toMatch(/^001/);
    expect(results.successfulResults[0].sf__Created).toBe("true");
    expect(results.failedResults.map((r) => r.sf__Error)).toEqual([
      "INVALID_TYPE_ON_FIELD_IN_RECORD:Employees: value not of required type: lots:NumberOfEmployees --",
      "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --",
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    expect(org.records("Account").map((r) => r.Name).sort()).toEqual(["Bulk A", "Bulk D"]);
  });

  it("upserts by external id with parents named by their external id", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    await conn.sobject("Account").upsert({ Name: "Parent", Shopify_Customer_Id__c: "p1" }, "Shopify_Customer_Id__c");
    await conn.sobject("Contact").upsert({ LastName: "Existing", Shopify_Customer_Id__c: "c1" }, "Shopify_Customer_Id__c");
    const input = [
      { LastName: "Updated", Shopify_Customer_Id__c: "c1", "Account.Shopify_Customer_Id__c": "p1" },
      { LastName: "New", Shopify_Customer_Id__c: "c2" },
      { LastName: "Orphan", Shopify_Customer_Id__c: "c3", "Account.Shopify_Customer_Id__c": "nope" },
    ];
    const results = await conn.bulk2.loadAndWaitForResults({ object: "Contact", operation: "upsert", externalIdFieldName: "Shopify_Customer_Id__c", input, ...POLL });
    expect((results.successfulResults as unknown as Array<Record<string, string>>).map((r) => [r.LastName, r.sf__Created])).toEqual([
      ["Updated", "false"],
      ["New", "true"],
    ]);
    expect(results.failedResults[0].sf__Error).toBe("INVALID_FIELD:Foreign key external ID: nope not found for field Shopify_Customer_Id__c in entity Account: --");
    const updated = org.records("Contact").find((r) => r.Shopify_Customer_Id__c === "c1")!;
    expect(updated.LastName).toBe("Updated");
    expect(updated.AccountId).toMatch(/^001/);
  });

  it("fails a job whose CSV names an unknown column, and exposes job info", async () => {
    const conn = await connect(emulator);
    const job = conn.bulk2.createJob({ object: "Account", operation: "insert" });
    await job.open();
    expect(job.getInfo().state).toBe("Open");
    await job.uploadData("Name,Colour__c\nA,red\n");
    await job.close();
    const error = await failure(job.poll(20, 5000));
    expect(error.message).toBe("Ingest job failed to complete due to: InvalidBatch : Field name not found : Colour__c");
    const info = await raw(conn, "GET", `/jobs/ingest/${job.id}`);
    expect(info.body).toMatchObject({ id: job.id, state: "Failed", object: "Account", operation: "insert", jobType: "V2Ingest" });
  });

  it("answers 404 for an unknown job and rejects uploads to a closed job", async () => {
    const conn = await connect(emulator);
    expect((await raw(conn, "GET", "/jobs/ingest/7508c0000000000AAA")).status).toBe(404);
    const job = conn.bulk2.createJob({ object: "Account", operation: "insert" });
    await job.open();
    await job.uploadData([{ Name: "x" }]);
    await job.close();
    const upload = await raw(conn, "PUT", `/jobs/ingest/${job.id}/batches`, "Name\ny\n", { "Content-Type": "text/csv" });
    expect(upload.status).toBe(409);
  });
});
