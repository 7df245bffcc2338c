import { describe, expect, it } from "vitest";
import { syncTimingFromEnv } from "../../../app/services/runtime/sync-timing.server";
import { DEFAULT_OUTAGE_PROBE } from "../../../app/services/store/org-outage.server";
import { DEFAULT_RETRY_POLICY } from "../../../app/sync/retry-policy";

describe("SYNC_TIME_SCALE", () => {
  it("is off unless set", () => {
    expect(syncTimingFromEnv({})).toBeNull();
  });

  it("scales every delay the sync waits on, attempts unchanged", () => {
    const timing = syncTimingFromEnv({ SYNC_TIME_SCALE: "0.01" })!;
    expect(timing.retryPolicy).toEqual({ baseDelayMs: 20, maxDelayMs: 36_000, maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts });
    expect(timing.outageProbe).toEqual({ baseMs: DEFAULT_OUTAGE_PROBE.baseMs / 100, maxMs: DEFAULT_OUTAGE_PROBE.maxMs / 100 });
    expect(timing.deferDelayMs).toBe(9_000);
    expect(timing.budgetRecheckMs).toBe(9_000);
  });

  it("is refused in production and outside (0, 1]", () => {
    expect(() => syncTimingFromEnv({ SYNC_TIME_SCALE: "0.01", NODE_ENV: "production" })).toThrow(/tests only/);
    expect(() => syncTimingFromEnv({ SYNC_TIME_SCALE: "2" })).toThrow(/\(0, 1\]/);
    expect(() => syncTimingFromEnv({ SYNC_TIME_SCALE: "fast" })).toThrow(/\(0, 1\]/);
  });
});
