import type { RecordState } from "./apply-results";
import { attemptFor, eventUpdateFor, salesforceIdsOf, sharedRecordWrites, syncRecordWriteFor } from "./build-changes";
import { assertTransition } from "./event-status";
import type { EventOutcome, EventResolution } from "./event-outcome";
import type { ExecutionResult } from "./execute-plan";
import type { UpsertPlan } from "./plan-upserts";
import type { PreparedRecord } from "./prepare-event";
import type { BatchChanges, SyncRecordState, SyncRecordWrite } from "./ports";
import type { Work } from "./shop-work";

// Folds one shop's processed events into what the store saves (one transaction) and what the
// batch summary reports.

export interface PipelineResult {
  plan: UpsertPlan | null;
  execution: ExecutionResult | null;
  /** Every record to send failed this way when the connection could not be opened. */
  connectFailure: RecordState | null;
  shared: Map<string, SyncRecordState>;
}

export function emptyPipelineResult(): PipelineResult {
  return { plan: null, execution: null, connectFailure: null, shared: new Map() };
}

/** The Salesforce outcome of one of the event's records; undefined for records that were not sent. */
export function recordState(result: PipelineResult, work: Work, prepared: PreparedRecord): RecordState | undefined {
  if (prepared.disposition !== "send") return undefined;
  if (result.connectFailure) return result.connectFailure;
  const identity = result.plan?.identityOf(work.event.id, prepared.record.key);
  return identity ? result.execution?.states.get(identity) : undefined;
}

export function assembleChanges(
  works: readonly Work[],
  result: PipelineResult,
  batchId: string,
  startedAt: Date,
  finishedAt: Date,
  pause: { shop: string; reason: string } | null,
): { changes: BatchChanges; outcomes: EventOutcome[] } {
  const changes: BatchChanges = { batchId, events: [], syncRecords: [], attempts: [], pause: pause ? { reason: pause.reason } : null };
  const outcomes: EventOutcome[] = [];
  const writes: SyncRecordWrite[] = [];
  const sharedEntries: Array<{ prepared: PreparedRecord; state: RecordState | undefined; eventId: string }> = [];

  // Oldest first, so the newest event's view of a shared record is the one that stays.
  for (const work of [...works].sort((a, b) => a.rank - b.rank)) {
    const resolution = work.resolution as EventResolution;
    if (work.event.status === "received") assertTransition("received", "queued");
    assertTransition("queued", resolution.status);
    const stateOf = (prepared: PreparedRecord) => recordState(result, work, prepared);
    const salesforceIds = salesforceIdsOf(work.prepared, stateOf);
    const apiCalls = result.execution?.callsPerEvent.get(work.event.id) ?? 0;

    changes.events.push(eventUpdateFor(work.event, resolution, work.mappingVersion, finishedAt));
    const committedAt = result.execution?.lastAnswerAt.get(work.event.id) ?? null;
    changes.attempts.push(attemptFor({ event: work.event, batchId, resolution, apiCalls, salesforceIds, violations: work.violations, startedAt, finishedAt, committedAt }));
    // Written even for deferred events: records that did reach Salesforce must be known next time.
    if (work.mapped !== null) {
      writes.push(
        syncRecordWriteFor({
          event: work.event,
          resource: work.resource as string,
          shopifyId: work.shopifyId as string,
          existing: work.own,
          resolution,
          isDelete: work.route.kind === "delete",
          records: work.prepared,
          stateOf,
          now: finishedAt,
        }),
      );
      for (const prepared of work.prepared) sharedEntries.push({ prepared, state: stateOf(prepared), eventId: work.event.id });
    }
    outcomes.push({
      eventId: work.event.id,
      shop: work.event.shop,
      topic: work.event.topic,
      outcome: resolution.outcome,
      status: resolution.status,
      attempts: resolution.attempts,
      reason: resolution.reason,
      errorCode: resolution.errorCode,
      retryDelayMs: resolution.retryDelayMs,
      deferred: resolution.deferred,
      mappingVersion: work.mappingVersion,
      salesforceIds,
      violations: work.violations,
      apiCalls,
      recordsSent: work.prepared.filter((prepared) => stateOf(prepared)?.state === "succeeded").length,
      recordsUnchanged: work.prepared.filter((prepared) => prepared.disposition === "unchanged").length,
    });
  }
  changes.syncRecords = [...writes, ...sharedRecordWrites(sharedEntries, result.shared, finishedAt)];
  return { changes, outcomes };
}
