import type { RecordState } from "./apply-results";
import type { EventResolution } from "./event-outcome";
import type { PreparedRecord } from "./prepare-event";
import type { EventUpdate, SyncAttemptWrite, SyncEvent, SyncRecordState, SyncRecordWrite } from "./ports";
import { canTransition, type SyncRecordStatus } from "./sync-record-status";
import type { Violation } from "./violation";

// Turns one shop's batch results into the rows the store saves in one transaction.

export function eventUpdateFor(event: SyncEvent, resolution: EventResolution, mappingVersion: number | null, now: Date): EventUpdate {
  const finished = resolution.status !== "queued";
  return {
    id: event.id,
    from: event.status,
    to: resolution.status,
    attempts: resolution.attempts,
    // Skipped events keep their reason (superseded, stale, not synced) so the activity list can say why.
    lastError: resolution.outcome === "synced" ? null : resolution.reason,
    lastErrorCode: resolution.errorCode,
    mappingVersion,
    processedAt: finished ? now : null,
    retryDelayMs: resolution.retryDelayMs,
  };
}

export function attemptFor(input: {
  event: SyncEvent;
  batchId: string;
  resolution: EventResolution;
  apiCalls: number;
  salesforceIds: Record<string, string>;
  violations: readonly Violation[];
  startedAt: Date;
  finishedAt: Date;
  committedAt?: Date | null;
}): SyncAttemptWrite {
  const { resolution } = input;
  return {
    eventId: input.event.id,
    batchId: input.batchId,
    attempt: resolution.deferred ? input.event.attempts : resolution.attempts,
    outcome: resolution.outcome,
    apiCalls: input.apiCalls,
    errorCode: resolution.errorCode,
    errorMessage: resolution.reason,
    salesforceIds: Object.keys(input.salesforceIds).length > 0 ? input.salesforceIds : null,
    warnings: input.violations.filter((violation) => violation.action !== "block").map((violation) => violation.message),
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    salesforceAnsweredAt: input.committedAt ?? null,
    durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
  };
}

/** Ids of the event's records that Salesforce has (written now or known from before), by record key. */
export function salesforceIdsOf(records: readonly PreparedRecord[], stateOf: (record: PreparedRecord) => RecordState | undefined): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const prepared of records) {
    const state = stateOf(prepared);
    const id = state?.state === "succeeded" && state.id !== "" ? state.id : prepared.disposition === "unchanged" ? prepared.knownId : null;
    if (id) ids[prepared.record.key] = id;
  }
  return ids;
}

export function syncRecordWriteFor(input: {
  event: SyncEvent;
  resource: string;
  shopifyId: string;
  existing: SyncRecordState | null;
  resolution: EventResolution;
  isDelete: boolean;
  records: readonly PreparedRecord[];
  stateOf: (record: PreparedRecord) => RecordState | undefined;
  now: Date;
}): SyncRecordWrite {
  const { existing, resolution, now } = input;
  const salesforceIds = { ...(existing?.salesforceIds ?? {}) };
  const contentHashes = { ...(existing?.contentHashes ?? {}) };
  let wroteSomething = false;
  for (const prepared of input.records) {
    const state = input.stateOf(prepared);
    if (state?.state !== "succeeded") continue;
    wroteSomething = true;
    if (state.id !== "" && !input.isDelete) salesforceIds[prepared.record.key] = state.id;
    if (prepared.hash !== null && !prepared.record.shared) contentHashes[prepared.tracking.hashKey] = prepared.hash;
  }

  const applied = resolution.outcome === "synced" || resolution.outcome === "needs-attention" || resolution.outcome === "dead" || resolution.outcome === "skipped";
  const wanted: SyncRecordStatus =
    resolution.outcome === "synced" || resolution.outcome === "skipped"
      ? input.isDelete
        ? "deleted"
        : "synced"
      : resolution.outcome === "needs-attention"
        ? "needs-attention"
        : resolution.outcome === "dead"
          ? "dead"
          : existing?.status ?? "pending";
  const current = existing?.status ?? "pending";
  const status = canTransition(current, wanted) ? wanted : current;
  // A delete payload has no updated_at; its trigger time versions it, so an older update that
  // arrives late is stale instead of bringing the customer back.
  const eventTime = input.event.sourceUpdatedAt ?? (input.isDelete ? (input.event.triggeredAt ?? input.event.receivedAt) : null);
  const lastApplied = existing?.sourceUpdatedAt ?? null;
  const sourceUpdatedAt = applied && eventTime && (!lastApplied || eventTime > lastApplied) ? eventTime : lastApplied;

  return {
    resource: input.resource,
    shopifyId: input.shopifyId,
    salesforceIds,
    contentHashes,
    sourceUpdatedAt,
    status,
    lastError: resolution.outcome === "synced" || resolution.outcome === "skipped" ? null : resolution.reason,
    lastErrorCode: resolution.outcome === "synced" || resolution.outcome === "skipped" ? null : resolution.errorCode,
    lastEventId: input.event.id,
    lastSyncedAt: wroteSomething || resolution.outcome === "synced" ? now : existing?.lastSyncedAt ?? null,
  };
}

/** Shared records (products, price book entries, the order's Account) written in this batch. */
export function sharedRecordWrites(
  entries: ReadonlyArray<{ prepared: PreparedRecord; state: RecordState | undefined; eventId: string }>,
  existing: ReadonlyMap<string, SyncRecordState>,
  now: Date,
): SyncRecordWrite[] {
  const writes = new Map<string, SyncRecordWrite>();
  for (const { prepared, state, eventId } of entries) {
    if (!prepared.record.shared || state?.state !== "succeeded") continue;
    const { resource, shopifyId, idKey, hashKey } = prepared.tracking;
    const key = `${resource}|${shopifyId}`;
    const base = existing.get(key);
    const write = writes.get(key) ?? {
      resource,
      shopifyId,
      salesforceIds: { ...(base?.salesforceIds ?? {}) },
      contentHashes: { ...(base?.contentHashes ?? {}) },
      sourceUpdatedAt: base?.sourceUpdatedAt ?? null,
      status: "synced" as const,
      lastError: null,
      lastErrorCode: null,
      lastEventId: eventId,
      lastSyncedAt: now,
    };
    if (state.id !== "") write.salesforceIds[idKey] = state.id;
    if (prepared.hash !== null) write.contentHashes[hashKey] = prepared.hash;
    write.lastEventId = eventId;
    writes.set(key, write);
  }
  return [...writes.values()];
}
