import { describe, expect, it } from "vitest";
import { checkStale } from "../../../app/sync/stale-check";

const t = (iso: string) => new Date(iso);

describe("checkStale", () => {
  it("skips an event older than what was last applied, saying both versions", () => {
    const verdict = checkStale(t("2026-11-22T09:00:00Z"), t("2026-11-22T10:00:00Z"));
    expect(verdict).toEqual({
      stale: true,
      reason: "Stale: this event describes the record as of 2026-11-22T09:00:00.000Z, but Salesforce already has the version of 2026-11-22T10:00:00.000Z.",
    });
  });

  it("allows equal timestamps (a replay of the last event) and newer events", () => {
    expect(checkStale(t("2026-11-22T10:00:00Z"), t("2026-11-22T10:00:00Z"))).toEqual({ stale: false });
    expect(checkStale(t("2026-11-22T10:00:01Z"), t("2026-11-22T10:00:00Z"))).toEqual({ stale: false });
  });

  it("allows what it cannot compare", () => {
    expect(checkStale(null, t("2026-11-22T10:00:00Z"))).toEqual({ stale: false });
    expect(checkStale(t("2026-11-22T10:00:00Z"), null)).toEqual({ stale: false });
  });
});
