import { createHmac } from "node:crypto";
import { OAuth2 } from "jsforce";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SalesforceNotConnectedError } from "../../../app/services/salesforce/index.server";
import { OTHER_SHOP, SHOP, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.sql.query(`TRUNCATE "SalesforceConnection", "SalesforceOAuthState", "Shop"`);
});

async function begin(shop = SHOP): Promise<{ authorizeUrl: URL; state: string }> {
  const begun = await h.sf.oauth.begin({ shop, environment: "custom", myDomain: h.emulator.url });
  if (!begun.ok) throw new Error(begun.message);
  const authorizeUrl = new URL(begun.authorizeUrl);
  return { authorizeUrl, state: authorizeUrl.searchParams.get("state")! };
}

describe("connect: OAuth 2.0 web-server flow with PKCE through jsforce.OAuth2", () => {
  it("follows authorize → login → callback, exchanges the code with the verifier and stores the identity", async () => {
    const { authorizeUrl } = await begin();
    expect(authorizeUrl.pathname).toBe("/services/oauth2/authorize");
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "shopify-sync-client",
      redirect_uri: "https://app.example.com/auth/salesforce/callback",
      scope: "api refresh_token id",
    });
    // S256 challenge only: the verifier itself never leaves the server.
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorizeUrl.searchParams.has("code_verifier")).toBe(false);

    const result = await h.sf.oauth.complete(await h.authorizeInBrowser(authorizeUrl.toString()));
    expect(result).toEqual({ ok: true, shop: SHOP, orgId: h.emulator.defaultOrg.orgId, username: "admin@example.com" });
    const status = await h.sf.status(SHOP);
    expect(status).toMatchObject({
      status: "connected",
      environment: "custom",
      loginUrl: h.emulator.url,
      instanceUrl: h.emulator.url,
      orgId: h.emulator.defaultOrg.orgId,
      username: "admin@example.com",
      apiVersion: h.config.apiVersion,
    });
    expect(status.connectedAt).not.toBeNull();

    const conn = await h.sf.connectionFor(SHOP);
    const accounts = await conn.query("SELECT Id FROM Account");
    expect(accounts.done).toBe(true);
  });

  it("builds authorize URLs for production, sandbox and a validated My Domain", async () => {
    const production = await h.sf.oauth.begin({ shop: SHOP, environment: "production" });
    const sandbox = await h.sf.oauth.begin({ shop: SHOP, environment: "sandbox" });
    const myDomain = await h.sf.oauth.begin({ shop: SHOP, environment: "custom", myDomain: "acme--uat.sandbox.my.salesforce.com" });
    expect(production.ok && new URL(production.authorizeUrl).origin).toBe("https://login.salesforce.com");
    expect(sandbox.ok && new URL(sandbox.authorizeUrl).origin).toBe("https://test.salesforce.com");
    expect(myDomain.ok && new URL(myDomain.authorizeUrl).origin).toBe("https://acme--uat.sandbox.my.salesforce.com");
    for (const bad of ["http://acme.my.salesforce.com", "https://evil.example.com", "https://acme.my.salesforce.com.evil.com", "https://acme.my.salesforce.com/path", "https://user:pw@acme.my.salesforce.com", "http://127.0.0.1:1", ""]) {
      const result = await h.sf.oauth.begin({ shop: SHOP, environment: "custom", myDomain: bad });
      expect(result.ok, bad).toBe(false);
    }
  });

  it("reports Salesforce's refusal (access_denied) without storing anything", async () => {
    const { state } = await begin();
    const result = await h.sf.oauth.complete(new URLSearchParams({ error: "access_denied", error_description: "end-user denied authorization", state }));
    expect(result).toMatchObject({ ok: false, reason: "salesforce-denied", shop: SHOP });
    expect((await h.sf.status(SHOP)).status).toBe("disconnected");
  });
});

describe("the state parameter", () => {
  async function callbackWith(state: string) {
    // A real, unused code: only the state decides.
    const { authorizeUrl } = await begin();
    const params = await h.authorizeInBrowser(authorizeUrl.toString());
    params.set("state", state);
    return h.sf.oauth.complete(params);
  }

  it("rejects a forged state (signed with another secret, or tampered)", async () => {
    const { state } = await begin();
    const [body] = state.split(".");
    const forged = `${body}.${createHmac("sha256", "not-our-secret").update(body).digest("base64url")}`;
    expect(await callbackWith(forged)).toMatchObject({ ok: false, reason: "bad-signature" });
    const payload = JSON.parse(Buffer.from(body, "base64url").toString());
    const tampered = Buffer.from(JSON.stringify({ ...payload, s: OTHER_SHOP })).toString("base64url");
    expect(await callbackWith(`${tampered}.${state.split(".")[1]}`)).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(await callbackWith("garbage")).toMatchObject({ ok: false, reason: "malformed" });
    expect(await callbackWith("")).toMatchObject({ ok: false, reason: "malformed" });
    expect((await h.sf.status(SHOP)).status).toBe("disconnected");
  });

  it("is single use: a replayed callback is refused and changes nothing", async () => {
    const { authorizeUrl } = await begin();
    const params = await h.authorizeInBrowser(authorizeUrl.toString());
    expect((await h.sf.oauth.complete(params)).ok).toBe(true);
    const before = await h.sql.query(`SELECT "accessTokenEncrypted", "updatedAt" FROM "SalesforceConnection"`);
    expect(await h.sf.oauth.complete(params)).toMatchObject({ ok: false, reason: "unknown-or-used", shop: SHOP });
    expect((await h.sql.query(`SELECT "accessTokenEncrypted", "updatedAt" FROM "SalesforceConnection"`)).rows).toEqual(before.rows);
  });

  it("accepts only one of two concurrent callbacks with the same state", async () => {
    const { authorizeUrl } = await begin();
    const params = await h.authorizeInBrowser(authorizeUrl.toString());
    const results = await Promise.all([h.sf.oauth.complete(params), h.sf.oauth.complete(params)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("expires after 10 minutes", async () => {
    const { authorizeUrl } = await begin();
    const params = await h.authorizeInBrowser(authorizeUrl.toString());
    h.advance(10 * 60 * 1000 + 1);
    expect(await h.sf.oauth.complete(params)).toMatchObject({ ok: false, reason: "expired", shop: SHOP });
    expect((await h.sf.status(SHOP)).status).toBe("disconnected");
  });

  it("is bound to its shop: a validly signed state naming another shop's pending row is refused", async () => {
    // Only someone holding OAUTH_STATE_SECRET could mint this; the row check still holds the line.
    const { state } = await begin(SHOP);
    const payload = JSON.parse(Buffer.from(state.split(".")[0], "base64url").toString());
    const body = Buffer.from(JSON.stringify({ ...payload, s: OTHER_SHOP })).toString("base64url");
    const key = createHmac("sha256", h.config.stateSecret).update("salesforce-oauth-state/v1").digest();
    const resigned = `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
    expect(await callbackWith(resigned)).toMatchObject({ ok: false, reason: "shop-mismatch" });
    expect((await h.sf.status(SHOP)).status).toBe("disconnected");
    expect((await h.sf.status(OTHER_SHOP)).status).toBe("disconnected");
  });

  it("connects each shop to the org its own state was issued for", async () => {
    const second = h.emulator.createOrg({ username: "owner@shop-two.example.com", password: "pw-two" });
    const one = await begin(SHOP);
    const two = await begin(OTHER_SHOP);
    // Callbacks arrive in the other order; each state carries its shop.
    expect((await h.sf.oauth.complete(await h.authorizeInBrowser(two.authorizeUrl.toString(), second))).ok).toBe(true);
    expect((await h.sf.oauth.complete(await h.authorizeInBrowser(one.authorizeUrl.toString()))).ok).toBe(true);
    expect((await h.sf.status(SHOP)).orgId).toBe(h.emulator.defaultOrg.orgId);
    expect((await h.sf.status(OTHER_SHOP)).orgId).toBe(second.orgId);
  });
});

describe("disconnect", () => {
  it("revokes the tokens at Salesforce, forgets them here and pauses the shop's sync", async () => {
    await h.connectShop(SHOP);
    const row = (await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } }));
    const refreshToken = h.cipher.decrypt(row.refreshTokenEncrypted!, `salesforce-connection:${SHOP}:refreshToken`);
    const accessToken = h.cipher.decrypt(row.accessTokenEncrypted!, `salesforce-connection:${SHOP}:accessToken`);

    expect(await h.sf.oauth.disconnect(SHOP)).toEqual({ revoked: true });

    const client = new OAuth2({ loginUrl: h.emulator.url, clientId: "shopify-sync-client", clientSecret: "shopify-sync-secret" });
    await expect(client.refreshToken(refreshToken)).rejects.toMatchObject({ name: "invalid_grant" });
    const limits = await fetch(`${h.emulator.url}/services/data/v${h.config.apiVersion}/limits`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(limits.status).toBe(401);

    const { rows } = await h.sql.query(`SELECT status, "accessTokenEncrypted", "refreshTokenEncrypted" FROM "SalesforceConnection"`);
    expect(rows).toEqual([{ status: "disconnected", accessTokenEncrypted: null, refreshTokenEncrypted: null }]);
    await expect(h.sf.connectionFor(SHOP)).rejects.toBeInstanceOf(SalesforceNotConnectedError);
    expect((await h.sf.status(SHOP)).pause?.reason).toBe("salesforce-not-connected");

    // Connecting again resumes.
    await h.connectShop(SHOP);
    expect((await h.sf.status(SHOP)).pause).toBeNull();
  });

  it("revokes the previous grant when the merchant reconnects", async () => {
    await h.connectShop(SHOP);
    const row = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    const oldRefresh = h.cipher.decrypt(row.refreshTokenEncrypted!, `salesforce-connection:${SHOP}:refreshToken`);
    await h.connectShop(SHOP);
    const client = new OAuth2({ loginUrl: h.emulator.url, clientId: "shopify-sync-client", clientSecret: "shopify-sync-secret" });
    await expect(client.refreshToken(oldRefresh)).rejects.toMatchObject({ name: "invalid_grant" });
    expect((await h.sf.status(SHOP)).status).toBe("connected");
  });

  it("resets the shop's sync ids and hashes when it signs in to a different org, and only then", async () => {
    await h.connectShop(SHOP);
    await h.sql.query(`DELETE FROM "SyncRecord" WHERE shop = $1`, [SHOP]);
    await h.prisma.syncRecord.create({
      data: { shop: SHOP, resource: "customer", shopifyId: "1", salesforceIds: { contact: "003000000000001AAA" }, contentHashes: { contact: "abc" }, status: "synced", lastEventId: "evt-1" },
    });
    const again = await h.sf.oauth.complete(await h.authorizeInBrowser((await begin()).authorizeUrl.toString()));
    expect(again).toMatchObject({ ok: true });
    expect(again.ok && again.orgSwitch).toBeUndefined();
    expect(await h.prisma.syncRecord.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({ salesforceIds: { contact: "003000000000001AAA" } });

    const production = h.emulator.createOrg({ username: "owner@production.example.com", password: "pw-production" });
    const before = (await h.sf.status(SHOP)).orgId;
    const switched = await h.sf.oauth.complete(await h.authorizeInBrowser((await begin()).authorizeUrl.toString(), production));
    expect(switched).toMatchObject({ ok: true, orgSwitch: { fromOrgId: before, toOrgId: production.orgId, records: 1 } });
    expect(await h.prisma.syncRecord.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({ salesforceIds: {}, contentHashes: {}, status: "synced" });
    const attempts = await h.prisma.syncAttempt.findMany({ where: { shop: SHOP, errorCode: "ORG_SWITCHED" } });
    expect(attempts).toEqual([expect.objectContaining({ eventId: "evt-1", salesforceIds: { contact: "003000000000001AAA" } })]);
    expect(attempts[0]?.errorMessage).toContain(`from ${before} to ${production.orgId}`);
  });

  it("throws SalesforceNotConnectedError for a shop that never connected", async () => {
    const error = await h.sf.connectionFor("never.myshopify.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceNotConnectedError);
    expect((error as SalesforceNotConnectedError).merchantMessage).toMatch(/Connect/);
  });
});
