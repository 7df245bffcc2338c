import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityQuery, encodeCursor, type ActivityFilters } from "../../../app/services/admin/activity-query.server";
import { OTHER_SHOP, SHOP, startAdminHarness, type AdminHarness } from "./harness";

// 100,000 events for the shop (and 20,000 for another): the activity list must read about one page of
// index entries whatever the page, filter or neighbour, never the table. Checked with EXPLAIN ANALYZE on
// the exact SQL the page runs; timings are printed, not asserted (DESIGN.md §7).

type ListRoute = typeof import("../../../app/routes/app.activity._index");
type HomeRoute = typeof import("../../../app/routes/app._index");
type PlanNode = { "Node Type": string; "Index Name"?: string; "Actual Rows": number; "Actual Loops": number; Plans?: PlanNode[] };

let h: AdminHarness;
let list: ListRoute;
let home: HomeRoute;

async function seed(shop: string, count: number): Promise<void> {
  await h.sql.query(
    `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "webhookId", "apiVersion", payload, "payloadBytes", status, attempts, "lastError", "receivedAt", "updatedAt")
     SELECT gen_random_uuid(), $1,
            CASE g % 3 WHEN 0 THEN 'orders/paid' WHEN 1 THEN 'customers/update' ELSE 'refunds/create' END,
            CASE g % 3 WHEN 0 THEN 'order' WHEN 1 THEN 'customer' ELSE 'refund' END,
            (4500000000 + g)::text, g::text, g::text, '2026-10',
            jsonb_build_object('id', (4500000000 + g)::text, 'note', repeat('x', 400)), 450,
            CASE WHEN g % 500 = 0 THEN 'needs-attention' WHEN g % 997 = 0 THEN 'dead' ELSE 'synced' END, 1,
            CASE WHEN g % 500 = 0 THEN 'REQUIRED_FIELD_MISSING' END,
            -- A few identical timestamps, so ties on receivedAt are exercised too.
            now() - ((g / 2) || ' seconds')::interval, now()
       FROM generate_series(1, $2::int) AS g`,
    [shop, count],
  );
}

beforeAll(async () => {
  h = await startAdminHarness();
  list = await import("../../../app/routes/app.activity._index");
  home = await import("../../../app/routes/app._index");
  await seed(SHOP, 100_000);
  await seed(OTHER_SHOP, 20_000);
  // Steady state: autovacuum has set the visibility map, as it has for all but the newest rows in production.
  await h.sql.query(`VACUUM ANALYZE "WebhookEvent"`);
}, 120_000);
afterAll(() => h.close());

async function explain(filters: ActivityFilters): Promise<PlanNode[]> {
  const query = activityQuery(SHOP, filters, 51);
  // `text` is the PostgreSQL form of the query ($1, $2 … placeholders).
  const { rows } = await h.sql.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`, query.values as unknown[]);
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk(rows[0]["QUERY PLAN"][0].Plan);
  return nodes;
}

function scans(nodes: PlanNode[]) {
  return nodes.filter((node) => /Scan/.test(node["Node Type"]));
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.info(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

describe("activity at 100,000 events", () => {
  it("reads one page of the (shop, receivedAt, id) index for the first and a deep page", async () => {
    const first = scans(await explain({}));
    expect(first.map((node) => [node["Node Type"], node["Index Name"]])).toEqual([["Index Scan", "WebhookEvent_shop_receivedAt_id_idx"]]);
    expect(first[0]["Actual Rows"]).toBeLessThanOrEqual(51);

    const { rows } = await h.sql.query(`SELECT id, "receivedAt" FROM "WebhookEvent" WHERE shop = $1 ORDER BY "receivedAt" DESC, id OFFSET 90000 LIMIT 1`, [SHOP]);
    const deep = scans(await explain({ after: { id: rows[0].id, receivedAt: rows[0].receivedAt } }));
    expect(deep.map((node) => node["Index Name"])).toEqual(["WebhookEvent_shop_receivedAt_id_idx"]);
    expect(deep[0]["Actual Rows"]).toBeLessThanOrEqual(51);
    const back = scans(await explain({ before: { id: rows[0].id, receivedAt: rows[0].receivedAt } }));
    expect(back.map((node) => node["Index Name"])).toEqual(["WebhookEvent_shop_receivedAt_id_idx"]);
    expect(back[0]["Actual Rows"]).toBeLessThanOrEqual(51);
  });

  it("uses the (shop, status, receivedAt) index for a status filter", async () => {
    const failed = scans(await explain({ status: "failed" }));
    expect(failed.some((node) => node["Node Type"] === "Seq Scan")).toBe(false);
    expect(failed.map((node) => node["Index Name"]).filter(Boolean)).toEqual(expect.arrayContaining(["WebhookEvent_shop_status_receivedAt_idx"]));
    const attention = scans(await explain({ status: "needs-attention" }));
    expect(attention.map((node) => [node["Node Type"], node["Index Name"]])).toEqual([["Index Scan", "WebhookEvent_shop_status_receivedAt_idx"]]);
  });

  it("never scans the table for resource or date filters, and finds a Shopify id by index", async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const filters of [{ resource: "refund" }, { from: today, to: today }, { q: "4500099999" }, { q: "4500099999", resource: "order" }] satisfies ActivityFilters[]) {
      const nodes = scans(await explain(filters));
      expect(nodes.some((node) => node["Node Type"] === "Seq Scan"), JSON.stringify(filters)).toBe(false);
    }
    const byId = scans(await explain({ q: "4500099999" }));
    expect(byId.map((node) => node["Index Name"])).toContain("WebhookEvent_shop_resource_shopifyId_receivedAt_idx");
    expect(byId.every((node) => node["Actual Rows"] <= 1)).toBe(true);
  });

  it("serves the pages through the routes (timings printed)", async () => {
    const first = await timed("activity, first page", () => h.load(list, "/app/activity"));
    expect(first.page.rows).toHaveLength(50);
    const next = await timed("activity, page 2", () => h.load(list, `/app/activity?after=${first.page.next}`));
    expect(next.page.rows[0].id).not.toBe(first.page.rows[0].id);
    const deepCursor = encodeCursor({ id: first.page.rows[0].id, receivedAt: new Date(Date.now() - 45_000_000) });
    await timed("activity, deep page", () => h.load(list, `/app/activity?after=${deepCursor}`));
    const byId = await timed("activity, search by Shopify id", () => h.load(list, "/app/activity?q=4500099999"));
    expect(byId.page.rows.map((row) => row.shopifyId)).toEqual(["4500099999"]);
    // Free text cannot use a b-tree: a full pass over the shop's rows, printed to keep an eye on it.
    await timed("activity, text search (rare)", () => h.load(list, "/app/activity?q=refunds/cre"));
    await timed("activity, text search (no match)", () => h.load(list, "/app/activity?q=zzz"));
    const failed = await timed("activity, failed filter", () => h.load(list, "/app/activity?status=failed"));
    expect(failed.page.rows.every((row) => row.status === "needs-attention" || row.status === "dead")).toBe(true);
    const { dashboard } = await timed("home dashboard", () => h.load(home, "/app"));
    expect(dashboard.backlog.needsAttention).toBe(200);
  });
});
