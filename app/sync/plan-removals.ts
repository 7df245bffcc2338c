import type { PipelineResult } from "./assemble-changes";
import type { CompiledMapping } from "./compile-mapping";
import type { EventDecision } from "./apply-results";
import { classifySalesforceError, classifyThrown, type ErrorClass } from "./errors";
import { resolveDecision } from "./event-outcome";
import type { RetryPolicy } from "./retry-policy";
import { isOverBudget } from "./execute-plan";
import type { SaveResult, SalesforceSession, SyncRecordState } from "./ports";
import type { Work } from "./shop-work";
import { isBlocking, type Violation } from "./violation";

// Records an order no longer has: a line edited out or refunded down to zero, an adjustment line that
// became zero (a discount removed). They were written before (their ids are in the order's SyncRecord)
// and this event's mapping does not plan them any more, so they are deleted in Salesforce through sObject
// Collections (≤200 ids a call) and forgotten in SyncRecord.salesforceIds/contentHashes.
//
// Only order lines are removed (see removableTargets): products and price book entries serve every
// order and are never deleted. An event whose mapping reported a blocking problem removes nothing, so
// a mapping error never deletes.

export const MAX_DELETE_IDS = 200;

/** Codes meaning the record is already gone: removal succeeded for our purposes. */
const ALREADY_GONE = new Set(["ENTITY_IS_DELETED", "INVALID_CROSS_REFERENCE_KEY", "NOT_FOUND"]);

export interface RemovalCandidate {
  eventId: string;
  own: SyncRecordState | null;
  mapping: CompiledMapping | undefined;
  plannedKeys: ReadonlySet<string>;
  violations: readonly Violation[];
}

export interface Removal {
  eventId: string;
  key: string;
  salesforceId: string;
}

export function planRemovals(candidates: readonly RemovalCandidate[]): Removal[] {
  const removals: Removal[] = [];
  for (const candidate of candidates) {
    if (!candidate.own || !candidate.mapping || candidate.violations.some(isBlocking)) continue;
    const removable = removableTargets(candidate.mapping);
    for (const [key, salesforceId] of Object.entries(candidate.own.salesforceIds)) {
      const target = key.split(":")[0] ?? key;
      if (removable.has(target) && !candidate.plannedKeys.has(key)) removals.push({ eventId: candidate.eventId, key, salesforceId });
    }
  }
  return removals;
}

/**
 * Order lines: targets of an order mapping that are not shared, repeat per element or have a
 * condition, and hang off another of the order's own records (the Opportunity or Order). A customer's
 * Contact behind a condition is never deleted this way.
 */
function removableTargets(mapping: CompiledMapping): Set<string> {
  const { document } = mapping;
  if (document.resource !== "order") return new Set();
  const own = new Set(document.targets.filter((target) => !target.shared).map((target) => target.key));
  return new Set(
    document.targets
      .filter((target) => !target.shared && (target.forEach !== undefined || target.when !== undefined))
      .filter((target) => target.references.some((reference) => reference.required && reference.target !== undefined && own.has(reference.target)))
      .map((target) => target.key),
  );
}

export interface RemovalResult {
  /** Keys deleted (or found already gone), by event. */
  removed: Map<string, Set<string>>;
  /** Why an event's removals did not all happen: it is retried (or parked) so Salesforce converges. */
  failures: Map<string, EventDecision>;
  apiCalls: number;
  callsPerEvent: Map<string, number>;
}

export async function executeRemovals(removals: readonly Removal[], session: SalesforceSession, reservePercent: number): Promise<RemovalResult> {
  const result: RemovalResult = { removed: new Map(), failures: new Map(), apiCalls: 0, callsPerEvent: new Map() };
  for (let start = 0; start < removals.length; start += MAX_DELETE_IDS) {
    const chunk = removals.slice(start, start + MAX_DELETE_IDS);
    if (isOverBudget(session.apiUsage(), reservePercent)) {
      for (const removal of chunk) fail(result, removal, "limit", "API_BUDGET_RESERVED", "Not deleted yet: the org's API allowance is at its reserve.");
      continue;
    }
    let answers: SaveResult[];
    try {
      answers = await session.delete(chunk.map((removal) => removal.salesforceId));
    } catch (error) {
      const failure = classifyThrown(error);
      for (const removal of chunk) fail(result, removal, failure.errorClass, failure.code, `Could not delete it: ${failure.message}`);
      continue;
    } finally {
      result.apiCalls += 1;
      for (const eventId of new Set(chunk.map((removal) => removal.eventId))) result.callsPerEvent.set(eventId, (result.callsPerEvent.get(eventId) ?? 0) + 1);
    }
    chunk.forEach((removal, index) => {
      const answer = answers[index];
      const code = answer?.errors[0]?.statusCode ?? answer?.errors[0]?.errorCode ?? "";
      if (answer?.success || ALREADY_GONE.has(code)) {
        const keys = result.removed.get(removal.eventId) ?? new Set<string>();
        keys.add(removal.key);
        result.removed.set(removal.eventId, keys);
      } else {
        const error = answer?.errors[0] ?? { message: "no answer" };
        fail(result, removal, classifySalesforceError(error), code || "DELETE_FAILED", `Salesforce refused to delete it: ${code ? `${code}: ` : ""}${error.message}`);
      }
    });
  }
  return result;
}

function fail(result: RemovalResult, removal: Removal, errorClass: ErrorClass, code: string, why: string): void {
  if (result.failures.has(removal.eventId)) return;
  const message = `${removal.key} (${removal.salesforceId}) is no longer in the Shopify record but is still in Salesforce. ${why}`;
  result.failures.set(
    removal.eventId,
    errorClass === "permanent" ? { kind: "needs-attention", code, message } : { kind: "retry", errorClass: errorClass === "session" ? "transient" : errorClass, code, message, deferred: errorClass === "limit" },
  );
}

/** The SyncRecord without the removed keys, so the saved ids and hashes forget them. */
export function forgetRemoved(own: SyncRecordState | null, keys: ReadonlySet<string> | undefined): SyncRecordState | null {
  if (!own || !keys || keys.size === 0) return own;
  const keep = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).filter(([key]) => !keys.has(key)));
  return { ...own, salesforceIds: keep(own.salesforceIds), contentHashes: keep(own.contentHashes) };
}

/**
 * The sync-shop step: removes what the batch's upsert events no longer plan, then folds the calls into
 * the pipeline result and the forgotten keys into each event's SyncRecord.
 */
export async function removeDroppedRecords(
  works: readonly Work[],
  mappingOf: ReadonlyMap<Work, CompiledMapping>,
  connect: () => Promise<SalesforceSession | null>,
  result: PipelineResult,
  reservePercent: number,
  retry: { policy: RetryPolicy; random: () => number; deferDelayMs: number },
): Promise<void> {
  const open = works.filter((work) => work.resolution === null && work.route.kind !== "delete" && work.mapped !== null);
  const removals = planRemovals(
    open.map((work) => ({
      eventId: work.event.id,
      own: work.own,
      mapping: mappingOf.get(work),
      plannedKeys: new Set(work.mapped?.records.map((record) => record.key) ?? []),
      violations: work.violations,
    })),
  );
  if (removals.length === 0) return;
  const session = await connect();
  if (!session) return; // the connect failure is already reported on the event; removal waits for the next one
  const outcome = await executeRemovals(removals, session, reservePercent);
  if (result.execution) {
    result.execution.apiCalls += outcome.apiCalls;
    for (const [eventId, calls] of outcome.callsPerEvent) result.execution.callsPerEvent.set(eventId, (result.execution.callsPerEvent.get(eventId) ?? 0) + calls);
  } else {
    result.execution = { states: new Map(), apiCalls: outcome.apiCalls, callsPerEvent: outcome.callsPerEvent, lastAnswerAt: new Map(), stopped: null };
  }
  for (const work of open) {
    work.own = forgetRemoved(work.own, outcome.removed.get(work.event.id));
    const failure = outcome.failures.get(work.event.id);
    // The upserts that succeeded are saved as usual; the retry only has the removal left to do.
    if (failure) work.resolution = resolveDecision(failure, work.event.attempts, retry);
  }
}
