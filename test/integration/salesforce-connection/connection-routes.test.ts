import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { loginThroughForm, randomKeys } from "./harness";

// The real route modules (app.connection, auth.salesforce.callback) behind Shopify's own
// authenticate.admin, with a session token signed like App Bridge's, against the emulator.

const SHOP = "routes-shop.myshopify.com";
const API_KEY = "test-api-key";
const API_SECRET = "route-test-secret";

type PageModule = typeof import("../../../app/routes/app.connection");
type CallbackModule = typeof import("../../../app/routes/auth.salesforce.callback");
type StartModule = typeof import("../../../app/routes/auth.salesforce.start");
type ActionData = Awaited<ReturnType<PageModule["action"]>>;

let emulator: SalesforceEmulator;
let db: TestDatabase;
let sql: pg.Pool;
let page: PageModule;
let callback: CallbackModule;
let start: StartModule;

beforeAll(async () => {
  // @shopify/shopify-app-remix logs every authenticated request at INFO on the console.
  vi.spyOn(console, "log").mockImplementation(() => {});
  emulator = await startSalesforceEmulator();
  db = await createTestDatabase();
  // Route modules read the environment when first imported.
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://app.example.com",
    LOG_LEVEL: "silent",
    TOKEN_ENCRYPTION_KEYS: randomKeys("k1"),
    OAUTH_STATE_SECRET: randomBytes(32).toString("base64"),
    SALESFORCE_CLIENT_ID: "route-client",
    SALESFORCE_CLIENT_SECRET: "route-secret",
    SALESFORCE_ALLOWED_LOGIN_HOSTS: emulator.url,
  });
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
  // The offline session authenticate.admin loads for the shop (token exchange is not needed then).
  await sql.query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, '', false, 'read_customers,read_orders,read_products', 'shpat_test')`,
    [`offline_${SHOP}`, SHOP],
  );
  page = await import("../../../app/routes/app.connection");
  callback = await import("../../../app/routes/auth.salesforce.callback");
  start = await import("../../../app/routes/auth.salesforce.start");
});

afterAll(async () => {
  // The OAuth callback resumes the shop through the app context (queue + pool): close it before the
  // database is dropped, or its idle connections are killed under it.
  const { closeAppContext } = await import("../../../app/context.server");
  await closeAppContext();
  const { default: prisma } = await import("../../../app/db.server");
  await prisma.$disconnect();
  await sql.end();
  await emulator.close();
  await db.drop();
});

function sessionToken(shop = SHOP): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(
    JSON.stringify({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: "42", exp: now + 60, nbf: now - 5, iat: now, jti: randomUUID(), sid: randomUUID() }),
  ).toString("base64url");
  const signature = createHmac("sha256", API_SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

function adminRequest(path: string, form?: Record<string, string>): Request {
  return new Request(`https://app.example.com${path}`, {
    method: form ? "POST" : "GET",
    headers: { Authorization: `Bearer ${sessionToken()}` },
    body: form ? new URLSearchParams(form) : undefined,
  });
}

const args = (request: Request): LoaderFunctionArgs & ActionFunctionArgs => ({ request, params: {}, context: {} });
const load = (path = "/app/connection") => page.loader(args(adminRequest(path)));
const act = (form: Record<string, string>) => page.action(args(adminRequest("/app/connection", form)));
const callbackFor = (query: URLSearchParams, cookie?: string) =>
  callback.loader(args(new Request(`https://app.example.com/auth/salesforce/callback?${query}`, { headers: cookie ? { cookie } : {} })));

/** The page's connect answer is our start page: it sets the browser's binding cookie, then redirects to Salesforce. */
async function startFlow(result: ActionData): Promise<{ authorizeUrl: string; cookie: string }> {
  if (!("authorizeUrl" in result) || !result.authorizeUrl) throw new Error(`no authorize URL: ${JSON.stringify(result)}`);
  expect(result.authorizeUrl).toMatch(/^https:\/\/app\.example\.com\/auth\/salesforce\/start\?/);
  const started = await start.loader(args(new Request(result.authorizeUrl)));
  expect(started.status).toBe(302);
  const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0];
  expect(started.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax; Secure/);
  return { authorizeUrl: started.headers.get("location")!, cookie };
}

async function authorizeUrlOf(result: ActionData): Promise<string> {
  return (await startFlow(result)).authorizeUrl;
}

describe("app.connection and auth.salesforce.callback", () => {
  it("connects through the page and the callback, then checks, sets the reserve and disconnects", async () => {
    expect((await load()).status).toMatchObject({ status: "disconnected", pause: null });

    const { authorizeUrl, cookie } = await startFlow(await act({ intent: "connect", environment: "custom", myDomain: emulator.url }));
    expect(authorizeUrl).toMatch(new RegExp(`^${emulator.url}/services/oauth2/authorize\\?`));

    const back = await callbackFor(await loginThroughForm(authorizeUrl, emulator.defaultOrg), cookie);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`https://${SHOP}/admin/apps/${API_KEY}/app/connection?salesforce=connected`);

    const connected = await load("/app/connection?salesforce=connected");
    expect(connected.notice).toMatchObject({ tone: "success" });
    expect(connected.status).toMatchObject({ status: "connected", username: "admin@example.com", orgId: emulator.defaultOrg.orgId });
    expect(JSON.stringify(connected)).not.toMatch(/accessToken|refreshToken|v1:k1:/);

    const check = await act({ intent: "check" });
    expect(check.report).toMatchObject({ reachable: true, ready: true, issues: [] });
    expect((await load()).status.health).toMatchObject({ ready: true });

    expect(await act({ intent: "reserve", percent: "30" })).toMatchObject({ percent: 30 });
    expect((await load()).status.apiReservePercent).toBe(30);

    expect(await act({ intent: "disconnect" })).toMatchObject({ intent: "disconnect", revoked: true });
    expect((await load()).status).toMatchObject({ status: "disconnected", pause: { reason: "salesforce-not-connected" } });
  });

  it("refuses an invalid My Domain and malformed input with a message", async () => {
    expect(await act({ intent: "connect", environment: "custom", myDomain: "https://evil.example.com" })).toMatchObject({ error: expect.stringMatching(/not a Salesforce My Domain/) });
    expect(await act({ intent: "connect", environment: "mars" })).toMatchObject({ intent: "invalid" });
  });

  it("sends a refused callback back to the admin when the state names the shop, and stops otherwise", async () => {
    const state = new URL(await authorizeUrlOf(await act({ intent: "connect", environment: "production" }))).searchParams.get("state")!;
    const denied = await callbackFor(new URLSearchParams({ error: "access_denied", error_description: "end-user denied authorization", state }));
    expect(denied.headers.get("location")).toBe(`https://${SHOP}/admin/apps/${API_KEY}/app/connection?salesforce_error=salesforce-denied`);
    expect((await load("/app/connection?salesforce_error=salesforce-denied")).notice).toMatchObject({ tone: "critical" });

    const forged = await callbackFor(new URLSearchParams({ code: "aPrxFAKE", state: `${state.split(".")[0]}.AAAA` }));
    expect(forged.status).toBe(400);
    expect(forged.headers.get("location")).toBeNull();
    expect(await forged.text()).toContain("not issued by this app");
  });

  it("binds the flow to the browser that started it: a callback elsewhere, a wrong binding or another target is refused", async () => {
    const result = await act({ intent: "connect", environment: "custom", myDomain: emulator.url });
    const startUrl = new URL((result as { authorizeUrl: string }).authorizeUrl);
    const tampered = new URL(startUrl);
    tampered.searchParams.set("binding", "not-the-binding");
    expect((await start.loader(args(new Request(tampered)))).status).toBe(400);
    const elsewhere = new URL(startUrl);
    elsewhere.searchParams.set("to", `https://evil.example.com/?${new URL(startUrl.searchParams.get("to")!).search.slice(1)}`);
    expect((await start.loader(args(new Request(elsewhere)))).status).toBe(400);

    const { authorizeUrl } = await startFlow(result);
    const params = await loginThroughForm(authorizeUrl, emulator.defaultOrg);
    // The callback link opened in another browser (no cookie, or that browser's own): refused, nothing saved.
    const other = await callbackFor(params, "sfsync_salesforce_oauth=someone-elses");
    expect(other.headers.get("location")).toBe(`https://${SHOP}/admin/apps/${API_KEY}/app/connection?salesforce_error=other-browser`);
    expect((await sql.query(`SELECT "accessTokenEncrypted" FROM "SalesforceConnection" WHERE shop = $1 AND "accessTokenEncrypted" IS NOT NULL`, [SHOP])).rowCount).toBe(0);
  });

  it("rejects admin requests without a valid session token", async () => {
    const anonymous = new Request("https://app.example.com/app/connection", { method: "POST", body: new URLSearchParams({ intent: "disconnect" }) });
    const outcome = await page.action(args(anonymous)).catch((thrown: unknown) => thrown);
    expect(outcome).toBeInstanceOf(Response);
    expect([302, 401]).toContain((outcome as Response).status);
  });

  it("turns matching existing Contacts by email off and on, and refuses anything but true or false", async () => {
    expect((await load()).matchExistingByEmail).toBe(true);
    expect(await act({ intent: "match-by-email", enabled: "false" })).toEqual({ intent: "match-by-email", enabled: false });
    expect((await load()).matchExistingByEmail).toBe(false);
    // The worker reads the same column with the shop's sync config.
    const stored = await sql.query(`SELECT "matchExistingByEmail" FROM "Shop" WHERE shop = $1`, [SHOP]);
    expect(stored.rows[0]?.matchExistingByEmail).toBe(false);
    expect(await act({ intent: "match-by-email", enabled: "maybe" })).toMatchObject({ intent: "invalid" });
    expect((await load()).matchExistingByEmail).toBe(false);
    expect(await act({ intent: "match-by-email", enabled: "true" })).toEqual({ intent: "match-by-email", enabled: true });
    expect((await load()).matchExistingByEmail).toBe(true);
  });
});
