import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SHOP, SHOP, startAdminHarness, type AdminHarness } from "./harness";

type ListRoute = typeof import("../../../app/routes/app.activity._index");
type EventRoute = typeof import("../../../app/routes/app.activity.$id");

let h: AdminHarness;
let list: ListRoute;
let detail: EventRoute;
const ids: Record<string, string> = {};
const base = Date.UTC(2026, 10, 20, 12, 0, 0);
const minutesAgo = (minutes: number) => new Date(base - minutes * 60_000);

beforeAll(async () => {
  h = await startAdminHarness();
  list = await import("../../../app/routes/app.activity._index");
  detail = await import("../../../app/routes/app.activity.$id");
  // 120 synced orders, one per minute, plus a few interesting ones on top.
  for (let i = 0; i < 120; i++) {
    await h.seedEvent({ topic: "orders/paid", resource: "order", shopifyId: `45000${i}`, status: "synced", receivedAt: minutesAgo(200 + i) });
  }
  ids.failed = await h.seedEvent({ topic: "customers/update", shopifyId: "9007199254740993", status: "needs-attention", lastError: "Contact.LastName is required", receivedAt: minutesAgo(10) });
  ids.dead = await h.seedEvent({ topic: "orders/create", resource: "order", shopifyId: "777", status: "dead", lastError: "gave up", receivedAt: minutesAgo(9) });
  ids.refund = await h.seedEvent({ topic: "refunds/create", resource: "refund", shopifyId: "888", status: "synced", payload: { id: "888", order_id: "450001" }, receivedAt: minutesAgo(8) });
  ids.other = await h.seedEvent({ shop: OTHER_SHOP, topic: "customers/create", shopifyId: "9007199254740993", status: "needs-attention", receivedAt: minutesAgo(1) });
  await h.sql.query(
    `INSERT INTO "SyncRecord" (id, shop, resource, "shopifyId", "salesforceIds", status, "lastError", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'customer', '9007199254740993', '{"account":"001000000000001AAA","contact":"003000000000001AAA"}', 'needs-attention', 'Contact.LastName is required', now())`,
    [SHOP],
  );
  await h.sql.query(
    `INSERT INTO "SyncAttempt" (id, shop, "eventId", attempt, outcome, "errorCode", "errorMessage", warnings, "startedAt", "finishedAt", "durationMs")
     VALUES (gen_random_uuid(), $1, $2, 1, 'needs-attention', 'REQUIRED_FIELD_MISSING', 'Contact.LastName is required', '["Contact.Phone was dropped"]', now(), now(), 42)`,
    [SHOP, ids.failed],
  );
});
afterAll(() => h.close());

const page = (query = "") => h.load(list, `/app/activity${query}`);
const at = (id: string, shop = SHOP) => ({ params: { id }, shop });
const statusOf = async (id: string) => (await h.sql.query(`SELECT status, "lastError", attempts FROM "WebhookEvent" WHERE id = $1`, [id])).rows[0];

describe("app.activity._index", () => {
  it("lists the shop's events newest first, 50 a page, with keyset cursors both ways", async () => {
    const first = await page();
    expect(first.page.rows).toHaveLength(50);
    expect(first.page.rows.slice(0, 3).map((row) => row.id)).toEqual([ids.refund, ids.dead, ids.failed]);
    expect(first.page.rows.some((row) => row.id === ids.other)).toBe(false);
    expect(first.page.previous).toBeNull();
    const second = await page(`?after=${first.page.next}`);
    const third = await page(`?after=${second.page.next}`);
    expect(third.page.rows).toHaveLength(23);
    expect(third.page.next).toBeNull();
    const all = [...first.page.rows, ...second.page.rows, ...third.page.rows].map((row) => row.id);
    expect(new Set(all).size).toBe(123);
    const back = await page(`?before=${third.page.previous}`);
    expect(back.page.rows.map((row) => row.id)).toEqual(second.page.rows.map((row) => row.id));
    expect((await page(`?before=${back.page.previous}`)).page.rows.map((row) => row.id)).toEqual(first.page.rows.map((row) => row.id));
  });

  it("filters by status group, resource, search and date range; ignores malformed filters", async () => {
    expect((await page("?status=failed")).page.rows.map((row) => row.id)).toEqual([ids.dead, ids.failed]);
    expect((await page("?resource=refund")).page.rows.map((row) => row.id)).toEqual([ids.refund]);
    expect((await page("?q=9007199254740993")).page.rows.map((row) => row.id)).toEqual([ids.failed]); // exact id, this shop only
    expect((await page("?q=9007199254740993&resource=order")).page.rows).toEqual([]);
    expect((await page("?q=450001")).page.rows.map((row) => row.shopifyId)).toEqual(["450001"]);
    expect((await page("?q=customers/")).page.rows.map((row) => row.id)).toEqual([ids.failed]);
    expect((await page("?q=%25")).page.rows).toEqual([]); // a literal %, not a wildcard
    expect((await page("?from=2026-11-21")).page.rows).toEqual([]);
    expect((await page("?from=2026-11-20&to=2026-11-20&status=synced&resource=order")).page.rows).toHaveLength(50);
    const junk = await page("?status=exploded&from=yesterday&after=nonsense");
    expect(junk.page.rows).toHaveLength(50);
    expect(junk.filtered).toBe(false);
    expect(junk.page.rows[0].shopifyUrl).toBeNull(); // a refund has no page of its own in the list
    expect((await page("?resource=order")).page.rows[0].shopifyUrl).toBe(`https://${SHOP}/admin/orders/777`);
  });
});

describe("app.activity.$id", () => {
  it("shows the event with its payload, Salesforce records, attempts and links", async () => {
    const view = await h.load(detail, `/app/activity/${ids.failed}`, at(ids.failed));
    expect(view.event).toMatchObject({ topic: "customers/update", status: "needs-attention", shopifyId: "9007199254740993" });
    expect(view.payloadText).toContain('"id": "9007199254740993"');
    expect(view.shopifyUrl).toBe(`https://${SHOP}/admin/customers/9007199254740993`);
    const instanceUrl = (await h.sql.query(`SELECT "instanceUrl" FROM "SalesforceConnection" WHERE shop = $1`, [SHOP])).rows[0].instanceUrl;
    expect(view.record?.links).toEqual([
      { key: "account", id: "001000000000001AAA", url: `${instanceUrl}/001000000000001AAA` },
      { key: "contact", id: "003000000000001AAA", url: `${instanceUrl}/003000000000001AAA` },
    ]);
    expect(view.attempts).toEqual([expect.objectContaining({ outcome: "needs-attention", errorCode: "REQUIRED_FIELD_MISSING", warnings: ["Contact.Phone was dropped"] })]);
    expect([view.canReplay, view.canDiscard]).toEqual([true, true]);
    const refund = await h.load(detail, `/app/activity/${ids.refund}`, at(ids.refund));
    expect(refund.shopifyUrl).toBe(`https://${SHOP}/admin/orders/450001`);
    expect([refund.canReplay, refund.canDiscard]).toEqual([true, false]);
  });

  it("404s another shop's event, an unknown id and a malformed one, on the page and its actions", async () => {
    expect((await h.thrown(h.load(detail, `/app/activity/${ids.other}`, at(ids.other)))).status).toBe(404);
    expect((await h.thrown(h.act(detail, `/app/activity/${ids.other}`, { intent: "replay" }, at(ids.other)))).status).toBe(404);
    expect((await h.thrown(h.act(detail, `/app/activity/${ids.other}`, { intent: "discard" }, at(ids.other)))).status).toBe(404);
    expect((await h.thrown(h.load(detail, `/app/activity/${ids.failed}`, at(ids.failed, OTHER_SHOP)))).status).toBe(404);
    expect((await h.thrown(h.load(detail, "/app/activity/00000000-0000-4000-8000-000000000000", at("00000000-0000-4000-8000-000000000000")))).status).toBe(404);
    expect((await h.thrown(h.load(detail, "/app/activity/1;drop", at("1;drop")))).status).toBe(404);
    expect((await h.thrown(h.act(detail, `/app/activity/${ids.failed}`, { intent: "explode" }, at(ids.failed)))).status).toBe(400);
    expect((await statusOf(ids.other)).status).toBe("needs-attention");
  });

  it("discards only failed events, recording who and why", async () => {
    expect(await h.act(detail, `/app/activity/${ids.refund}`, { intent: "discard" }, at(ids.refund))).toMatchObject({ ok: false, message: expect.stringContaining("synced") });
    expect((await statusOf(ids.refund)).status).toBe("synced");
    expect(await h.act(detail, `/app/activity/${ids.dead}`, { intent: "discard" }, at(ids.dead))).toEqual({ intent: "discard", ok: true, count: 1 });
    expect(await statusOf(ids.dead)).toMatchObject({ status: "skipped", lastError: "Discarded by merchant" });
    const view = await h.load(detail, `/app/activity/${ids.dead}`, at(ids.dead));
    expect(view.attempts.at(-1)).toMatchObject({ outcome: "skipped", errorMessage: "Discarded by merchant" });
    expect(view.canDiscard).toBe(false);
  });

  it("replays one event and every event that needs attention, with a queue job each", async () => {
    const jobs = async (id: string) => (await h.sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'eventId' = $1`, [id])).rows[0].n;
    expect(await h.act(detail, `/app/activity/${ids.refund}`, { intent: "replay" }, at(ids.refund))).toEqual({ intent: "replay", ok: true, count: 1 });
    expect(await statusOf(ids.refund)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await jobs(ids.refund)).toBe(1);
    expect(await h.act(detail, `/app/activity/${ids.refund}`, { intent: "replay" }, at(ids.refund))).toMatchObject({ ok: false });

    expect(await h.act(list, "/app/activity", { intent: "replay-needs-attention" })).toEqual({ ok: true, count: 1 });
    expect((await statusOf(ids.failed)).status).toBe("queued");
    expect(await jobs(ids.failed)).toBe(1);
    expect((await statusOf(ids.other)).status).toBe("needs-attention"); // the other shop's stays parked
  });
});
