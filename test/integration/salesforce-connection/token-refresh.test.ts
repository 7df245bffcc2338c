import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SalesforceNeedsReauthError,
  toSalesforceConnectionError,
} from "../../../app/services/salesforce/index.server";
import { SHOP, caught, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.sql.query(`TRUNCATE "SalesforceConnection", "SalesforceOAuthState", "Shop", "WebhookEvent"`);
  await h.connectShop(SHOP);
});

const sessions = () => h.emulator.defaultOrg.org.sessions.size;

async function storedRefreshToken(): Promise<string> {
  const row = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
  return h.cipher.decrypt(row.refreshTokenEncrypted!, `salesforce-connection:${SHOP}:refreshToken`);
}

describe("refresh on an expired session", () => {
  it("refreshes once through the stored refresh token and keeps working", async () => {
    const before = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    const conn = await h.sf.connectionFor(SHOP);
    h.emulator.defaultOrg.expireSessions();
    const result = await conn.query("SELECT Id FROM Account");
    expect(result.done).toBe(true);
    expect(sessions()).toBe(1);
    const after = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(after.accessTokenEncrypted).not.toBe(before.accessTokenEncrypted);
    expect(after.tokenRefreshedAt!.getTime()).toBeGreaterThanOrEqual(before.tokenRefreshedAt!.getTime());
    // A new connection starts with the refreshed token: no second refresh.
    await (await h.sf.connectionFor(SHOP)).query("SELECT Id FROM Account");
    expect(sessions()).toBe(1);
  });

  it("also refreshes when the access token simply timed out (2 hours later)", async () => {
    h.advance(2 * 60 * 60 * 1000 + 1);
    const limits = await (await h.sf.connectionFor(SHOP)).limits();
    expect(limits.DailyApiRequests.Max).toBeGreaterThan(0);
  });

  it("N concurrent callers in one process after expiry → exactly one token request", async () => {
    const conns = await Promise.all(Array.from({ length: 12 }, () => h.sf.connectionFor(SHOP)));
    h.emulator.defaultOrg.expireSessions();
    h.emulator.defaultOrg.resetStats();
    const results = await Promise.all(conns.map((conn) => conn.query("SELECT Id FROM Account")));
    expect(results.every((r) => r.done)).toBe(true);
    expect(sessions()).toBe(1); // one token issued by /services/oauth2/token
    const accessTokens = new Set(conns.map((c) => c.accessToken));
    expect(accessTokens.size).toBe(1);
    expect(h.emulator.defaultOrg.stats().byEndpoint["GET /query"]?.calls).toBe(12);
  });

  it("N concurrent callers in two processes → one token request; the second process reuses the stored token", async () => {
    const other = h.secondProcess();
    const conns = [
      ...(await Promise.all(Array.from({ length: 6 }, () => h.sf.connectionFor(SHOP)))),
      ...(await Promise.all(Array.from({ length: 6 }, () => other.connectionFor(SHOP)))),
    ];
    h.emulator.defaultOrg.expireSessions();
    const results = await Promise.all(conns.map((conn) => conn.query("SELECT Id FROM Account")));
    expect(results.every((r) => r.done)).toBe(true);
    expect(sessions()).toBe(1);
    expect(new Set(conns.map((c) => c.accessToken)).size).toBe(1);
  });

  it("refreshes started at the same instant by four processes serialise on the per-shop lock", async () => {
    const stale = (await h.sf.connectionFor(SHOP)).accessToken!;
    h.emulator.defaultOrg.expireSessions();
    const processes = [h.sf, h.secondProcess(), h.secondProcess(), h.secondProcess()];
    const sessionsSeen = await Promise.all(processes.map((p) => p.refreshSession(SHOP, stale)));
    expect(sessions()).toBe(1);
    expect(new Set(sessionsSeen.map((s) => s.accessToken)).size).toBe(1);
  });

  it("a process whose token went stale after another refreshed uses the stored one without a token request", async () => {
    const stale = await h.sf.connectionFor(SHOP);
    h.emulator.defaultOrg.expireSessions();
    await h.secondProcess().refreshSession(SHOP, stale.accessToken!);
    expect(sessions()).toBe(1);
    await stale.query("SELECT Id FROM Account"); // 401 → refreshFn → re-read under the lock
    expect(sessions()).toBe(1);
  });
});

describe("a revoked refresh token (invalid_grant)", () => {
  it("sets needs-reauth, pauses the shop with a message and keeps its events queued", async () => {
    await h.prisma.webhookEvent.create({
      data: { shop: SHOP, topic: "orders/create", resource: "order", shopifyId: "1", dedupeKey: "e1", webhookId: "w1", apiVersion: "2026-10", payload: {}, payloadBytes: 2, status: "queued" },
    });
    // The merchant revokes the app in Salesforce (Setup → Connected Apps OAuth Usage → Revoke).
    const revoked = await fetch(`${h.emulator.url}/services/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: await storedRefreshToken() }) });
    expect(revoked.status).toBe(200);

    const conn = await h.sf.connectionFor(SHOP);
    const failure = await caught(conn.query("SELECT Id FROM Account"));
    const classified = toSalesforceConnectionError(failure, SHOP);
    expect(classified).toBeInstanceOf(SalesforceNeedsReauthError);
    expect(classified?.pausesSync).toBe(true);
    expect(classified?.merchantMessage).toMatch(/invalid_grant.*Connect to resume/s);

    const { rows } = await h.sql.query(`SELECT status, "statusMessage", "accessTokenEncrypted", "refreshTokenEncrypted" FROM "SalesforceConnection"`);
    expect(rows[0]).toMatchObject({ status: "needs-reauth", accessTokenEncrypted: null, refreshTokenEncrypted: null });
    expect(rows[0].statusMessage).toMatch(/Sync is paused/);
    const shop = await h.prisma.shop.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(shop.syncPausedAt).not.toBeNull();
    expect(shop.syncPauseReason).toBe("salesforce-needs-reauth");
    expect((await h.prisma.webhookEvent.findFirstOrThrow()).status).toBe("queued");

    await expect(h.sf.connectionFor(SHOP)).rejects.toBeInstanceOf(SalesforceNeedsReauthError);
    expect(await h.sf.budgetAllows(SHOP)).toMatchObject({ allowed: false, reason: expect.stringMatching(/Connect/) });
    const status = await h.sf.status(SHOP);
    expect(status).toMatchObject({ status: "needs-reauth", pause: { reason: "salesforce-needs-reauth" } });

    // Reconnecting clears both.
    await h.connectShop(SHOP);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { shop: SHOP } })).syncPausedAt).toBeNull();
    expect(await h.sf.budgetAllows(SHOP)).toEqual({ allowed: true });
  });

  it("concurrent callers all get the needs-reauth error from one token request", async () => {
    await fetch(`${h.emulator.url}/services/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: await storedRefreshToken() }) });
    const conns = await Promise.all(Array.from({ length: 5 }, () => h.sf.connectionFor(SHOP)));
    const failures = await Promise.all(conns.map((c) => caught(c.query("SELECT Id FROM Account"))));
    expect(failures.map((f) => toSalesforceConnectionError(f)?.code)).toEqual(Array(5).fill("SALESFORCE_NEEDS_REAUTH"));
  });
});

describe("a passing refresh failure", () => {
  it("is retryable and pauses nothing", async () => {
    const conn = await h.sf.connectionFor(SHOP);
    h.emulator.defaultOrg.expireSessions();
    // The token endpoint is unreachable: the login host is down for a moment.
    await h.sql.query(`UPDATE "SalesforceConnection" SET "loginUrl" = 'http://127.0.0.1:9'`);
    const failure = await caught(conn.query("SELECT Id FROM Account"));
    expect(toSalesforceConnectionError(failure)?.code).toBe("SALESFORCE_REFRESH_FAILED");
    expect(toSalesforceConnectionError(failure)?.pausesSync).toBe(false);
    expect((await h.sf.status(SHOP)).status).toBe("connected");
    expect((await h.sf.status(SHOP)).pause).toBeNull();
  });
});
