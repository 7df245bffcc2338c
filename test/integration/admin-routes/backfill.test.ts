import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import pg from "pg";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCustomer, generateShopHistory, startShopifyEmulator, type EmulatedShop, type ShopifyEmulator } from "../../support/shopify";
import { OTHER_SHOP, SHOP, sessionToken, startAdminHarness, type AdminHarness } from "./harness";

// The /app/backfill page and Home's completeness card as Remix calls them, behind Shopify's real
// authenticate.admin, reading the shop through Shopify's own GraphQL client from the Admin API emulator.
// The worker side is the app's own wiring (startPullSyncRuntime with the offline-session Admin client of
// shopify-app-remix), so a started run is executed by the real backfill job and "Check now" by the real
// reconciliation job, against the Salesforce emulator.

type BackfillRoute = typeof import("../../../app/routes/app.backfill");
type HomeRoute = typeof import("../../../app/routes/app._index");
type Args = LoaderFunctionArgs & ActionFunctionArgs;

const NOW = Date.now();
const today = new Date(NOW).toISOString().slice(0, 10);
let h: AdminHarness;
let shopify: ShopifyEmulator;
let shop: EmulatedShop;
let backfill: BackfillRoute;
let home: HomeRoute;
let visibleOrders: number;
let worker: { stop(): Promise<void> } | null = null;
let workerQueue: PgBoss | null = null;
let workerPool: pg.Pool | null = null;

beforeAll(async () => {
  h = await startAdminHarness();
  shopify = await startShopifyEmulator();
  shop = shopify.createShop({ domain: SHOP, accessToken: "shpat_test", plan: "plus" });
  shopify.createShop({ domain: OTHER_SHOP, accessToken: "shpat_test" });
  // 90 days of history: without read_all_orders the app sees only the last 60 days of orders.
  const history = generateShopHistory({ seed: 12, customers: 12, orders: 15, now: NOW, historyDays: 90 });
  shop.putCustomers(history.customers);
  shop.putOrders(history.orders);
  visibleOrders = history.orders.filter((order) => new Date(String(order.created_at)).getTime() >= NOW - 60 * 86_400_000).length;
  backfill = await import("../../../app/routes/app.backfill");
  home = await import("../../../app/routes/app._index");
  // After the imports: Shopify's node adapter installs its own fetch (see extension-api.test.ts).
  setAbstractFetchFunc(shopify.fetch);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await workerQueue?.stop({ graceful: true, close: true, timeout: 5_000 });
  await workerPool?.end();
  await h?.close();
  await shopify?.close();
});

function post(path: string, fields: Array<[string, string]>, shopDomain = SHOP): Args {
  return {
    request: new Request(`https://app.example.com${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sessionToken(shopDomain)}` },
      body: new URLSearchParams(fields),
    }),
    params: {},
    context: {},
  };
}

const form = (intent: string, input: { resources?: string[]; from?: string; to?: string; runId?: string } = {}): Array<[string, string]> => [
  ["intent", intent],
  ...(input.resources ?? []).map((resource): [string, string] => ["resources", resource]),
  ["from", input.from ?? ""],
  ["to", input.to ?? ""],
  ...(input.runId ? [["runId", input.runId] as [string, string]] : []),
];
const act = (fields: Array<[string, string]>, shopDomain = SHOP) => backfill.action(post("/app/backfill", fields, shopDomain));
const page = () => h.load(backfill, "/app/backfill");
const runs = async () => (await h.sql.query<{ id: string; status: string }>(`SELECT id, status FROM "BackfillRun" WHERE shop = $1 ORDER BY "createdAt"`, [SHOP])).rows;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startWorker(): Promise<void> {
  const { startPullSyncRuntime } = await import("../../../app/services/runtime/pull-sync-runtime.server");
  const { startQueue } = await import("../../../app/services/queue/sync-queue.server");
  const { salesforce } = await import("../../../app/salesforce.server");
  const { createLogger } = await import("../../../app/services/logging/logger.server");
  workerPool = new pg.Pool({ connectionString: h.db.url, max: 4 });
  workerQueue = await startQueue({ connectionString: h.db.url });
  worker = await startPullSyncRuntime({ runtime: { pool: workerPool, queue: workerQueue }, connections: salesforce, logger: createLogger({ level: "silent" }) });
}

describe("/app/backfill", () => {
  it("shows the estimate before anything starts: records per object, API calls against the allocation, and the 60-day order window", async () => {
    expect((await page()).run).toBeNull();
    const result = await act(form("estimate", { resources: ["customers", "orders"], to: today }));
    expect(result.error).toBeNull();
    expect(result.input).toEqual({ resources: ["customers", "orders"], from: "", to: today });
    const estimate = result.estimate!;
    expect(estimate.resources).toEqual([
      { resource: "customers", records: 12, shopifyPath: "paginated" },
      { resource: "orders", records: visibleOrders, shopifyPath: "paginated" },
    ]);
    expect(estimate.objects.map((object) => object.object)).toEqual(expect.arrayContaining(["Contact", "Account", "Opportunity", "OpportunityLineItem"]));
    expect(estimate.objects.find((object) => object.object === "Contact")).toMatchObject({ records: 12, path: "collections", apiCalls: 1 });
    expect(estimate.apiCalls).toBe(estimate.objects.reduce((sum, object) => sum + object.apiCalls, 0));
    expect(estimate.orderWindow?.message).toMatch(/last 60 days/);
    expect(estimate.orderWindow?.howToFix).toMatch(/read_all_orders/);
    expect(await runs()).toEqual([]);
  });

  it("refuses a bad date range or no resources with a clear message, and starts nothing", async () => {
    const refused = async (input: Parameters<typeof form>[1], message: RegExp) => {
      for (const intent of ["estimate", "start"]) {
        const result = await act(form(intent, input));
        expect(result.error).toMatch(message);
        expect(result.estimate).toBeNull();
        expect(result.runId).toBeNull();
      }
    };
    await refused({ resources: ["customers"], from: "2026-05-10", to: "2026-05-01" }, /start date must be on or before the end date/);
    await refused({ resources: ["customers"], from: "2026-02-30" }, /"2026-02-30" is not a date; use YYYY-MM-DD/);
    await refused({ resources: ["customers"], to: "2999-01-01" }, /cannot end in the future/);
    await refused({ resources: [] }, /Choose at least one of customers and orders/);
    await refused({ resources: ["products"] }, /Unknown resource: products/);
    expect(await runs()).toEqual([]);
  });

  it("start creates a running run with its job; pause, resume and cancel change its state, for the session's shop only", async () => {
    const started = await act(form("start", { resources: ["customers"], to: today }));
    expect(started.error).toBeNull();
    const runId = started.runId!;
    expect(await runs()).toEqual([{ id: runId, status: "running" }]);
    const jobs = await h.sql.query(`SELECT data FROM pgboss.job WHERE name = 'backfill'`);
    expect(jobs.rows.map((row) => row.data)).toEqual([{ runId }]);
    const view = (await page()).run!;
    expect(view).toMatchObject({ id: runId, status: "running", resources: ["customers"], percent: 0 });
    expect(view.estimate?.resources).toEqual([{ resource: "customers", records: 12, shopifyPath: "paginated" }]);

    // A second run while one is in progress is refused.
    expect((await act(form("start", { resources: ["orders"] }))).error).toMatch(/already in progress/);
    // Another shop cannot touch it.
    expect((await act(form("pause", { runId }), OTHER_SHOP)).error).toMatch(/cannot pause/);
    expect((await runs())[0].status).toBe("running");

    expect((await act(form("pause", { runId }))).error).toBeNull();
    expect((await page()).run?.status).toBe("paused");
    expect((await act(form("pause", { runId }))).error).toMatch(/cannot pause/);
    expect((await act(form("resume", { runId }))).error).toBeNull();
    expect((await page()).run?.status).toBe("running");
    expect((await act(form("cancel", { runId }))).error).toBeNull();
    expect((await page()).run).toMatchObject({ status: "canceled", finishedAt: expect.any(String) });
    expect((await act(form("resume", { runId }))).error).toMatch(/cannot resume/);
  });

  it("a run whose step kept failing shows why, and can be resumed", async () => {
    const { runId } = await act(form("start", { resources: ["customers"], to: today }));
    const { createPullSync, webOnlyEngine } = await import("../../../app/services/backfill/pull-sync.server");
    const { salesforce } = await import("../../../app/salesforce.server");
    const { backfill: service } = createPullSync({ pool: h.sql, connections: salesforce, shopifyFor: async () => { throw new Error("not used"); }, engine: webOnlyEngine, apiVersion: "2026-10" });
    // What the job handler records: while pg-boss retries, then after its last retry.
    await service.recordFailure(runId!, new Error("Salesforce answered 503"), false);
    expect((await page()).run).toMatchObject({ status: "running", lastError: "Retrying after an error: Salesforce answered 503" });
    await service.recordFailure(runId!, new Error("Salesforce answered 503"), true);
    expect((await page()).run).toMatchObject({ status: "failed", lastError: "Salesforce answered 503" });
    expect((await act(form("resume", { runId: runId! }))).error).toBeNull();
    expect((await page()).run).toMatchObject({ status: "running", lastError: null });
    expect((await act(form("cancel", { runId: runId! }))).error).toBeNull();
  });

  it("a started run is executed by the worker's backfill job and ends with a report", async () => {
    await startWorker();
    const started = await act(form("start", { resources: ["customers", "orders"], to: today }));
    expect(started.error).toBeNull();
    const run = await until(page, (data) => data.run?.id === started.runId && ["completed", "failed"].includes(data.run.status));
    expect(run.run).toMatchObject({ status: "completed", percent: 100, lastError: null });
    expect(run.run?.report?.resources.customers).toMatchObject({ total: 12, read: 12, synced: 12, failed: 0 });
    expect(run.run?.report?.resources.orders).toMatchObject({ total: visibleOrders, read: visibleOrders, synced: visibleOrders, failed: 0 });
    // The canceled runs' jobs were picked up too, and did nothing.
    expect((await runs()).map((row) => row.status)).toEqual(["canceled", "canceled", "completed"]);
    expect(h.emulator.defaultOrg.records("Contact").filter((contact) => contact.Shopify_Customer_Id__c && !String(contact.Shopify_Customer_Id__c).startsWith("guest:")).length).toBe(12);
  });
});

describe("Home completeness card", () => {
  it("shows nothing checked yet, then after Check now the score per resource, its check time and what was repaired, linked to the event", async () => {
    const before = await h.load(home, "/app");
    expect(before.completeness).toEqual({ resources: [], failures: [], checking: false });
    // A customer Shopify has but no webhook brought: reconciliation finds it missing and repairs it.
    const newcomer = generateCustomer({ index: 500, createdAt: NOW - 3_600_000, updatedAt: NOW - 3_600_000 });
    shop.putCustomers([newcomer]);

    const checked = await home.action(post("/app", [["intent", "check-now"]]));
    expect(checked).toEqual({ checking: true });
    const after = await until(
      () => h.load(home, "/app"),
      (data) => data.completeness.resources.length === 2 && !data.completeness.checking,
    );
    const customers = after.completeness.resources.find((resource) => resource.resource === "customers")!;
    const orders = after.completeness.resources.find((resource) => resource.resource === "orders")!;
    expect(customers).toMatchObject({ score: 100, total: 13, checkedAt: expect.any(String) });
    expect(customers.repairs).toEqual([{ shopifyId: String(newcomer.id), kind: "missing", eventId: expect.any(String) }]);
    const event = await h.sql.query(`SELECT shop, "shopifyId", status FROM "WebhookEvent" WHERE id = $1`, [customers.repairs[0].eventId]);
    expect(event.rows).toEqual([{ shop: SHOP, shopifyId: String(newcomer.id), status: "synced" }]);
    expect(orders).toMatchObject({ score: 100, total: visibleOrders, repairs: [] });
    // The other shop sees none of it.
    expect(after.completeness.failures).toEqual([]);
    expect((await h.load(home, "/app", { shop: OTHER_SHOP })).completeness).toEqual({ resources: [], failures: [], checking: false });
  });

  it("shows a check that failed after the last completed one, with its error, until one completes again", async () => {
    await h.sql.query(
      `INSERT INTO "ReconciliationRun" (id, shop, resource, trigger, status, "lastError", "startedAt", "finishedAt") VALUES (gen_random_uuid(), $1, 'orders', 'schedule', 'failed', 'Salesforce is not connected', now(), now())`,
      [SHOP],
    );
    const { completeness } = await h.load(home, "/app");
    expect(completeness.failures).toEqual([{ resource: "orders", failedAt: expect.any(String), error: "Salesforce is not connected" }]);
    expect(completeness.resources.map((resource) => resource.resource).sort()).toEqual(["customers", "orders"]);
    await home.action(post("/app", [["intent", "check-now"]]));
    const after = await until(
      () => h.load(home, "/app"),
      (data) => data.completeness.failures.length === 0 && !data.completeness.checking,
    );
    expect(after.completeness.resources.find((resource) => resource.resource === "orders")).toMatchObject({ score: 100, repairs: [] });
  });

  it("refuses an unknown Home action", async () => {
    expect((await h.thrown(home.action(post("/app", [["intent", "nonsense"]])))).status).toBe(400);
  });
});
