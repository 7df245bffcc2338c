import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import pg from "pg";
import { vi } from "vitest";
import { loginThroughForm } from "../../support/connect-salesforce";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

// The admin route modules as Remix calls them, behind Shopify's real authenticate.admin: every request
// carries a session token signed like App Bridge's (HS256 with the app secret), and each shop has the
// offline session row the embedded strategy loads (so no token exchange is attempted). SHOP is connected
// to the Salesforce emulator through the app's own OAuth flow, and its describes are cached by a real
// setup check. OTHER_SHOP exists to prove that nothing of it is ever visible to SHOP.

export const SHOP = "admin-routes.myshopify.com";
export const OTHER_SHOP = "someone-else.myshopify.com";
export const API_KEY = "admin-test-key";
export const API_SECRET = "admin-test-secret";
const BASE = "https://app.example.com";

type Args = LoaderFunctionArgs & ActionFunctionArgs;
interface RouteModule {
  loader?: (args: Args) => Promise<unknown>;
  action?: (args: Args) => Promise<unknown>;
}

export interface AdminHarness {
  db: TestDatabase;
  sql: pg.Pool;
  emulator: SalesforceEmulator;
  load<T extends RouteModule>(route: T, path: string, options?: CallOptions): Promise<Awaited<ReturnType<NonNullable<T["loader"]>>>>;
  act<T extends RouteModule>(route: T, path: string, form: Record<string, string>, options?: CallOptions): Promise<Awaited<ReturnType<NonNullable<T["action"]>>>>;
  /** The Response a call threw (404/400/401) or returned (redirects). */
  thrown(call: Promise<unknown>): Promise<Response>;
  seedEvent(event: SeedEvent): Promise<string>;
  close(): Promise<void>;
}

export interface CallOptions {
  params?: Record<string, string>;
  shop?: string;
  /** Omit the session token (an anonymous request). */
  anonymous?: boolean;
}

export interface SeedEvent {
  shop?: string;
  topic?: string;
  resource?: string;
  shopifyId?: string | null;
  status?: string;
  payload?: unknown;
  receivedAt?: Date;
  lastError?: string | null;
  attempts?: number;
}

export function sessionToken(shop: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(
    JSON.stringify({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: "42", exp: now + 60, nbf: now - 5, iat: now, jti: randomUUID(), sid: randomUUID() }),
  ).toString("base64url");
  const signature = createHmac("sha256", API_SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export async function startAdminHarness(): Promise<AdminHarness> {
  // @shopify/shopify-app-remix logs every authenticated request at INFO on the console.
  vi.spyOn(console, "log").mockImplementation(() => {});
  const emulator = await startSalesforceEmulator();
  const db = await createTestDatabase();
  // Route modules read the environment when first imported.
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: BASE,
    LOG_LEVEL: "silent",
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    OAUTH_STATE_SECRET: randomBytes(32).toString("base64"),
    SALESFORCE_CLIENT_ID: "admin-routes-client",
    SALESFORCE_CLIENT_SECRET: "admin-routes-secret",
    SALESFORCE_ALLOWED_LOGIN_HOSTS: emulator.url,
  });
  const sql = new pg.Pool({ connectionString: db.url, max: 4 });
  for (const shop of [SHOP, OTHER_SHOP]) {
    await sql.query(`INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, '', false, 'read_customers,read_orders,read_products', 'shpat_test')`, [
      `offline_${shop}`,
      shop,
    ]);
  }
  // The same Salesforce side the routes use (app/salesforce.server.ts), connected as a merchant would.
  const { salesforce } = await import("../../../app/salesforce.server");
  const begun = await salesforce.oauth.begin({ shop: SHOP, environment: "custom", myDomain: emulator.url });
  if (!begun.ok) throw new Error(begun.message);
  const completed = await salesforce.oauth.complete(await loginThroughForm(begun.authorizeUrl, emulator.defaultOrg));
  if (!completed.ok) throw new Error(completed.message);
  const report = await salesforce.runSetupCheck(SHOP, { refreshDescribe: true });
  if (!report.ready) throw new Error(`setup check not ready: ${JSON.stringify(report.issues)}`);

  const args = (path: string, options: CallOptions, form?: Record<string, string>): Args => ({
    request: new Request(`${BASE}${path}`, {
      method: form ? "POST" : "GET",
      headers: options.anonymous ? {} : { Authorization: `Bearer ${sessionToken(options.shop ?? SHOP)}` },
      body: form ? new URLSearchParams(form) : undefined,
    }),
    params: options.params ?? {},
    context: {},
  });

  return {
    db,
    sql,
    emulator,
    load: (route, path, options = {}) => route.loader!(args(path, options)) as never,
    act: (route, path, form, options = {}) => route.action!(args(path, options, form)) as never,
    async thrown(call) {
      let outcome: unknown;
      try {
        outcome = await call;
      } catch (error) {
        if (error instanceof Response) return error;
        throw error;
      }
      if (outcome instanceof Response) return outcome;
      throw new Error(`expected a Response, got ${JSON.stringify(outcome)}`);
    },
    async seedEvent(event) {
      const { rows } = await sql.query<{ id: string }>(
        `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "webhookId", "apiVersion", payload, "payloadBytes",
                                     status, attempts, "lastError", "receivedAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, $4, gen_random_uuid()::text, gen_random_uuid()::text, '2026-10', $5::jsonb, 100, $6, $7, $8, $9, now())
         RETURNING id`,
        [
          event.shop ?? SHOP,
          event.topic ?? "customers/create",
          event.resource ?? "customer",
          event.shopifyId === undefined ? "706405506930370084" : event.shopifyId,
          JSON.stringify(event.payload ?? { id: event.shopifyId ?? "706405506930370084" }),
          event.status ?? "synced",
          event.attempts ?? 1,
          event.lastError ?? null,
          event.receivedAt ?? new Date(),
        ],
      );
      return rows[0].id;
    },
    async close() {
      const { closeAppContext } = await import("../../../app/context.server");
      await closeAppContext();
      const { closePreviewSandbox } = await import("../../../app/services/sandbox/preview-sandbox.server");
      await closePreviewSandbox();
      const { default: prisma } = await import("../../../app/db.server");
      await prisma.$disconnect();
      await sql.end();
      await emulator.close();
      await db.drop();
    },
  };
}
