import type { EventDecision } from "./apply-results";
import type { EventStatus } from "./event-status";
import type { AttemptOutcome } from "./ports";
import { nextRetry, type RetryPolicy } from "./retry-policy";
import type { Violation } from "./violation";

// What happens to an event after a batch: its new status, attempt count and retry delay.

export type EventOutcomeKind = AttemptOutcome | "ignored";

export interface EventResolution {
  outcome: AttemptOutcome;
  status: EventStatus;
  attempts: number;
  reason: string | null;
  errorCode: string | null;
  retryDelayMs: number | null;
  /** Waiting for capacity (API limit, paused shop): no attempt was used. */
  deferred: boolean;
}

export function skippedResolution(attempts: number, reason: string): EventResolution {
  return { outcome: "skipped", status: "skipped", attempts: attempts + 1, reason, errorCode: null, retryDelayMs: null, deferred: false };
}

export function deferredResolution(attempts: number, reason: string, delayMs: number): EventResolution {
  return { outcome: "retry", status: "queued", attempts, reason, errorCode: "DEFERRED", retryDelayMs: delayMs, deferred: true };
}

export function resolveDecision(
  decision: EventDecision,
  previousAttempts: number,
  retry: { policy: RetryPolicy; random: () => number; deferDelayMs: number },
  note: string | null = null,
): EventResolution {
  const attempts = previousAttempts + 1;
  switch (decision.kind) {
    case "synced":
      return { outcome: "synced", status: "synced", attempts, reason: note, errorCode: null, retryDelayMs: null, deferred: false };
    case "needs-attention":
      return { outcome: "needs-attention", status: "needs-attention", attempts, reason: decision.message, errorCode: decision.code, retryDelayMs: null, deferred: false };
    case "retry": {
      if (decision.deferred) return { ...deferredResolution(previousAttempts, decision.message, retry.deferDelayMs), errorCode: decision.code };
      const next = nextRetry(attempts, retry.random, retry.policy);
      if (!next.retry) {
        return {
          outcome: "dead",
          status: "dead",
          attempts,
          reason: `Gave up after ${attempts} attempts: ${decision.message}`,
          errorCode: decision.code,
          retryDelayMs: null,
          deferred: false,
        };
      }
      return { outcome: "retry", status: "queued", attempts, reason: decision.message, errorCode: decision.code, retryDelayMs: next.delayMs, deferred: false };
    }
  }
}

export interface EventOutcome {
  eventId: string;
  shop: string | null;
  topic: string | null;
  outcome: EventOutcomeKind;
  /** The event's new status; null when it was not touched (ignored). */
  status: EventStatus | null;
  attempts: number;
  reason: string | null;
  errorCode: string | null;
  retryDelayMs: number | null;
  deferred: boolean;
  mappingVersion: number | null;
  /** Salesforce ids of the event's records, by record key. */
  salesforceIds: Record<string, string>;
  violations: Violation[];
  apiCalls: number;
  recordsSent: number;
  recordsUnchanged: number;
}
