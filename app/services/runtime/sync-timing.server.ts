import { DEFAULT_RECHECK_MS } from "../salesforce/api-budget.server";
import { DEFAULT_OUTAGE_PROBE, type OutageProbePolicy } from "../store/org-outage.server";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../sync/retry-policy";

// Simulated time for tests of whole worker processes (the chaos test): every delay the sync waits on —
// retry backoff, the outage probe's backoff, deferred events, the API budget's re-check — runs
// SYNC_TIME_SCALE times as long, so an org outage of an hour of the sync's time passes in seconds and
// the test asserts what happened in that hour (attempts spent, probes made), never how long it took.

export interface SyncTiming {
  retryPolicy: RetryPolicy;
  outageProbe: OutageProbePolicy;
  deferDelayMs: number;
  pauseProbeAfterMs: number;
  budgetRecheckMs: number;
}

const DEFER_DELAY_MS = 15 * 60_000;

/** The scaled timing, or null when SYNC_TIME_SCALE is unset; refused in production and outside (0, 1]. */
export function syncTimingFromEnv(env: Readonly<Record<string, string | undefined>>): SyncTiming | null {
  const raw = env.SYNC_TIME_SCALE;
  if (raw === undefined || raw === "") return null;
  const scale = Number(raw);
  if (env.NODE_ENV === "production") throw new Error("SYNC_TIME_SCALE is for tests only; unset it in production.");
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) throw new Error(`SYNC_TIME_SCALE must be a number in (0, 1], got "${raw}".`);
  const scaled = (ms: number) => Math.max(1, Math.round(ms * scale));
  return {
    retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: scaled(DEFAULT_RETRY_POLICY.baseDelayMs), maxDelayMs: scaled(DEFAULT_RETRY_POLICY.maxDelayMs) },
    outageProbe: { baseMs: scaled(DEFAULT_OUTAGE_PROBE.baseMs), maxMs: scaled(DEFAULT_OUTAGE_PROBE.maxMs) },
    deferDelayMs: scaled(DEFER_DELAY_MS),
    pauseProbeAfterMs: scaled(15 * 60_000),
    budgetRecheckMs: scaled(DEFAULT_RECHECK_MS),
  };
}
