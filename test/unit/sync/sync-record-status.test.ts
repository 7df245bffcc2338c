import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, isSyncRecordStatus } from "../../../app/sync/sync-record-status";

describe("sync record status transitions", () => {
  it("moves from pending to every outcome and between outcomes", () => {
    for (const to of ["synced", "needs-attention", "dead", "deleted"] as const) expect(canTransition("pending", to)).toBe(true);
    expect(canTransition("needs-attention", "synced")).toBe(true);
    expect(canTransition("dead", "synced")).toBe(true);
  });

  it("keeps a deleted record deleted unless its delete fails", () => {
    expect(canTransition("deleted", "deleted")).toBe(true);
    expect(canTransition("deleted", "needs-attention")).toBe(true);
    expect(canTransition("deleted", "synced")).toBe(false);
    expect(() => assertTransition("deleted", "synced")).toThrow('SyncRecord cannot move from "deleted" to "synced"');
  });

  it("never goes back to pending once processed", () => {
    expect(canTransition("synced", "pending")).toBe(false);
    expect(isSyncRecordStatus("pending")).toBe(true);
    expect(isSyncRecordStatus("queued")).toBe(false);
  });
});
