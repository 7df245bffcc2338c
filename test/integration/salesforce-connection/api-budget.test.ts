import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OrgHandle } from "../../support/salesforce";
import { SHOP, startHarness, type Harness } from "./harness";

const MINUTE = 60 * 1000;
let h: Harness;
let org: OrgHandle;
let orgCounter = 0;

beforeAll(async () => {
  h = await startHarness({ budgetRecheckMs: 15 * MINUTE });
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.sql.query(`TRUNCATE "SalesforceConnection", "SalesforceOAuthState", "Shop"`);
  orgCounter++;
  org = h.emulator.createOrg({ username: `admin@budget${orgCounter}.example.com`, password: "pw", dailyApiLimit: 1000 });
  await h.connectShop(SHOP, org);
});

/** What the worker does after each batch: report jsforce's limitInfo (from Sforce-Limit-Info). */
async function callAndRecord(): Promise<{ used: number; limit: number }> {
  const conn = await h.sf.connectionFor(SHOP);
  await conn.query("SELECT Id FROM Account");
  const usage = conn.limitInfo.apiUsage!;
  await h.sf.recordApiUsage(SHOP, usage);
  return usage;
}

describe("API budget with a reserve (default 20% of the daily allocation)", () => {
  it("records usage from Sforce-Limit-Info and shows it in the status", async () => {
    const usage = await callAndRecord();
    expect(usage).toEqual({ used: org.apiUsage().used, limit: 1000 });
    const status = await h.sf.status(SHOP);
    expect(status.apiUsage).toMatchObject({ used: usage.used, limit: 1000, reserve: 200, belowReserve: false });
    expect(status.apiReservePercent).toBe(20);
    expect(await h.sf.budgetAllows(SHOP)).toEqual({ allowed: true });
  });

  it("pauses below the reserve, waits without spending calls, and resumes by itself when the budget returns", async () => {
    // The merchant's other integrations spend most of the day's allocation.
    org.org.apiUsage.record(800);
    const usage = await callAndRecord();
    expect(usage.limit - usage.used).toBeLessThanOrEqual(200);

    const paused = await h.sf.budgetAllows(SHOP);
    expect(paused.allowed).toBe(false);
    expect(paused.reason).toMatch(/leave 20% of your Salesforce org's daily API allocation/);
    expect(paused.resumeAt!.getTime()).toBe(h.now().getTime() + 15 * MINUTE);
    const status = await h.sf.status(SHOP);
    expect(status.pause).toMatchObject({ reason: "salesforce-api-budget" });
    expect(status.pause!.message).toMatch(/resumes by itself/);

    // Ten minutes on: still paused, and asking cost nothing.
    h.advance(10 * MINUTE);
    org.resetStats();
    expect((await h.sf.budgetAllows(SHOP)).allowed).toBe(false);
    expect(org.stats().apiCalls).toBe(0);

    // Sixteen minutes on, usage unchanged: one /limits call, still paused, next look in 15 minutes.
    h.advance(6 * MINUTE);
    const still = await h.sf.budgetAllows(SHOP);
    expect(still).toMatchObject({ allowed: false });
    expect(still.resumeAt!.getTime()).toBe(h.now().getTime() + 15 * MINUTE);
    expect(org.stats().byEndpoint["GET /limits"]?.calls).toBe(1);

    // A day later the rolling 24-hour window has dropped yesterday's calls (the session expired too).
    h.advance(25 * 60 * MINUTE);
    expect(await h.sf.budgetAllows(SHOP)).toEqual({ allowed: true });
    const shop = await h.prisma.shop.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(shop.syncPausedAt).toBeNull();
    expect((await h.sf.status(SHOP)).apiUsage).toMatchObject({ belowReserve: false });
  });

  it("follows the merchant's reserve setting both ways", async () => {
    org.org.apiUsage.record(850);
    await callAndRecord();
    expect((await h.sf.budgetAllows(SHOP)).allowed).toBe(false);
    await h.sf.setApiReservePercent(SHOP, 10);
    expect(await h.sf.budgetAllows(SHOP)).toEqual({ allowed: true });
    await h.sf.setApiReservePercent(SHOP, 50);
    expect((await h.sf.budgetAllows(SHOP)).allowed).toBe(false);
  });

  it("never lifts a re-authorization pause when the budget recovers", async () => {
    org.org.apiUsage.record(900);
    await callAndRecord();
    await h.prisma.shop.update({ where: { shop: SHOP }, data: { syncPauseReason: "salesforce-needs-reauth" } });
    await h.sf.setApiReservePercent(SHOP, 0);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { shop: SHOP } })).syncPauseReason).toBe("salesforce-needs-reauth");
  });
});
