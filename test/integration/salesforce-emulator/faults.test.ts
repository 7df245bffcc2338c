import type { Connection } from "jsforce";
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

const accounts = (n: number) => Array.from({ length: n }, (_, i) => ({ Name: `A${i}`, Shopify_Customer_Id__c: `ext-${i}` }));

describe("fault injection", () => {
  it("adds latency with jitter", async () => {
    const { org, conn } = await freshOrg();
    org.setFaults({ latencyMs: 60, jitterMs: 20 });
    const started = performance.now();
    await conn.limits();
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });

  it("answers 500/503 at a seeded rate, reproducibly", async () => {
    const outcomes = async (): Promise<string[]> => {
      const { org, conn } = await freshOrg();
      org.setFaults({ seed: 7, serverErrorRate: 0.4 });
      const out: string[] = [];
      for (let i = 0; i < 12; i++) {
        // POST is never retried by jsforce, so every injected error surfaces.
        out.push(await conn.sobject("Account").create({ Name: `A${i}` }).then(() => "ok", (e: { errorCode: string }) => e.errorCode));
      }
      return out;
    };
    const first = await outcomes();
    expect(first).toContain("ok");
    expect(first.some((o) => o === "UNKNOWN_EXCEPTION" || o === "SERVER_UNAVAILABLE")).toBe(true);
    expect(await outcomes()).toEqual(first);
  });

  it("scripts exact faults; jsforce retries a GET after a 503", async () => {
    const { org, conn } = await freshOrg();
    org.injectFaults([{ kind: "status", status: 503 }]);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests.Max).toBe(15000);
    expect(org.stats().calls.map((c) => c.status)).toEqual([503, 200]);
    org.injectFaults([{ kind: "status", status: 500 }]);
    const error = await failure(conn.sobject("Account").create({ Name: "x" }));
    expect(error.errorCode).toBe("UNKNOWN_EXCEPTION");
  });

  it("forces REQUEST_LIMIT_EXCEEDED", async () => {
    const { org, conn } = await freshOrg();
    org.setFaults({ requestLimitRate: 1 });
    const error = await failure(conn.sobject("Account").create({ Name: "x" }));
    expect(error.errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
  });

  it("fails records with UNABLE_TO_LOCK_ROW at a seeded rate inside collection results", async () => {
    const run = async (): Promise<boolean[]> => {
      const { org, conn } = await freshOrg();
      org.setFaults({ seed: 3, lockRowRate: 0.25 });
      const results = (await conn.sobject("Account").upsert(accounts(200), "Shopify_Customer_Id__c", { allOrNone: false })) as unknown as Array<{
        success: boolean;
        errors: Array<{ statusCode: string; message: string }>;
      }>;
      const failed = results.filter((r) => !r.success);
      expect(failed.length).toBeGreaterThan(20);
      expect(failed.length).toBeLessThan(80);
      expect(failed[0].errors).toEqual([{ statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record", fields: [] }]);
      expect(org.records("Account")).toHaveLength(200 - failed.length);
      return results.map((r) => r.success);
    };
    expect(await run()).toEqual(await run());
  });

  it("answers a locked single record with the REST error body", async () => {
    const { org, conn } = await freshOrg();
    const id = (await conn.sobject("Account").create({ Name: "locked" })).id!;
    org.setFaults({ lockRowRate: 1 });
    const res = await raw(conn, "PATCH", `/sobjects/Account/${id}`, { Name: "y" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: `unable to obtain exclusive access to this record or 1 records: ${id}`, errorCode: "UNABLE_TO_LOCK_ROW", fields: [] }]);
  });

  it("expires the session until the client logs in again", async () => {
    const { org, conn } = await freshOrg();
    const token = conn.accessToken!;
    org.injectFaults([{ kind: "sessionExpired" }]);
    // jsforce sees 401 INVALID_SESSION_ID and logs in again with the stored credentials.
    await conn.sobject("Account").create({ Name: "after refresh" });
    expect(conn.accessToken).not.toBe(token);
    const stale = await fetch(`${emulator.url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${token}` } });
    expect(stale.status).toBe(401);
  });

  it("resets connections without answering", async () => {
    const { org, conn } = await freshOrg();
    org.injectFaults([{ kind: "reset" }, { kind: "reset" }]);
    const write = await failure(conn.sobject("Account").create({ Name: "x" }));
    expect(write.message).toBe("fetch failed");
    // undici reports "other side closed" without an errno, so jsforce does not retry even a GET.
    const read = await failure(conn.limits());
    expect(read.message).toBe("fetch failed");
    expect((await conn.limits()).DailyApiRequests).toBeDefined();
  });

  it("answers slower than a client's timeout, after doing the work", async () => {
    const { org, conn } = await freshOrg();
    org.injectFaults([{ kind: "slow", ms: 400 }]);
    const timedOut = await failure(
      conn.request(
        { method: "POST", url: "/sobjects/Account", body: JSON.stringify({ Name: "saved anyway" }), headers: { "content-type": "application/json" } },
        { timeout: 100 },
      ),
    );
    expect(timedOut.message).toMatch(/timeout|abort/i);
    await new Promise((r) => setTimeout(r, 450));
    expect(org.records("Account").map((r) => r.Name)).toEqual(["saved anyway"]);
  });

  it("limits faults to matching paths and is configurable over the control API", async () => {
    const { org, conn } = await freshOrg();
    const put = await fetch(`${emulator.url}/__emulator/orgs/${org.orgId}/faults`, {
      method: "PUT",
      body: JSON.stringify({ requestLimitRate: 1, pathPattern: "^/composite/" }),
    });
    expect(put.status).toBe(200);
    await conn.sobject("Account").create({ Name: "not faulted" });
    const error = await failure(conn.sobject("Account").create([{ Name: "faulted" }]));
    expect(error.errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    await fetch(`${emulator.url}/__emulator/orgs/${org.orgId}/faults`, { method: "DELETE" });
    expect((await conn.sobject("Account").create([{ Name: "fine again" }]))[0].success).toBe(true);
  });
});
