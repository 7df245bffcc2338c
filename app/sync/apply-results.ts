import { classifySalesforceError, classifyThrown, type ErrorClass } from "./errors";
import { explainSalesforceError } from "./explain-salesforce-error";
import type { PlannedUpsert, UpsertCall } from "./plan-upserts";
import type { SaveError, SaveResult } from "./ports";
import { isBlocking, type Violation } from "./violation";

// Salesforce answers per record. These functions turn the answers into per-record states, carry a
// parent's failure to its dependents (which are then not sent), and fold everything one event wrote
// into that event's outcome.

export type RecordState =
  | { state: "succeeded"; id: string; created: boolean }
  | { state: "failed"; errorClass: ErrorClass; code: string; message: string; fields: string[] }
  | { state: "not-sent"; parent: string; errorClass: ErrorClass; code: string; message: string }
  | { state: "deferred"; reason: string };

export function statesFromSaveResults(call: UpsertCall, results: readonly SaveResult[], resource?: string): Map<string, RecordState> {
  const states = new Map<string, RecordState>();
  call.records.forEach((record, index) => {
    const result = results[index];
    if (!result) {
      states.set(record.identity, {
        state: "failed",
        errorClass: "transient",
        code: "NO_RESULT",
        message: `Salesforce returned no result for this ${call.object}; it will be sent again.`,
        fields: [],
      });
      return;
    }
    if (result.success) {
      states.set(record.identity, { state: "succeeded", id: result.id ?? "", created: result.created === true });
      return;
    }
    const first = result.errors[0] ?? { message: "Salesforce rejected the record without an error message." };
    const code = first.errorCode ?? first.statusCode ?? "UNKNOWN_ERROR";
    // A record is as retryable as its least retryable error.
    const classes =
      result.errors.length > 0
        ? result.errors.map((error) => (isExternalIdRace(error, call.externalIdField) ? "transient" : classifySalesforceError(error)))
        : ["permanent" as const];
    const errorClass: ErrorClass = classes.includes("permanent") ? "permanent" : (classes[0] as ErrorClass);
    states.set(record.identity, {
      state: "failed",
      errorClass,
      code,
      message: explainSalesforceError({ ...first, errorCode: code }, { object: call.object, resource }),
      fields: first.fields ? [...first.fields] : [],
    });
  });
  return states;
}

/**
 * Two workers upserting the same new external id at once: one insert wins and the other gets
 * DUPLICATE_VALUE on the external id field. A retry finds the record and updates it.
 */
function isExternalIdRace(error: SaveError, externalIdField: string): boolean {
  const code = error.errorCode ?? error.statusCode;
  if (code !== "DUPLICATE_VALUE") return false;
  return (error.fields ?? []).includes(externalIdField) || error.message.includes(externalIdField);
}

export function statesFromCallError(call: UpsertCall, error: unknown): Map<string, RecordState> {
  const { errorClass, code, message } = classifyThrown(error);
  const explained = explainSalesforceError({ errorCode: code, message }, { object: call.object });
  // An expired session that survived the adapter's one refresh is treated like any other blip.
  const effective: ErrorClass = errorClass === "session" ? "transient" : errorClass;
  return new Map(call.records.map((record) => [record.identity, { state: "failed", errorClass: effective, code, message: explained, fields: [] }]));
}

/** The state a record inherits from a parent that did not succeed, or undefined when it may be sent. */
export function inheritedState(record: PlannedUpsert, states: ReadonlyMap<string, RecordState>): RecordState | undefined {
  for (const parent of record.parents) {
    const state = states.get(parent);
    if (!state || state.state === "succeeded") continue;
    if (state.state === "deferred") return state;
    const parentName = parent.split("|")[0] ?? "parent";
    const message = state.state === "failed" ? `Not sent because its ${parentName} failed: ${state.message}` : state.message;
    return { state: "not-sent", parent, errorClass: state.errorClass, code: state.code, message };
  }
  return undefined;
}

export type EventDecision =
  | { kind: "synced" }
  | { kind: "needs-attention"; code: string; message: string }
  | { kind: "retry"; errorClass: ErrorClass; code: string; message: string; deferred: boolean };

/**
 * needs-attention when a rule blocked or Salesforce refused something for good (a person must act);
 * otherwise retry when anything hit a transient failure or was deferred; otherwise synced.
 */
export function decideEventOutcome(records: readonly RecordState[], violations: readonly Violation[]): EventDecision {
  const blocking = violations.find(isBlocking);
  if (blocking) return { kind: "needs-attention", code: blocking.code ?? "VALIDATION_FAILED", message: blocking.message };
  for (const record of records) {
    if ((record.state === "failed" || record.state === "not-sent") && record.errorClass === "permanent") {
      return { kind: "needs-attention", code: record.code, message: record.message };
    }
  }
  for (const record of records) {
    if (record.state === "failed" || record.state === "not-sent") {
      return { kind: "retry", errorClass: record.errorClass, code: record.code, message: record.message, deferred: record.errorClass === "limit" };
    }
  }
  const deferred = records.find((record) => record.state === "deferred");
  if (deferred && deferred.state === "deferred") {
    return { kind: "retry", errorClass: "limit", code: "DEFERRED", message: deferred.reason, deferred: true };
  }
  return { kind: "synced" };
}
