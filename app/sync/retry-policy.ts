// Backoff is a pure function of the attempt number; randomness is injected so tests never sleep and
// never flake. Full jitter spreads retries of a whole batch (AWS architecture blog, "Exponential
// Backoff And Jitter") so a recovering org is not hit by all of them at once.

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Processing attempts allowed in total; the event is dead after the last one fails. */
  maxAttempts: number;
}

// First retry within 2 s (a lock or a parent still on its way clears fast), doubling to an hour: 12
// attempts span roughly two hours before an event is declared dead.
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 3_600_000, maxAttempts: 12 };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * @param attempt attempts made so far, including the one that just failed (1 after the first failure)
 * @param random  a source of numbers in [0, 1)
 */
export function nextRetry(attempt: number, random: () => number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  if (!Number.isFinite(attempt) || attempt >= policy.maxAttempts) return { retry: false };
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return { retry: true, delayMs: Math.floor(r * ceiling) };
}
