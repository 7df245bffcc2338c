import jsforce from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { API_VERSION, connect, failure } from "./emulator-harness";

const REDIRECT_URI = "http://localhost:3000/auth/salesforce/callback";

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

function oauth2(): InstanceType<typeof jsforce.OAuth2> {
  return new jsforce.OAuth2({
    loginUrl: emulator.loginUrl,
    clientId: "shopify-app",
    clientSecret: "shopify-secret",
    redirectUri: REDIRECT_URI,
    useVerifier: true,
  });
}

/** Follows /authorize with auto-approval and returns the redirect's query. */
async function authorize(client: InstanceType<typeof jsforce.OAuth2>, extra: Record<string, string> = {}): Promise<URLSearchParams> {
  const url = client.getAuthorizationUrl({ state: "shop-123", emulator_auto_approve: "true", login_hint: "admin@example.com", ...extra });
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return location.searchParams;
}

describe("OAuth 2.0 web-server flow with PKCE", () => {
  it("redirects with code and state, exchanges the code with the verifier and refreshes", async () => {
    const client = oauth2();
    const query = await authorize(client);
    expect(query.get("state")).toBe("shop-123");
    const conn = new jsforce.Connection({ oauth2: client, version: API_VERSION });
    const userInfo = await conn.authorize(query.get("code")!);
    expect(userInfo.organizationId).toBe(emulator.defaultOrg.orgId);
    expect(conn.instanceUrl).toBe(emulator.url);
    expect(conn.refreshToken).toMatch(/^5Aep861/);
    expect(conn.accessToken!.startsWith(emulator.defaultOrg.orgId.slice(0, 15) + "!")).toBe(true);

    const identity = (await conn.identity()) as { username: string; organization_id: string };
    expect(identity.username).toBe("admin@example.com");
    expect(identity.organization_id).toBe(emulator.defaultOrg.orgId);

    // The org drops every session; jsforce sees 401 INVALID_SESSION_ID and refreshes by itself.
    const before = conn.accessToken;
    emulator.defaultOrg.expireSessions();
    let refreshed = false;
    conn.on("refresh", () => {
      refreshed = true;
    });
    const result = await conn.query("SELECT Id FROM Account");
    expect(result.done).toBe(true);
    expect(refreshed).toBe(true);
    expect(conn.accessToken).not.toBe(before);
  });

  it("rejects a wrong code verifier and a reused code", async () => {
    const client = oauth2();
    const query = await authorize(client);
    const other = oauth2(); // same client, another random verifier
    const bad = await failure(new jsforce.Connection({ oauth2: other }).authorize(query.get("code")!));
    expect(bad.name).toBe("invalid_grant");
    expect(bad.message).toBe("invalid code verifier");
    // A code is single use, even after a failed exchange.
    const reused = await failure(new jsforce.Connection({ oauth2: client }).authorize(query.get("code")!));
    expect(reused.name).toBe("invalid_grant");
    expect(reused.message).toBe("invalid authorization code");
  });

  it("shows a login form when not auto-approving, and the form logs in", async () => {
    const client = oauth2();
    const url = client.getAuthorizationUrl({ state: "s1" });
    const page = await fetch(url, { redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="username"');
    const form = new URLSearchParams(new URL(url).search);
    form.set("username", "admin@example.com");
    form.set("password", "wrong");
    const retry = await fetch(`${emulator.url}/services/oauth2/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(retry.status).toBe(200);
    form.set("password", "password");
    const approved = await fetch(`${emulator.url}/services/oauth2/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get("location")!);
    expect(location.searchParams.get("state")).toBe("s1");
    const conn = new jsforce.Connection({ oauth2: client, version: API_VERSION });
    await conn.authorize(location.searchParams.get("code")!);
    expect(conn.accessToken).toBeTruthy();
  });

  it("auto-approves for every /authorize once configured through the control API", async () => {
    await fetch(`${emulator.url}/__emulator/auto-approve`, { method: "PUT", body: JSON.stringify({ username: "admin@example.com" }) });
    try {
      const client = oauth2();
      const res = await fetch(client.getAuthorizationUrl({ state: "x" }), { redirect: "manual" });
      expect(res.status).toBe(302);
    } finally {
      emulator.setAutoApprove(undefined);
    }
  });

  it("revokes the refresh token and the sessions issued from it", async () => {
    const client = oauth2();
    const conn = new jsforce.Connection({ oauth2: client, version: API_VERSION });
    await conn.authorize((await authorize(client)).get("code")!);
    const refreshToken = conn.refreshToken!;
    const accessToken = conn.accessToken!;
    await conn.logout(true);
    const refresh = await failure(client.refreshToken(refreshToken));
    expect(refresh.name).toBe("invalid_grant");
    expect(refresh.message).toBe("expired access/refresh token");
    const res = await fetch(`${emulator.url}/services/data/v${API_VERSION}/limits`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
  });
});

describe("other grants", () => {
  it("logs in with username-password and reports bad credentials like Salesforce", async () => {
    const conn = await connect(emulator);
    expect(conn.userInfo?.organizationId).toBe(emulator.defaultOrg.orgId);
    const client = new jsforce.OAuth2({ loginUrl: emulator.loginUrl, clientId: "a", clientSecret: "b" });
    const wrongPassword = await failure(client.authenticate("admin@example.com", "nope"));
    expect(wrongPassword.name).toBe("invalid_grant");
    expect(wrongPassword.message).toBe("authentication failure - Invalid Password");
    const unknownUser = await failure(client.authenticate("nobody@example.com", "password"));
    expect(unknownUser.message).toBe("authentication failure");
  });

  it("issues tokens for client credentials and refuses unknown grant types", async () => {
    const client = new jsforce.OAuth2({ loginUrl: emulator.loginUrl, clientId: "a", clientSecret: "b" });
    const token = await client.requestToken({ grant_type: "client_credentials" });
    expect(token.token_type).toBe("Bearer");
    expect(token.instance_url).toBe(emulator.url);
    const unsupported = await failure(client.requestToken({ grant_type: "urn:ietf:params:oauth:grant-type:device_code" }));
    expect(unsupported.name).toBe("unsupported_grant_type");
  });

  it("validates client ids and secrets when connected apps are configured", async () => {
    const strict = await startSalesforceEmulator({ clients: [{ clientId: "known", clientSecret: "s3cret" }] });
    try {
      const unknown = await failure(new jsforce.OAuth2({ loginUrl: strict.loginUrl, clientId: "other", clientSecret: "s3cret" }).authenticate("admin@example.com", "password"));
      expect(unknown.name).toBe("invalid_client_id");
      const badSecret = await failure(new jsforce.OAuth2({ loginUrl: strict.loginUrl, clientId: "known", clientSecret: "x" }).authenticate("admin@example.com", "password"));
      expect(badSecret.name).toBe("invalid_client");
      const ok = await new jsforce.OAuth2({ loginUrl: strict.loginUrl, clientId: "known", clientSecret: "s3cret" }).authenticate("admin@example.com", "password");
      expect(ok.access_token).toBeTruthy();
    } finally {
      await strict.close();
    }
  });

  it("routes each login to its own org by username", async () => {
    const shop = emulator.createOrg({ username: "owner@shop-a.example.com", password: "pw-a" });
    const conn = await connect(emulator, shop);
    expect(conn.userInfo?.organizationId).toBe(shop.orgId);
    await conn.sobject("Account").create({ Name: "Only in shop A" });
    expect(shop.records("Account")).toHaveLength(1);
    expect(emulator.defaultOrg.records("Account").some((r) => r.Name === "Only in shop A")).toBe(false);
  });
});
