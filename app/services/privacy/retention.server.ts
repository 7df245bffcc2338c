import type { PrismaClient } from "@prisma/client";
import type { JsonValue } from "../../sync/json-value";
import { scrubPayload } from "../../sync/privacy/scrub-payload";

// Personal data is kept only as long as it is needed. Payloads of finished events older than
// PAYLOAD_RETENTION_DAYS are reduced to ids, timestamps and statuses (counts, statuses and Salesforce ids
// stay on their rows); attempts and finished events older than HISTORY_RETENTION_DAYS are deleted. Both
// work in chunks (each its own short statement), so a large backlog never holds long locks.

export interface RetentionSettings {
  payloadDays: number;
  historyDays: number;
  chunkSize: number;
}

export interface RetentionResult {
  scrubbedPayloads: number;
  prunedAttempts: number;
  prunedEvents: number;
  prunedExports: number;
}

export function retentionSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  const days = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of days (at least 1), got "${raw}".`);
    return value;
  };
  return { payloadDays: days("PAYLOAD_RETENTION_DAYS", 30), historyDays: days("HISTORY_RETENTION_DAYS", 180), chunkSize: 1000 };
}

const DAY_MS = 24 * 3600 * 1000;

export async function runRetention(prisma: PrismaClient, settings: RetentionSettings, now: Date = new Date()): Promise<RetentionResult> {
  const payloadCutoff = new Date(now.getTime() - settings.payloadDays * DAY_MS);
  const historyCutoff = new Date(now.getTime() - settings.historyDays * DAY_MS);
  const result: RetentionResult = { scrubbedPayloads: 0, prunedAttempts: 0, prunedEvents: 0, prunedExports: 0 };

  for (;;) {
    const rows = await prisma.$queryRaw<Array<{ id: string; payload: JsonValue }>>`
      SELECT id, payload FROM "WebhookEvent"
       WHERE "receivedAt" < ${payloadCutoff} AND "payloadScrubbedAt" IS NULL AND status NOT IN ('received', 'queued')
       ORDER BY "receivedAt" LIMIT ${settings.chunkSize}`;
    if (rows.length === 0) break;
    const ids = rows.map((row) => row.id);
    const payloads = rows.map((row) => JSON.stringify(scrubPayload(row.payload)));
    result.scrubbedPayloads += await prisma.$executeRaw`
      UPDATE "WebhookEvent" AS e SET payload = v.payload::jsonb, "payloadScrubbedAt" = ${now}, "lastError" = NULL
        FROM unnest(${ids}::text[], ${payloads}::text[]) AS v(id, payload) WHERE e.id = v.id`;
  }
  for (;;) {
    const count = await prisma.$executeRaw`
      DELETE FROM "SyncAttempt" WHERE id IN (SELECT id FROM "SyncAttempt" WHERE "finishedAt" < ${historyCutoff} LIMIT ${settings.chunkSize})`;
    result.prunedAttempts += count;
    if (count < settings.chunkSize) break;
  }
  for (;;) {
    const count = await prisma.$executeRaw`
      DELETE FROM "WebhookEvent" WHERE id IN (
        SELECT id FROM "WebhookEvent" AS e WHERE "receivedAt" < ${historyCutoff} AND status NOT IN ('received', 'queued')
           -- an old event replayed recently keeps its history
           AND NOT EXISTS (SELECT 1 FROM "SyncAttempt" AS a WHERE a."eventId" = e.id)
         LIMIT ${settings.chunkSize})`;
    result.prunedEvents += count;
    if (count < settings.chunkSize) break;
  }
  result.prunedExports = (await prisma.customerDataExport.deleteMany({ where: { createdAt: { lt: payloadCutoff } } })).count;
  return result;
}
