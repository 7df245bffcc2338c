import { randomUUID } from "node:crypto";
import type pg from "pg";
import { parseMappingDocument } from "../../sync/parse-mapping-document";
import type { SalesforceChange, SalesforceChangeSource } from "../../sync/reverse/change-source";
import type { FieldMemoryPort } from "../../sync/reverse/echo-guard";
import { normalizeValue } from "../../sync/reverse/field-values";
import { decideInitialField } from "../../sync/reverse/initial-decision";
import type { FieldDecision, FieldMemory } from "../../sync/reverse/reconcile";
import { reverseObjects, type ReverseObject } from "../../sync/reverse/reverse-fields";
import { customersWithHeldEdits } from "./field-memory-store.server";
import { missingWriteScope } from "./granted-scopes.server";
import { readCurrentValues } from "./shopify-current-values.server";
import { writeCustomers } from "./batch-writer.server";
import { recordHeldWrite } from "./held-edit-events.server";
import { DEFAULT_RECONCILE_PAGE, loadPass, savePass } from "./reconcile-pass.server";
import type { AdminGraphqlRequest, WriteOutcome, WriterOptions } from "./shopify-writer.server";

// One poll of one shop, Salesforce → Shopify: read changed records per object (SystemModstamp watermark),
// keep the fields that really changed (memory), read Shopify's values for those customers, decide per
// field (owner wins), write with aliased mutations, and record each customer's write as a WebhookEvent
// (topic salesforce/customers-update) with SyncAttempt rows, so Activity shows it, its errors and retries.

export const REVERSE_TOPIC = "salesforce/customers-update";
export const REVERSE_RESOURCE = "reverse:customer";
const MAX_ATTEMPTS = 8;

export interface ReverseSyncDeps {
  pool: pg.Pool;
  changeSource: SalesforceChangeSource;
  memory: FieldMemoryPort;
  /** Shopify's Admin GraphQL client for the shop's offline session. */
  shopifyClientFor(shop: string): Promise<AdminGraphqlRequest>;
  /** The Salesforce API budget governor (api-budget.server.ts). */
  budgetAllows(shop: string): Promise<{ allowed: boolean; reason?: string }>;
  clock?: () => Date;
  writer?: WriterOptions;
  apiVersion?: string;
  /** Records per page of the initial reconciliation pass (default 2,000: one SOQL call). */
  reconcilePageSize?: number;
  /** The change source's overlap: a replayed record is re-read by starting this much after its version. */
  overlapMs?: number;
}

export interface PollSummary {
  shop: string;
  skipped: string | null;
  salesforceCalls: number;
  shopifyRequests: number;
  changedRecords: number;
  /** Customers written to Shopify. */
  writes: number;
  /** Customers whose held Shopify edit of a Salesforce-owned field was written to Salesforce. */
  salesforceWrites: number;
  conflicts: number;
  /** Existing records compared by the initial reconciliation pass in this poll. */
  reconciledRecords: number;
  events: { synced: number; needsAttention: number; retry: number };
}

export interface ReverseSync {
  pollShop(shop: string): Promise<PollSummary>;
}

interface EventRow {
  id: string;
  status: string;
  attempts: number;
}

export function createReverseSync(deps: ReverseSyncDeps): ReverseSync {
  const clock = deps.clock ?? (() => new Date());
  const sleep = deps.writer?.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function pollShop(shop: string): Promise<PollSummary> {
    const summary: PollSummary = { shop, skipped: null, salesforceCalls: 0, shopifyRequests: 0, changedRecords: 0, writes: 0, salesforceWrites: 0, conflicts: 0, reconciledRecords: 0, events: { synced: 0, needsAttention: 0, retry: 0 } };
    const { rows: shops } = await deps.pool.query<{ status: string; syncPausedAt: Date | null; syncPauseReason: string | null }>(
      `SELECT status, "syncPausedAt", "syncPauseReason" FROM "Shop" WHERE shop = $1`,
      [shop],
    );
    if (shops[0] && shops[0].status !== "installed") return { ...summary, skipped: "The shop is not installed." };
    if (shops[0]?.syncPausedAt) return { ...summary, skipped: `Sync is paused (${shops[0].syncPauseReason ?? "paused"}).` };
    const objects = await activeReverseObjects(shop);
    if (objects.length === 0) return { ...summary, skipped: "No mapped field flows from Salesforce to Shopify." };
    const scopeProblem = await missingWriteScope(deps.pool, shop);
    if (scopeProblem) return { ...summary, skipped: scopeProblem };
    const budget = await deps.budgetAllows(shop);
    if (!budget.allowed) return { ...summary, skipped: budget.reason ?? "Salesforce API budget reached." };

    const client = await deps.shopifyClientFor(shop);
    for (const object of objects) {
      const cursor = await deps.pool.query<{ watermark: Date | null }>(`SELECT watermark AT TIME ZONE 'UTC' AS watermark FROM "ReverseSyncCursor" WHERE shop = $1 AND object = $2`, [shop, object.object]);
      // First poll: start now — two-way sync carries changes made from the moment it is switched on.
      const watermarkSince = cursor.rows[0]?.watermark ?? clock();
      // Events replayed from Activity (status queued) pull the read back so their records are read again.
      const replayed = await deps.pool.query<{ from: Date | null }>(
        `SELECT min((payload->'salesforce'->>'systemModstamp')::timestamptz) AS from FROM "WebhookEvent"
          WHERE shop = $1 AND topic = $2 AND status = 'queued' AND payload->'salesforce'->>'object' = $3`,
        [shop, REVERSE_TOPIC, object.object],
      );
      const replayFrom = replayed.rows[0]?.from ? new Date(replayed.rows[0].from.getTime() + overlapMs()) : null;
      const since = replayFrom && replayFrom < watermarkSince ? replayFrom : watermarkSince;
      const batch = await deps.changeSource.read(shop, object, since);
      summary.salesforceCalls += batch.apiCalls;
      // Customers with a held Shopify edit are read even when Salesforce did not change them.
      const held = await customersWithHeldEdits(deps.pool, shop, object.fields.map((field) => field.key));
      const heldBatch = await deps.changeSource.readRecords(shop, object, held);
      summary.salesforceCalls += heldBatch.apiCalls;
      // Initial reconciliation of newly switched-on fields: one bounded page of existing records per poll.
      const fieldKeys = object.fields.map((field) => field.key);
      const pass = await loadPass(deps.pool, shop, object.object, fieldKeys);
      const page = pass.active ? await deps.changeSource.readPage(shop, object, pass.afterId, deps.reconcilePageSize ?? DEFAULT_RECONCILE_PAGE) : null;
      summary.salesforceCalls += page?.apiCalls ?? 0;
      summary.reconciledRecords += page?.changes.length ?? 0;
      const touched: string[] = [];
      const retryFrom = await syncChanges(shop, object, newestPerRecord([...(page?.changes ?? []), ...batch.changes, ...heldBatch.changes]), client, summary, touched);
      // A replayed event with nothing left to write (or replaced by a newer change's event) is closed.
      await deps.pool.query(
        `UPDATE "WebhookEvent" SET status = 'skipped', "lastError" = 'Nothing left to write: Shopify already holds the value, or a newer Salesforce change replaced it.', "updatedAt" = now()
          WHERE shop = $1 AND topic = $2 AND status = 'queued' AND payload->'salesforce'->>'object' = $3 AND NOT (id = ANY($4::text[]))`,
        [shop, REVERSE_TOPIC, object.object, touched],
      );
      // A write that must be retried holds the watermark back, so the next poll reads its record again.
      const newest = batch.watermark && batch.watermark > watermarkSince ? batch.watermark : watermarkSince;
      const watermark = retryFrom && retryFrom < newest ? retryFrom : newest;
      await deps.pool.query(
        `INSERT INTO "ReverseSyncCursor" (shop, object, watermark, "lastPolledAt", "lastError", "updatedAt") VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', NULL, now())
         ON CONFLICT (shop, object) DO UPDATE SET watermark = EXCLUDED.watermark, "lastPolledAt" = EXCLUDED."lastPolledAt", "lastError" = NULL, "updatedAt" = now()`,
        [shop, object.object, watermark.toISOString()],
      );
      if (page) await savePass(deps.pool, shop, object.object, fieldKeys, page.complete ? null : page.lastId);
    }
    return summary;
  }

  function overlapMs(): number {
    return deps.overlapMs ?? 0;
  }

  async function queuedRecordIds(shop: string, object: ReverseObject): Promise<Set<string>> {
    const { rows } = await deps.pool.query<{ id: string }>(
      `SELECT payload->'salesforce'->>'id' AS id FROM "WebhookEvent" WHERE shop = $1 AND topic = $2 AND status = 'queued' AND payload->'salesforce'->>'object' = $3`,
      [shop, REVERSE_TOPIC, object.object],
    );
    return new Set(rows.map((row) => row.id));
  }

  async function activeReverseObjects(shop: string): Promise<ReverseObject[]> {
    const { rows } = await deps.pool.query<{ document: unknown }>(
      `SELECT document FROM "MappingSet" WHERE shop = $1 AND resource = 'customer' AND "isActive" ORDER BY version DESC LIMIT 1`,
      [shop],
    );
    if (rows.length === 0) return [];
    const parsed = parseMappingDocument(rows[0].document);
    return parsed.ok ? reverseObjects(parsed.value) : [];
  }

  async function syncChanges(shop: string, object: ReverseObject, changes: SalesforceChange[], client: AdminGraphqlRequest, summary: PollSummary, touched: string[]): Promise<Date | null> {
    let retryFrom: Date | null = null;
    if (changes.length === 0) return retryFrom;
    const memories = await deps.memory.load(shop, "customer", changes.map((change) => change.externalId));
    // Only records with a field that differs from what we remember need Shopify's side at all.
    const replayedIds = await queuedRecordIds(shop, object);
    const changed = changes.filter((change) =>
      replayedIds.has(change.id) ||
      object.fields.some((field) => memories.get(change.externalId)?.get(field.key)?.pending) ||
      object.fields.some((field) => {
        // No memory is news too (a field switched on since); a remembered empty value (null) is not.
        const memory = memories.get(change.externalId)?.get(field.key);
        return !memory || normalizeValue(field, change.values[field.salesforceField]) !== memory.salesforceValue;
      }),
    );
    summary.changedRecords += changed.length;
    if (changed.length === 0) return retryFrom;
    const current = await readCurrentValues(client, object.fields, changed.map((change) => change.externalId), sleep);
    summary.shopifyRequests += current.requests;

    const planned: Array<{ change: SalesforceChange; decisions: FieldDecision[] }> = [];
    for (const change of changed) {
      const shopifyValues = current.values.get(change.externalId);
      if (!shopifyValues) continue; // deleted in Shopify (or another shop's id): nothing to write to.
      const remembered = memories.get(change.externalId);
      // A field without memory (the reconciliation pass, a field switched on since) is compared as it stands.
      planned.push({ change, decisions: object.fields.map((field) => decideInitialField(field, change.values[field.salesforceField], shopifyValues.get(field.key) ?? null, remembered?.get(field.key) ?? null)) });
    }

    await writeHeldToSalesforce(shop, object, planned, summary, touched);

    const toWrite: Array<{ change: SalesforceChange; decisions: FieldDecision[]; notable: FieldDecision[]; event: EventRow; startedAt: Date }> = [];
    for (const { change, decisions } of planned) {
      const notable = decisions.filter((decision) => decision.outcome === "write" || decision.outcome === "kept-shopify" || decision.outcome === "invalid");
      if (notable.length === 0) {
        await saveMemories(shop, change.externalId, decisions.filter((decision) => decision.outcome === "in-step").map((decision) => [decision.field.key, decision.memory]));
        continue;
      }
      const startedAt = clock();
      const event = await openEvent(shop, object, change, decisions);
      if (!event) continue; // already handled (same record version) or parked: a replay or a new edit reopens it
      touched.push(event.id);
      summary.conflicts += notable.filter((decision) => decision.losing !== null).length;
      toWrite.push({ change, decisions, notable, event, startedAt });
    }
    if (toWrite.length === 0) return retryFrom;

    // Shopify sends customers/update for each write while the batch is still running, and the forward
    // echo guard compares it with memory: remember the values being written first (for "both" fields, the
    // only ones the guard checks), so our own webhook reads as an echo, never as a merchant edit to hold.
    const previous = new Map<string, Array<[string, FieldMemory]>>();
    for (const item of toWrite) {
      const known = memories.get(item.change.externalId);
      const intents = item.notable.filter((decision) => decision.outcome === "write" && decision.field.direction === "both" && known?.has(decision.field.key));
      if (intents.length === 0) continue;
      previous.set(item.change.externalId, intents.map((decision) => [decision.field.key, known?.get(decision.field.key) as FieldMemory]));
      await saveMemories(shop, item.change.externalId, intents.map((decision) => [decision.field.key, decision.memory]));
    }
    // Every customer's writes go together: aliased mutations, as many per request as the cost limits allow.
    const batch = await writeCustomers(
      client,
      toWrite.map((item) => ({ customerId: gid(item.change.externalId), writes: item.notable.flatMap((decision) => decision.writes) })),
      deps.writer,
    );
    summary.shopifyRequests += batch.requests;
    for (const item of toWrite) {
      const outcome = batch.outcomes.get(gid(item.change.externalId)) ?? { ok: false as const, kind: "failed" as const, message: "No answer from Shopify for this customer.", requests: 0, throttled: 0 };
      // A write that did not happen leaves memory as it was, so the next poll still sees the change.
      if (!outcome.ok && previous.has(item.change.externalId)) await saveMemories(shop, item.change.externalId, previous.get(item.change.externalId) ?? []);
      const retry = await finishWrite(shop, item, outcome, summary);
      if (retry && (retryFrom === null || item.change.modstamp < retryFrom)) retryFrom = item.change.modstamp;
    }
    return retryFrom;
  }

  /** Shopify values bound for Salesforce (held edits; a Shopify-owned value on first comparison): one Collections upsert for all customers. */
  async function writeHeldToSalesforce(shop: string, object: ReverseObject, planned: ReadonlyArray<{ change: SalesforceChange; decisions: FieldDecision[] }>, summary: PollSummary, touched: string[]): Promise<void> {
    const held = planned
      .map(({ change, decisions }) => ({ change, decisions: decisions.filter((decision) => decision.outcome === "to-salesforce") }))
      .filter((entry) => entry.decisions.length > 0);
    if (held.length === 0) return;
    const records = held.map(({ change, decisions }) => ({ [object.externalIdField]: change.externalId, ...Object.fromEntries(decisions.map((decision) => [decision.field.salesforceField, decision.memory.salesforceValue])) }));
    const result = await deps.changeSource.write(shop, object, records);
    summary.salesforceCalls += result.apiCalls;
    for (const { change, decisions } of held) {
      // A refused record keeps its held edit (the next poll tries again) and is an event in Activity.
      const refusal = result.failed.get(change.externalId) ?? null;
      const eventId = await recordHeldWrite(deps.pool, shop, { object, change, decisions }, refusal, clock(), deps.apiVersion ?? "2026-10");
      if (eventId) touched.push(eventId);
      if (refusal !== null) {
        summary.events.needsAttention += 1;
        continue;
      }
      summary.salesforceWrites += 1;
      await saveMemories(shop, change.externalId, decisions.map((decision) => [decision.field.key, decision.memory]));
    }
  }

  async function finishWrite(
    shop: string,
    item: { change: SalesforceChange; decisions: FieldDecision[]; notable: FieldDecision[]; event: EventRow; startedAt: Date },
    outcome: WriteOutcome,
    summary: PollSummary,
  ): Promise<boolean> {
    const { change, decisions, notable, event, startedAt } = item;
    const writes = notable.flatMap((decision) => decision.writes);
    const invalid = notable.filter((decision) => decision.outcome === "invalid");
    const attempt = event.attempts + 1;
    if (outcome.ok) {
      summary.writes += writes.length > 0 ? 1 : 0;
      const written = decisions.filter((decision) => decision.outcome === "write" || decision.outcome === "kept-shopify" || decision.outcome === "in-step");
      await saveMemories(
        shop,
        change.externalId,
        written.map((decision) => [decision.field.key, decision.outcome === "write" ? afterWrite(decision, outcome.stored, outcome.updatedAt) : decision.memory]),
      );
      const problem = invalid.map((decision) => decision.problem).join(" ");
      await finishEvent(event.id, shop, attempt, invalid.length > 0 ? "needs-attention" : "synced", invalid.length > 0 ? "SHOPIFY_VALIDATION" : null, problem || null, startedAt);
      if (invalid.length > 0) summary.events.needsAttention += 1;
      else summary.events.synced += 1;
      return false;
    }
    if (outcome.kind === "rejected") {
      await finishEvent(event.id, shop, attempt, "needs-attention", "SHOPIFY_USER_ERRORS", outcome.message, startedAt);
      summary.events.needsAttention += 1;
      return false;
    }
    const status = attempt >= MAX_ATTEMPTS ? "dead" : "queued";
    await finishEvent(event.id, shop, attempt, status, outcome.kind === "throttled" ? "THROTTLED" : "SHOPIFY_REQUEST_FAILED", outcome.message, startedAt);
    summary.events.retry += 1;
    return status === "queued";
  }

  async function saveMemories(shop: string, shopifyId: string, entries: Array<[string, FieldMemory]>): Promise<void> {
    await deps.memory.save(shop, "customer", entries.map(([fieldKey, memory]) => ({ shopifyId, fieldKey, memory })));
  }

  /** The event for this record version: created, or reopened when it waits for a retry. Null: nothing to do. */
  async function openEvent(shop: string, object: ReverseObject, change: SalesforceChange, decisions: FieldDecision[]): Promise<EventRow | null> {
    const payload = {
      salesforce: { object: object.object, id: change.id, systemModstamp: change.modstamp.toISOString() },
      customerId: change.externalId,
      fields: decisions
        .filter((decision) => decision.outcome !== "unchanged")
        .map((decision) => ({
          field: decision.field.key,
          shopify: decision.field.shopify,
          outcome: decision.outcome,
          salesforceValue: decision.salesforceValue,
          shopifyValue: decision.shopifyValue,
          losingValue: decision.losing,
          problem: decision.problem,
        })),
    };
    const body = JSON.stringify(payload);
    const dedupeKey = `${object.object}:${change.id}:${change.modstamp.toISOString()}`;
    const { rows } = await deps.pool.query<EventRow & { inserted: boolean }>(
      `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "eventId", "webhookId", "triggeredAt", "sourceUpdatedAt", "apiVersion", payload, "payloadBytes", status, attempts, "receivedAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8::timestamptz AT TIME ZONE 'UTC', $8::timestamptz AT TIME ZONE 'UTC', $9, $10::jsonb, $11, 'queued', 0, now() AT TIME ZONE 'UTC', now())
       ON CONFLICT (shop, topic, "dedupeKey") DO UPDATE SET "updatedAt" = now()
       RETURNING id, status, attempts, (xmax = 0) AS inserted`,
      [randomUUID(), shop, REVERSE_TOPIC, REVERSE_RESOURCE, change.externalId, dedupeKey, `poll:${object.object}:${change.id}`, change.modstamp.toISOString(), deps.apiVersion ?? "2026-10", body, Buffer.byteLength(body)],
    );
    const row = rows[0];
    if (!row.inserted && row.status !== "queued") return null;
    if (!row.inserted) await deps.pool.query(`UPDATE "WebhookEvent" SET payload = $2::jsonb, "payloadBytes" = $3 WHERE id = $1`, [row.id, body, Buffer.byteLength(body)]);
    return row;
  }

  async function finishEvent(id: string, shop: string, attempt: number, status: string, code: string | null, message: string | null, startedAt: Date): Promise<void> {
    const finishedAt = clock();
    await deps.pool.query(
      `UPDATE "WebhookEvent" SET status = $2, attempts = $3, "lastError" = $4, "lastErrorCode" = $5, "processedAt" = $6::timestamptz AT TIME ZONE 'UTC', "updatedAt" = now() WHERE id = $1`,
      [id, status, attempt, message, code, finishedAt.toISOString()],
    );
    const outcome = status === "queued" ? "retry" : status;
    await deps.pool.query(
      `INSERT INTO "SyncAttempt" (id, shop, "eventId", "batchId", attempt, outcome, "apiCalls", "errorCode", "errorMessage", "startedAt", "finishedAt", "durationMs")
       VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9::timestamptz AT TIME ZONE 'UTC', $10::timestamptz AT TIME ZONE 'UTC', $11)`,
      [randomUUID(), shop, id, "reverse-poll", attempt, outcome, code, message, startedAt.toISOString(), finishedAt.toISOString(), finishedAt.getTime() - startedAt.getTime()],
    );
  }

  return { pollShop };
}

/** What we remember after writing: the value as Shopify stored it (it normalises phone numbers, for one). */
function afterWrite(decision: FieldDecision, stored: Record<string, unknown> | null, updatedAt: Date | null): FieldMemory {
  const target = decision.field.shopify;
  const shopifyValue = target.kind === "customer-field" && stored && target.field in stored ? normalizeValue(decision.field, stored[target.field]) : decision.memory.shopifyValue;
  return { ...decision.memory, shopifyValue, shopifyWrittenAt: updatedAt ?? decision.memory.shopifyWrittenAt };
}

const gid = (customerId: string) => `gid://shopify/Customer/${customerId}`;

/** A record read twice in one batch (overlap) keeps its newest version. */
function newestPerRecord(changes: readonly SalesforceChange[]): SalesforceChange[] {
  const byId = new Map<string, SalesforceChange>();
  for (const change of changes) {
    const seen = byId.get(change.id);
    if (!seen || change.modstamp >= seen.modstamp) byId.set(change.id, change);
  }
  return [...byId.values()];
}
