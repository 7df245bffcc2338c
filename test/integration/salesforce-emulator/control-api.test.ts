import jsforce from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type OrgSummary, type SalesforceEmulator, type StatsSnapshot } from "../../support/salesforce";
import { API_VERSION, failure } from "./emulator-harness";

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function control<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${emulator.url}/__emulator${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

async function login(summary: OrgSummary): Promise<InstanceType<typeof jsforce.Connection>> {
  const conn = new jsforce.Connection({ loginUrl: summary.loginUrl, version: API_VERSION, oauth2: { clientId: "c", clientSecret: "s", loginUrl: summary.loginUrl } });
  await conn.login(summary.username, summary.password);
  return conn;
}

describe("control endpoints", () => {
  it("creates isolated orgs, seeds and reads records, and reports statistics", async () => {
    const shopA = (await control<OrgSummary>("POST", "/orgs", { username: "a@shop-a.example.com", password: "pw", dailyApiLimit: 1000 })).body;
    const shopB = (await control<OrgSummary>("POST", "/orgs", { username: "b@shop-b.example.com", password: "pw" })).body;
    expect(shopA.orgId).not.toBe(shopB.orgId);
    expect(shopA.instanceUrl).toBe(emulator.url);

    const seeded = await control<{ ids: string[] }>("POST", `/orgs/${shopA.orgId}/records/Account`, { records: [{ Name: "Seeded" }] });
    expect(seeded.status).toBe(201);
    expect(seeded.body.ids[0]).toMatch(/^001/);

    const conn = await login(shopA);
    await conn.sobject("Account").upsert([{ Name: "Via API", Shopify_Customer_Id__c: "9" }], "Shopify_Customer_Id__c", { allOrNone: false });
    const records = (await control<Array<{ Name: string }>>("GET", `/orgs/${shopA.orgId}/records/Account`)).body;
    expect(records.map((r) => r.Name).sort()).toEqual(["Seeded", "Via API"]);
    expect((await control<unknown[]>("GET", `/orgs/${shopB.orgId}/records/Account`)).body).toEqual([]);

    const stats = (await control<StatsSnapshot>("GET", `/orgs/${shopA.orgId}/stats`)).body;
    expect(stats.apiCalls).toBe(1);
    expect(stats.byEndpoint["PATCH /composite/sobjects/Account/Shopify_Customer_Id__c"]).toEqual({ calls: 1, records: 1 });
    expect(stats.calls[0]).toMatchObject({ method: "PATCH", status: 200, records: 1 });
    expect((await control<{ used: number; max: number }>("GET", `/orgs/${shopA.orgId}/limits`)).body).toMatchObject({ used: 1, max: 1000 });

    await control("POST", `/orgs/${shopA.orgId}/reset`);
    expect((await control<unknown[]>("GET", `/orgs/${shopA.orgId}/records/Account`)).body).toEqual([]);
    // Sessions survive a reset: the same connection keeps working.
    expect((await conn.query("SELECT COUNT() FROM Account")).totalSize).toBe(0);
  });

  it("configures rules, limits, person accounts and sessions over HTTP", async () => {
    const org = (await control<OrgSummary>("POST", "/orgs", {})).body;
    const conn = await login(org);
    await control("POST", `/orgs/${org.orgId}/validation-rules`, { object: "Contact", errorCondition: "Email = null", message: "Email is required", field: "Email" });
    const invalid = await failure(conn.sobject("Contact").create({ LastName: "No email" }));
    expect(invalid.errorCode).toBe("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    await control("DELETE", `/orgs/${org.orgId}/rules`);
    expect((await conn.sobject("Contact").create({ LastName: "No email" })).success).toBe(true);

    await control("POST", `/orgs/${org.orgId}/duplicate-rules`, { object: "Account", matchFields: ["Name"], message: "You're creating a duplicate record. We recommend you use an existing record instead." });
    await conn.sobject("Account").create({ Name: "Same" });
    const dup = await failure(conn.sobject("Account").create({ Name: "same" }));
    expect(dup.errorCode).toBe("DUPLICATES_DETECTED");

    const person = (await control<{ personRecordTypeId: string }>("POST", `/orgs/${org.orgId}/person-accounts`)).body;
    expect(person.personRecordTypeId).toMatch(/^012/);

    await control("PUT", `/orgs/${org.orgId}/limits`, { dailyApiRequests: 50 });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests.Max).toBe(50);

    await control("POST", `/orgs/${org.orgId}/expire-sessions`);
    const before = conn.accessToken;
    await conn.limits();
    expect(conn.accessToken).not.toBe(before);

    await control("POST", `/orgs/${org.orgId}/fields/Account`, { name: "Loyalty_Tier__c", type: "picklist", picklist: ["Gold", "Silver"], restrictedPicklist: true });
    const bad = await failure(conn.sobject("Account").create({ Name: "Tiered", Loyalty_Tier__c: "Bronze" }));
    expect(bad.errorCode).toBe("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");

    expect((await control("DELETE", `/orgs/${org.orgId}`)).status).toBe(200);
    expect((await control("GET", `/orgs/${org.orgId}`)).status).toBe(404);
  });

  it("lists orgs including the default one", async () => {
    const orgs = (await control<OrgSummary[]>("GET", "/orgs")).body;
    expect(orgs[0]).toMatchObject({ username: "admin@example.com", password: "password" });
    expect((await control<OrgSummary>("GET", "/orgs/default")).body.orgId).toBe(emulator.defaultOrg.orgId);
  });
});
