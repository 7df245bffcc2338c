import { inheritedState, statesFromCallError, statesFromSaveResults, type RecordState } from "./apply-results";
import type { PlannedUpsert, UpsertCall, UpsertPlan } from "./plan-upserts";
import type { ApiUsage, SalesforceSession, SyncLogger } from "./ports";

// Runs an upsert plan in dependency order. Records whose parent did not succeed are not sent. Before
// every call the org's API usage is checked: below the reserve, the rest of the plan is deferred and
// the shop paused, so the merchant's own Salesforce users never run out of calls.
//
// Calls of one dependency level are independent (every parent is on a lower level), so different
// objects of a level go to Salesforce at the same time: a batch costs one round trip per level (about
// three) instead of one per object. Calls for the same object stay sequential, so two chunks never
// contend for the same parent's row lock (UNABLE_TO_LOCK_ROW).

export interface ExecutionOptions {
  /** Keep this share (0–100) of the org's daily API allowance untouched. */
  reservePercent: number;
  /** Which resource's words to use in messages about a call's records. */
  resourceOf?: (call: UpsertCall) => string | undefined;
  logger?: SyncLogger;
  /** Stamps when Salesforce answered each call (the injected clock). */
  now?: () => Date;
}

export interface ExecutionResult {
  states: Map<string, RecordState>;
  apiCalls: number;
  /** API calls that carried at least one record of the event. */
  callsPerEvent: Map<string, number>;
  /** When Salesforce answered the last call that carried a record of the event (its commit time). */
  lastAnswerAt: Map<string, Date>;
  stopped: { reason: "limit" | "budget"; message: string } | null;
}

export function isOverBudget(usage: ApiUsage | null, reservePercent: number): boolean {
  if (!usage || usage.limit <= 0) return false;
  return usage.limit - usage.used <= (usage.limit * Math.max(0, reservePercent)) / 100;
}

export async function executePlan(plan: UpsertPlan, session: SalesforceSession, options: ExecutionOptions): Promise<ExecutionResult> {
  const result: ExecutionResult = { states: new Map(), apiCalls: 0, callsPerEvent: new Map(), lastAnswerAt: new Map(), stopped: null };
  for (const level of callsByLevel(plan.calls)) {
    const byObject = new Map<string, UpsertCall[]>();
    for (const call of level) byObject.set(call.object, [...(byObject.get(call.object) ?? []), call]);
    await Promise.all(
      [...byObject.values()].map(async (calls) => {
        for (const call of calls) await executeCall(call, session, options, result);
      }),
    );
  }
  return result;
}

function callsByLevel(calls: readonly UpsertCall[]): UpsertCall[][] {
  const levels = new Map<number, UpsertCall[]>();
  for (const call of calls) levels.set(call.level, [...(levels.get(call.level) ?? []), call]);
  return [...levels.entries()].sort(([a], [b]) => a - b).map(([, level]) => level);
}

async function executeCall(call: UpsertCall, session: SalesforceSession, options: ExecutionOptions, result: ExecutionResult): Promise<void> {
  {
    const eligible = call.records.filter((record) => {
      const inherited = inheritedState(record, result.states);
      if (inherited) result.states.set(record.identity, inherited);
      return inherited === undefined;
    });
    if (eligible.length === 0) return;

    if (!result.stopped && isOverBudget(session.apiUsage(), options.reservePercent)) {
      const usage = session.apiUsage();
      result.stopped = {
        reason: "budget",
        message: `Paused to keep ${options.reservePercent}% of the Salesforce daily API allowance free (${usage?.used ?? "?"} of ${usage?.limit ?? "?"} used).`,
      };
    }
    if (result.stopped) {
      for (const record of eligible) result.states.set(record.identity, { state: "deferred", reason: result.stopped.message });
      return;
    }

    await send({ ...call, records: eligible }, (record) => record.fields, session, options, result);

    // Salesforce refused create-only fields: the record exists although our SyncRecord did not know
    // (a save lost after the upsert, another worker). Send what an update writes, once.
    const existing = eligible.filter((record) => {
      const state = result.states.get(record.identity);
      return state?.state === "failed" && state.code === "INVALID_FIELD_FOR_INSERT_UPDATE" && record.updateFields !== null;
    });
    if (existing.length > 0 && !result.stopped) {
      options.logger?.info("Re-sending records that already exist without their create-only fields", { object: call.object, records: existing.length });
      await send({ ...call, records: existing }, (record) => record.updateFields ?? record.fields, session, options, result);
    }
  }
}

async function send(
  call: UpsertCall,
  fieldsOf: (record: PlannedUpsert) => Record<string, unknown>,
  session: SalesforceSession,
  options: ExecutionOptions,
  result: ExecutionResult,
): Promise<void> {
  const payload = call.records.map((record) => ({ ...fieldsOf(record), [record.externalIdField]: record.externalId }));
  result.apiCalls += 1;
  for (const eventId of new Set(call.records.flatMap((record) => record.owners.map((owner) => owner.eventId)))) {
    result.callsPerEvent.set(eventId, (result.callsPerEvent.get(eventId) ?? 0) + 1);
  }
  let states: Map<string, RecordState>;
  try {
    const results = await session.upsert(call.object, call.externalIdField, payload, { allOrNone: false });
    states = statesFromSaveResults(call, results, options.resourceOf?.(call));
  } catch (error) {
    states = statesFromCallError(call, error);
    const first = states.values().next().value;
    options.logger?.warn("Salesforce upsert call failed", { object: call.object, records: call.records.length, code: first?.state === "failed" ? first.code : undefined });
    if (first?.state === "failed" && first.errorClass === "limit") {
      result.stopped = { reason: "limit", message: "Salesforce reports the org's API request limit is exceeded; syncing is paused." };
    }
  }
  for (const [identity, state] of states) result.states.set(identity, state);
  const answeredAt = options.now?.();
  if (answeredAt) {
    for (const record of call.records) for (const owner of record.owners) result.lastAnswerAt.set(owner.eventId, answeredAt);
  }
}
