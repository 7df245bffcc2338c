import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRecords } from "../support/salesforce-snapshot";
import { scriptedStream, type Delivery } from "../support/shopify-stream";
import { startSyncHarness, type SyncHarness } from "../support/sync-harness";

// Real `npm run worker` processes (scripts/worker.ts) against the harness's database and emulated orgs;
// the harness itself runs no worker, so only these processes do the work.
let harness: SyncHarness;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // Jobs carry the queue's heartbeat interval from the moment they are sent: the shortest pg-boss allows,
  // so a killed worker's jobs are retried within seconds.
  process.env.QUEUE_HEARTBEAT_SECONDS = "10";
  process.env.QUEUE_SUPERVISE_SECONDS = "1";
  harness = await startSyncHarness({ consume: false });
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await harness.close();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, ...harness.workerEnv, LOG_LEVEL: "warn", MIGRATE_ON_START: "false", QUEUE_HEARTBEAT_SECONDS: "10", QUEUE_SUPERVISE_SECONDS: "1", WORKER_BATCH_SIZE: "10" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

const deliverAll = (deliveries: Delivery[]) => harness.deliverAll(deliveries);

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Six customers and the scripted stream's guest: each has an Account and a Contact (the guest's keyed by email).
const EXPECTED = { Account: 7, Contact: 7, Opportunity: 6, OpportunityLineItem: 263, Product2: 40, PricebookEntry: 40, Shopify_Refund__c: 1 };

const statuses = (shop: string) => harness.statuses(shop);

describe("worker processes", () => {
  it("two workers share the work and never process the same event twice", { timeout: 120_000 }, async () => {
    const shop = "two-workers.myshopify.com";
    await harness.connect(shop);
    harness.orgFor(shop).setFaults({ latencyMs: 20 });
    await deliverAll(scriptedStream({ shop, copies: 2, shuffle: true, seed: 3 }));
    const workers = [startWorker(), startWorker()];
    await harness.settle(90_000, shop);
    for (const worker of workers) worker.kill("SIGTERM");
    expect(countRecords(harness.orgFor(shop))).toEqual(EXPECTED);
    const settled = await statuses(shop);
    expect((settled.synced ?? 0) + (settled.skipped ?? 0)).toBe(26);
    // An event may be attempted again after a transient error, but never by two workers at once and
    // never synced twice.
    const overlapping = await harness.app.sql.query(
      `SELECT a."eventId" FROM "SyncAttempt" a JOIN "SyncAttempt" b
          ON a."eventId" = b."eventId" AND a.id < b.id AND a."startedAt" < b."finishedAt" AND b."startedAt" < a."finishedAt"
        WHERE a.shop = $1`,
      [shop],
    );
    expect(overlapping.rows).toEqual([]);
    const syncedTwice = await harness.app.sql.query(
      `SELECT "eventId" FROM "SyncAttempt" WHERE shop = $1 AND outcome = 'synced' GROUP BY "eventId" HAVING count(*) > 1`,
      [shop],
    );
    expect(syncedTwice.rows).toEqual([]);

  });

  it("a worker killed with SIGKILL mid-batch is replaced and the stream converges", { timeout: 120_000 }, async () => {
    const shop = "killed-worker.myshopify.com";
    await harness.connect(shop);
    const org = harness.orgFor(shop);
    org.setFaults({ latencyMs: 400 }); // slow Salesforce: the kill lands while calls are in flight
    await deliverAll(scriptedStream({ shop }));
    const victim = startWorker();
    await until(async () => org.stats().apiCalls >= 2, 60_000);
    victim.kill("SIGKILL");
    const statusAtKill = await statuses(shop);
    expect(statusAtKill.queued ?? 0).toBeGreaterThan(0); // it really died with work outstanding
    org.setFaults({ latencyMs: 0 });
    startWorker();
    await harness.settle(90_000, shop);
    expect(countRecords(org)).toEqual(EXPECTED);
    const settled = await statuses(shop);
    expect((settled.synced ?? 0) + (settled.skipped ?? 0)).toBe(26);
  });
});
