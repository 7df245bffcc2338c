import type { PgBoss } from "pg-boss";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../app/services/logging/logger.server";
import { startQueue } from "../../app/services/queue/sync-queue.server";
import { createPrismaClient } from "../../app/services/store/prisma-client.server";
import { createWebhookInbox } from "../../app/services/store/webhook-inbox.server";
import { createSyncWorker, type EventBatchProcessor } from "../../app/worker.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let db: TestDatabase;
let queue: PgBoss;
let sql: pg.Pool;
const prisma = () => createPrismaClient(db.url, 4);

beforeAll(async () => {
  db = await createTestDatabase();
  queue = await startQueue({ connectionString: db.url });
  sql = new pg.Pool({ connectionString: db.url });
});
afterAll(async () => {
  await queue.stop({ graceful: false, close: true });
  await sql.end();
  await db.drop();
});

function incoming(shopifyId: string, dedupeKey: string) {
  return {
    shop: "worker-shop.myshopify.com",
    topic: "orders/updated" as const,
    resource: "order" as const,
    shopifyId,
    dedupeKey,
    eventId: dedupeKey,
    webhookId: dedupeKey,
    triggeredAt: null,
    sourceUpdatedAt: new Date(),
    apiVersion: "2026-10",
    payload: { id: shopifyId },
    payloadBytes: 20,
    sync: true,
  };
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it("hands every stored event to the processor once, in batches, one job per record at a time", async () => {
  const client = prisma();
  const inbox = createWebhookInbox({ pool: sql, queue });
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const outcome = await inbox.receive(incoming(String(9007199254740993n + BigInt(i % 10)), `evt-${i}`));
    if (outcome.stored) ids.push(outcome.id);
  }
  const seen: string[] = [];
  const active = new Set<string>();
  let overlap = false;
  const processor: EventBatchProcessor = {
    async processBatch(eventIds) {
      const rows = await client.webhookEvent.findMany({ where: { id: { in: eventIds } } });
      for (const row of rows) {
        if (active.has(row.shopifyId!)) overlap = true;
        active.add(row.shopifyId!);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (const row of rows) active.delete(row.shopifyId!);
      seen.push(...eventIds);
    },
  };
  const worker = await createSyncWorker({ queue, pool: sql, processor, logger: createLogger({ level: "silent" }), batchSize: 7, concurrency: 3, pollingIntervalSeconds: 0.5 });
  await until(async () => seen.length >= 30);
  await worker.stop();
  expect([...seen].sort()).toEqual([...ids].sort());
  expect(overlap).toBe(false);
  await client.$disconnect();
});
