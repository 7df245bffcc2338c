import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, EVENT_STATUSES, InvalidTransitionError, isEventStatus, isProcessable } from "../../../app/sync/event-status";

describe("event status transitions", () => {
  it("follows received → queued → finished", () => {
    expect(canTransition("received", "queued")).toBe(true);
    for (const to of ["synced", "skipped", "needs-attention", "dead"] as const) expect(canTransition("queued", to)).toBe(true);
  });

  it("allows a retry (queued → queued) and a replay of every finished state", () => {
    expect(canTransition("queued", "queued")).toBe(true);
    for (const from of ["synced", "skipped", "needs-attention", "dead"] as const) expect(canTransition(from, "queued")).toBe(true);
  });

  it("lets a merchant discard only a failed event (needs-attention or dead → skipped)", () => {
    expect(canTransition("needs-attention", "skipped")).toBe(true);
    expect(canTransition("dead", "skipped")).toBe(true);
    for (const from of ["received", "synced", "skipped"] as const) expect(canTransition(from, "skipped")).toBe(false);
  });

  it("never moves a finished event sideways or back to received", () => {
    expect(canTransition("synced", "needs-attention")).toBe(false);
    expect(canTransition("dead", "synced")).toBe(false);
    expect(canTransition("queued", "received")).toBe(false);
    expect(canTransition("received", "synced")).toBe(false);
    expect(() => assertTransition("synced", "dead")).toThrow(InvalidTransitionError);
    expect(() => assertTransition("synced", "dead")).toThrow('WebhookEvent cannot move from "synced" to "dead"');
  });

  it("recognises its statuses and which are processable", () => {
    expect(EVENT_STATUSES).toHaveLength(6);
    expect(isEventStatus("needs-attention")).toBe(true);
    expect(isEventStatus("done")).toBe(false);
    expect(isProcessable("queued")).toBe(true);
    expect(isProcessable("received")).toBe(true);
    expect(isProcessable("synced")).toBe(false);
  });
});
