import type { RecordState } from "./apply-results";
import type { PipelineResult } from "./assemble-changes";
import { isKnownOrgLevel } from "./error-codes";
import { classifyThrown } from "./errors";
import { deferredResolution, type EventResolution } from "./event-outcome";
import type { Work } from "./shop-work";

// Org-level failures pause the shop, not its events: when Salesforce itself is unreachable or failing
// (every call of a batch answered 5xx, the network is down, storage is full), no record is at fault,
// so the events wait for the org without spending attempts. Only record-level failures spend them.

export function isOrgLevelCode(code: string): boolean {
  return isKnownOrgLevel(code) || /^ERROR_HTTP_5\d\d$/.test(code);
}

/** A merchant-readable reason when a failed Salesforce call that is not about a record (config, probe) is an outage. */
export function outageFromThrown(error: unknown, what: string): string {
  const failure = classifyThrown(error);
  return `Salesforce could not be reached (${what}): ${failure.code} ${failure.message}`.trim();
}

/**
 * The outage a batch's Salesforce answers show, if any: the connection could not be opened (for a
 * reason other than a permanent one), storage is full, or every call failed at the org level while
 * no record was written.
 */
export function outageOfPipeline(result: PipelineResult, works: readonly Work[] = []): string | null {
  const connect = result.connectFailure;
  if (connect && connect.state === "failed" && connect.errorClass === "transient") return `Salesforce could not be reached: ${connect.message}`;
  const states: RecordState[] = [...(result.execution?.states.values() ?? [])];
  const failed = states.filter((state): state is Extract<RecordState, { state: "failed" }> => state.state === "failed");
  const storage = failed.find((state) => state.code === "STORAGE_LIMIT_EXCEEDED");
  if (storage) return `The Salesforce org's data storage is full: ${storage.message}`;
  if (failed.length === 0 || states.some((state) => state.state === "succeeded")) return null;
  if (!failed.every(isOrgLevelFailure)) return null;
  if (!isConsecutiveFailure(result, works)) return null;
  return `Salesforce failed every call of the batch: ${failed[0].code} ${failed[0].message}`;
}

/**
 * Calls that failed at the org level before the shop pauses. One 5xx on a one-call batch is a blip: its
 * events retry (one attempt each). The outage is declared when a batch saw this many failed calls, or
 * when its events already failed before (the second failure in a row).
 */
export const OUTAGE_MIN_FAILED_CALLS = 2;

function isConsecutiveFailure(result: PipelineResult, works: readonly Work[]): boolean {
  if ((result.execution?.apiCalls ?? 0) >= OUTAGE_MIN_FAILED_CALLS) return true;
  return works.some((work) => work.event.attempts > 0);
}

/**
 * An org-level code, or a whole call that failed without an errorCode in a transient way (a bare 5xx with
 * an HTML body, a dropped connection): classifyThrown names those HTTP_ERROR.
 */
function isOrgLevelFailure(state: Extract<RecordState, { state: "failed" }>): boolean {
  return isOrgLevelCode(state.code) || (state.code === "HTTP_ERROR" && state.errorClass === "transient");
}

/** During an outage, events that would have spent an attempt (or died) wait for the org instead. */
export function deferForOutage(works: readonly Work[], reason: string, deferDelayMs: number): void {
  for (const work of works) {
    const resolution: EventResolution | null = work.resolution;
    if (!resolution || resolution.deferred) continue;
    const spendsAttempt = resolution.outcome === "retry" || resolution.outcome === "dead";
    const storage = resolution.outcome === "needs-attention" && resolution.errorCode === "STORAGE_LIMIT_EXCEEDED";
    if (spendsAttempt || storage) work.resolution = { ...deferredResolution(work.event.attempts, reason, deferDelayMs), errorCode: "ORG_OUTAGE" };
  }
}
