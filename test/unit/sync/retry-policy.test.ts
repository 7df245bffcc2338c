import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, nextRetry } from "../../../app/sync/retry-policy";

const policy = { baseDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 6 };

describe("nextRetry", () => {
  it("doubles the ceiling per attempt and applies full jitter from the injected source", () => {
    const almostOne = () => 0.999999;
    expect(nextRetry(1, almostOne, policy)).toEqual({ retry: true, delayMs: 999 });
    expect(nextRetry(2, almostOne, policy)).toEqual({ retry: true, delayMs: 1999 });
    expect(nextRetry(3, almostOne, policy)).toEqual({ retry: true, delayMs: 3999 });
    expect(nextRetry(3, () => 0.5, policy)).toEqual({ retry: true, delayMs: 2000 });
    expect(nextRetry(3, () => 0, policy)).toEqual({ retry: true, delayMs: 0 });
  });

  it("caps the delay", () => {
    expect(nextRetry(5, () => 0.999999, policy)).toEqual({ retry: true, delayMs: 15_999 });
    expect(nextRetry(5, () => 0.999999, { ...policy, maxDelayMs: 10_000 })).toEqual({ retry: true, delayMs: 9_999 });
  });

  it("stops after the last attempt", () => {
    expect(nextRetry(5, () => 0.5, policy).retry).toBe(true);
    expect(nextRetry(6, () => 0.5, policy)).toEqual({ retry: false });
    expect(nextRetry(99, () => 0.5, policy)).toEqual({ retry: false });
  });

  it("clamps a misbehaving random source into [0, 1)", () => {
    expect(nextRetry(1, () => 7, policy)).toEqual({ retry: true, delayMs: 999 });
    expect(nextRetry(1, () => -1, policy)).toEqual({ retry: true, delayMs: 0 });
  });

  it("defaults to 12 attempts, starting within 2 s and capped at an hour", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ baseDelayMs: 2_000, maxDelayMs: 3_600_000, maxAttempts: 12 });
    expect(nextRetry(1, () => 0.5)).toEqual({ retry: true, delayMs: 1_000 });
    expect(nextRetry(9, () => 0.999999)).toEqual({ retry: true, delayMs: 511_999 });
    expect(nextRetry(11, () => 0.999999)).toEqual({ retry: true, delayMs: 2_047_997 });
    expect(nextRetry(12, () => 0.5)).toEqual({ retry: false });
  });
});
