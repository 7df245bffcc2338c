import { createHash, randomUUID } from "node:crypto";
import type pg from "pg";
import type { SalesforceChange } from "../../sync/reverse/change-source";
import type { FieldDecision } from "../../sync/reverse/reconcile";
import type { ReverseObject } from "../../sync/reverse/reverse-fields";

// A Shopify value on its way to Salesforce (a held edit of a Salesforce-owned field, or Shopify's value of
// a Shopify-owned field on the first comparison) that Salesforce refuses — a validation rule, a field too
// short, a locked record — is an event in Activity with Salesforce's message, not only a log line. The held
// value stays held, so every poll tries again (the merchant may fix the rule in Salesforce); the same
// event is updated meanwhile, and a new attempt row is added only when Salesforce's answer changes, so
// one stuck customer does not add a row a minute. When a later try succeeds, the event turns synced.

export const HELD_TOPIC = "salesforce/customers-update";
export const HELD_RESOURCE = "reverse:customer";

export interface HeldWrite {
  object: ReverseObject;
  change: SalesforceChange;
  decisions: FieldDecision[];
}

function dedupeKey(write: HeldWrite): string {
  const values = write.decisions.map((decision) => [decision.field.key, decision.memory.salesforceValue]);
  return `to-salesforce:${write.object.object}:${write.change.id}:${createHash("sha256").update(JSON.stringify(values)).digest("hex").slice(0, 32)}`;
}

function payloadOf(write: HeldWrite): string {
  return JSON.stringify({
    direction: "shopify-to-salesforce",
    salesforce: { object: write.object.object, id: write.change.id, systemModstamp: write.change.modstamp.toISOString() },
    customerId: write.change.externalId,
    fields: write.decisions.map((decision) => ({
      field: decision.field.key,
      outcome: decision.outcome,
      salesforceValue: decision.salesforceValue,
      shopifyValue: decision.memory.salesforceValue,
      losingValue: decision.losing,
    })),
  });
}

/** Records the outcome of one held write; returns the event id when there is an event (refused now or before). */
export async function recordHeldWrite(pool: pg.Pool, shop: string, write: HeldWrite, refusal: string | null, at: Date, apiVersion: string): Promise<string | null> {
  const key = dedupeKey(write);
  if (refusal === null) {
    // Success: only an event that recorded an earlier refusal needs closing.
    const { rows } = await pool.query<{ id: string; attempts: number }>(
      `UPDATE "WebhookEvent" SET status = 'synced', attempts = attempts + 1, "lastError" = NULL, "lastErrorCode" = NULL, "processedAt" = $4::timestamptz AT TIME ZONE 'UTC', "updatedAt" = now()
        WHERE shop = $1 AND topic = $2 AND "dedupeKey" = $3 AND status <> 'synced' RETURNING id, attempts`,
      [shop, HELD_TOPIC, key, at.toISOString()],
    );
    if (rows[0]) await attempt(pool, shop, rows[0].id, rows[0].attempts, "synced", null, at);
    return rows[0]?.id ?? null;
  }
  const message = `Salesforce refused the Shopify value — ${refusal}`;
  const body = payloadOf(write);
  const { rows } = await pool.query<{ id: string; attempts: number; changed: boolean }>(
    `WITH previous AS (SELECT id, "lastError" FROM "WebhookEvent" WHERE shop = $2 AND topic = $3 AND "dedupeKey" = $6)
     INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "eventId", "webhookId", "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, attempts, "lastError", "lastErrorCode", "processedAt", "receivedAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8::timestamptz AT TIME ZONE 'UTC', $8::timestamptz AT TIME ZONE 'UTC', $9, $10::jsonb, $11, 'needs-attention', 1, $12, 'SALESFORCE_REJECTED', $13::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now())
     ON CONFLICT (shop, topic, "dedupeKey") DO UPDATE SET status = 'needs-attention', attempts = "WebhookEvent".attempts + 1, "lastError" = EXCLUDED."lastError",
       "lastErrorCode" = EXCLUDED."lastErrorCode", "processedAt" = EXCLUDED."processedAt", "updatedAt" = now()
     RETURNING id, attempts, (SELECT "lastError" FROM previous) IS DISTINCT FROM $12 AS changed`,
    [randomUUID(), shop, HELD_TOPIC, HELD_RESOURCE, write.change.externalId, key, `poll:${write.object.object}:${write.change.id}`, write.change.modstamp.toISOString(), apiVersion, body, Buffer.byteLength(body), message, at.toISOString()],
  );
  const row = rows[0];
  if (row.changed) await attempt(pool, shop, row.id, row.attempts, "needs-attention", message, at);
  return row.id;
}

async function attempt(pool: pg.Pool, shop: string, eventId: string, number: number, outcome: string, message: string | null, at: Date): Promise<void> {
  await pool.query(
    `INSERT INTO "SyncAttempt" (id, shop, "eventId", "batchId", attempt, outcome, "apiCalls", "errorCode", "errorMessage", "startedAt", "finishedAt", "durationMs")
     VALUES ($1, $2, $3, 'reverse-poll', $4, $5, 1, $6, $7, $8::timestamptz AT TIME ZONE 'UTC', $8::timestamptz AT TIME ZONE 'UTC', 0)`,
    [randomUUID(), shop, eventId, number, outcome, message ? "SALESFORCE_REJECTED" : null, message, at.toISOString()],
  );
}
