import { randomUUID } from "node:crypto";
import pg from "pg";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startQueue } from "../../app/services/queue/sync-queue.server";
import { createWebhookInbox, type IncomingWebhookEvent, type ReceiveOutcome } from "../../app/services/store/webhook-inbox.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Group commit on the real PostgreSQL and pg-boss: which deliveries share a transaction is steered by
// holding a lock from a second connection (never by sleeping), and outcomes and order are asserted.

let db: TestDatabase;
let pool: pg.Pool;
let sql: pg.Pool;
let queue: PgBoss;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
  sql = new pg.Pool({ connectionString: db.url, max: 4 });
  queue = await startQueue({ connectionString: db.url, supervise: false });
});
afterAll(async () => {
  await queue.stop({ graceful: false, close: true });
  await pool.end();
  await sql.end();
  await db.drop();
});
beforeEach(async () => {
  await sql.query(`TRUNCATE "WebhookEvent"`);
  await sql.query(`DELETE FROM pgboss.job WHERE name = 'sync-events'`);
});

function event(dedupeKey: string, payload: unknown = { id: "820982911946154508", updated_at: "2026-11-02T10:00:00Z" }): IncomingWebhookEvent {
  return {
    shop: "group-shop.myshopify.com",
    topic: "orders/updated",
    resource: "order",
    shopifyId: "820982911946154508",
    dedupeKey,
    eventId: dedupeKey,
    webhookId: randomUUID(),
    triggeredAt: new Date("2026-11-02T10:00:01Z"),
    sourceUpdatedAt: new Date("2026-11-02T10:00:00Z"),
    apiVersion: "2026-10",
    payload,
    payloadBytes: 64,
    sync: true,
  };
}

async function counts() {
  const events = (await sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent"`)).rows[0].n as number;
  const jobs = (await sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-events'`)).rows[0].n as number;
  return { events, jobs };
}

/** Waits (polling, no deadline assertion) until some backend waits on a lock — the held group is in flight. */
async function untilALockIsAwaited(): Promise<void> {
  for (;;) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Blocks every insert into WebhookEvent until the returned function is called. */
async function holdInserts(): Promise<() => Promise<void>> {
  const blocker = await sql.connect();
  await blocker.query(`BEGIN; LOCK TABLE "WebhookEvent" IN SHARE MODE`);
  return async () => {
    await blocker.query("COMMIT");
    blocker.release();
  };
}

const settledFlag = <T,>(promise: Promise<T>) => {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};

describe("intake group commit", () => {
  it("commits deliveries that arrive while a group is in flight as one group, storing duplicates once", async () => {
    const groups: number[] = [];
    const inbox = createWebhookInbox({ pool, queue, maxConcurrentGroups: 1, onGroupCommitted: (size) => groups.push(size) });
    const release = await holdInserts();
    const first = inbox.receive(event("evt-first"));
    await untilALockIsAwaited();
    // These queue behind the held group and then commit together; evt-dup three times, evt-first again.
    const rest = ["evt-dup", "evt-a", "evt-dup", "evt-b", "evt-dup", "evt-first"].map((key) => inbox.receive(event(key)));
    await release();
    const outcomes: ReceiveOutcome[] = await Promise.all([first, ...rest]);

    expect(groups).toEqual([1, 6]);
    expect(outcomes[0].stored).toBe(true);
    const dup = [outcomes[1], outcomes[3], outcomes[5]];
    expect(dup.filter((outcome) => outcome.stored)).toHaveLength(1);
    expect(outcomes[6]).toEqual({ stored: false, reason: "duplicate" });
    expect(outcomes[2].stored && outcomes[4].stored).toBe(true);
    expect(await counts()).toEqual({ events: 4, jobs: 4 });
    // Each stored event has exactly its own job.
    const { rows } = await sql.query(
      `SELECT e.id, (SELECT count(*)::int FROM pgboss.job j WHERE j.name = 'sync-events' AND j.data->>'eventId' = e.id) AS jobs FROM "WebhookEvent" e`,
    );
    expect(rows.every((row) => row.jobs === 1)).toBe(true);
  });

  it("fails only the delivery PostgreSQL refuses; the rest of its group is stored", async () => {
    const inbox = createWebhookInbox({ pool, queue, maxConcurrentGroups: 1 });
    const release = await holdInserts();
    const first = inbox.receive(event("evt-head"));
    await untilALockIsAwaited();
    // jsonb refuses the NUL character: this delivery cannot be stored, whatever group it is in.
    const bad = inbox.receive(event("evt-bad", { id: "1", note: "nul \u0000 here" }));
    const good = ["evt-1", "evt-2", "evt-3"].map((key) => inbox.receive(event(key)));
    await release();
    await expect(first).resolves.toMatchObject({ stored: true });
    await expect(bad).rejects.toThrow(/unsupported Unicode escape sequence|\\u0000/);
    for (const outcome of await Promise.all(good)) expect(outcome.stored).toBe(true);
    expect(await counts()).toEqual({ events: 4, jobs: 4 });
    const keys = (await sql.query(`SELECT "dedupeKey" FROM "WebhookEvent" ORDER BY 1`)).rows.map((row) => row.dedupeKey);
    expect(keys).toEqual(["evt-1", "evt-2", "evt-3", "evt-head"]);
  });

  it("answers a delivery only after the COMMIT that holds its event and job", async () => {
    const inbox = createWebhookInbox({ pool, queue });
    // A deferred constraint trigger runs inside COMMIT; it waits for an advisory lock the test holds.
    await sql.query(`
      CREATE FUNCTION hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT ON "WebhookEvent" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hold_commit();`);
    const holder = await sql.connect();
    try {
      await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(4242)`);
      const outcome = inbox.receive(event("evt-commit"));
      const state = settledFlag(outcome);
      await untilALockIsAwaited(); // the intake transaction is now inside COMMIT
      await new Promise((resolve) => setImmediate(resolve));
      expect(state.settled).toBe(false);
      expect(await counts()).toEqual({ events: 0, jobs: 0 }); // not visible before COMMIT completes
      await holder.query("COMMIT");
      await expect(outcome).resolves.toMatchObject({ stored: true });
      expect(await counts()).toEqual({ events: 1, jobs: 1 });
    } finally {
      holder.release();
      await sql.query(`DROP TRIGGER hold_commit ON "WebhookEvent"; DROP FUNCTION hold_commit();`);
    }
  });

  it("rejects every delivery of a group when the database refuses them all, storing nothing", async () => {
    const inbox = createWebhookInbox({ pool, queue, maxConcurrentGroups: 1 });
    await sql.query(`
      CREATE FUNCTION fail_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'queue unavailable'; END $$;
      CREATE TRIGGER fail_job BEFORE INSERT ON pgboss.job_common FOR EACH ROW EXECUTE FUNCTION fail_job();`);
    try {
      const release = await holdInserts();
      const outcomes = ["evt-x", "evt-y", "evt-z"].map((key) => inbox.receive(event(key)).catch((error: unknown) => error));
      await untilALockIsAwaited();
      await release();
      for (const outcome of await Promise.all(outcomes)) expect(String(outcome)).toMatch(/queue unavailable/);
    } finally {
      await sql.query(`DROP TRIGGER fail_job ON pgboss.job_common; DROP FUNCTION fail_job();`);
    }
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });
});
