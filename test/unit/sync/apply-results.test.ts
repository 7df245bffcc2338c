import { describe, expect, it } from "vitest";
import { decideEventOutcome, inheritedState, statesFromCallError, statesFromSaveResults, type RecordState } from "../../../app/sync/apply-results";
import { PermanentError } from "../../../app/sync/errors";
import { planUpserts } from "../../../app/sync/plan-upserts";
import { makeViolation } from "../../../app/sync/violation";
import { planned } from "./support/records";

const plan = planUpserts([
  { eventId: "e1", rank: 0, record: planned("Contact", "1") },
  { eventId: "e2", rank: 0, record: planned("Contact", "2") },
  { eventId: "e3", rank: 0, record: planned("Contact", "3") },
]);
const call = plan.calls[0] as NonNullable<(typeof plan.calls)[number]>;

describe("statesFromSaveResults", () => {
  it("maps each result to its record in request order", () => {
    const states = statesFromSaveResults(
      call,
      [
        { id: "003A", success: true, created: true, errors: [] },
        { success: false, errors: [{ statusCode: "DUPLICATES_DETECTED", message: "Use one of these records?", fields: [] }] },
        { success: false, errors: [{ errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" }] },
      ],
      "customer",
    );
    expect(states.get("Contact|Contact_Ext__c|1")).toEqual({ state: "succeeded", id: "003A", created: true });
    expect(states.get("Contact|Contact_Ext__c|2")).toMatchObject({ state: "failed", errorClass: "permanent", code: "DUPLICATES_DETECTED" });
    expect((states.get("Contact|Contact_Ext__c|2") as { message: string }).message).toContain("duplicate rule");
    expect(states.get("Contact|Contact_Ext__c|3")).toMatchObject({ state: "failed", errorClass: "transient", code: "UNABLE_TO_LOCK_ROW" });
  });

  it("retries a duplicate external id from a concurrent upsert race", () => {
    const states = statesFromSaveResults(call, [
      { success: false, errors: [{ statusCode: "DUPLICATE_VALUE", message: "duplicate value found: Contact_Ext__c duplicates value on record with id: 003A", fields: [] }] },
      { success: false, errors: [{ statusCode: "DUPLICATE_VALUE", message: "duplicate value found: Email__c duplicates value on record with id: 003B", fields: ["Email__c"] }] },
    ]);
    expect(states.get("Contact|Contact_Ext__c|1")).toMatchObject({ state: "failed", errorClass: "transient" });
    expect(states.get("Contact|Contact_Ext__c|2")).toMatchObject({ state: "failed", errorClass: "permanent" });
  });

  it("treats a missing result as transient and mixed errors as permanent", () => {
    const states = statesFromSaveResults(call, [
      {
        success: false,
        errors: [
          { statusCode: "UNABLE_TO_LOCK_ROW", message: "locked" },
          { statusCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [LastName]", fields: ["LastName"] },
        ],
      },
    ]);
    expect(states.get("Contact|Contact_Ext__c|1")).toMatchObject({ state: "failed", errorClass: "permanent" });
    expect(states.get("Contact|Contact_Ext__c|2")).toMatchObject({ state: "failed", errorClass: "transient", code: "NO_RESULT" });
  });
});

describe("statesFromCallError", () => {
  it("fails every record of the call with the call's classification", () => {
    const states = statesFromCallError(call, Object.assign(new Error("Service Unavailable"), { statusCode: 503 }));
    expect([...states.values()].every((state) => state.state === "failed" && state.errorClass === "transient")).toBe(true);
    const expired = statesFromCallError(call, Object.assign(new Error("Session expired or invalid"), { errorCode: "INVALID_SESSION_ID" }));
    expect(expired.get("Contact|Contact_Ext__c|1")).toMatchObject({ errorClass: "transient", code: "INVALID_SESSION_ID" });
    expect(statesFromCallError(call, new PermanentError("bad object", { code: "INVALID_TYPE" })).get("Contact|Contact_Ext__c|1")).toMatchObject({ errorClass: "permanent" });
  });
});

describe("inheritedState", () => {
  const child = { ...(call.records[0] as NonNullable<(typeof call.records)[number]>), parents: ["Account|X|1"] };

  it("lets a record go when its parents succeeded", () => {
    expect(inheritedState(child, new Map([["Account|X|1", { state: "succeeded", id: "001", created: false }]]))).toBeUndefined();
    expect(inheritedState(child, new Map())).toBeUndefined();
  });

  it("holds it back with the parent's failure otherwise", () => {
    const failed: RecordState = { state: "failed", errorClass: "permanent", code: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Rule said no.", fields: [] };
    expect(inheritedState(child, new Map([["Account|X|1", failed]]))).toEqual({
      state: "not-sent",
      parent: "Account|X|1",
      errorClass: "permanent",
      code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Not sent because its Account failed: Rule said no.",
    });
    const deferred: RecordState = { state: "deferred", reason: "budget" };
    expect(inheritedState(child, new Map([["Account|X|1", deferred]]))).toBe(deferred);
  });
});

describe("decideEventOutcome", () => {
  const ok: RecordState = { state: "succeeded", id: "1", created: false };
  const permanent: RecordState = { state: "failed", errorClass: "permanent", code: "DUPLICATE_VALUE", message: "dup", fields: [] };
  const transient: RecordState = { state: "failed", errorClass: "transient", code: "UNABLE_TO_LOCK_ROW", message: "busy", fields: [] };

  it("is synced when everything succeeded", () => {
    expect(decideEventOutcome([ok, ok], [])).toEqual({ kind: "synced" });
    expect(decideEventOutcome([], [makeViolation({ field: "x", rule: "length", message: "w", action: "warn" })])).toEqual({ kind: "synced" });
  });

  it("needs attention on a blocking rule or a permanent error, which outrank transient ones", () => {
    expect(decideEventOutcome([ok], [makeViolation({ field: "email", rule: "required", message: "email is required", action: "block" })])).toEqual({
      kind: "needs-attention",
      code: "VALIDATION_FAILED",
      message: "email is required",
    });
    expect(decideEventOutcome([transient, permanent], [])).toEqual({ kind: "needs-attention", code: "DUPLICATE_VALUE", message: "dup" });
  });

  it("retries transient failures and defers limit failures", () => {
    expect(decideEventOutcome([ok, transient], [])).toEqual({ kind: "retry", errorClass: "transient", code: "UNABLE_TO_LOCK_ROW", message: "busy", deferred: false });
    expect(decideEventOutcome([{ ...transient, errorClass: "limit" }], [])).toMatchObject({ kind: "retry", deferred: true });
    expect(decideEventOutcome([ok, { state: "deferred", reason: "budget" }], [])).toMatchObject({ kind: "retry", deferred: true, code: "DEFERRED" });
  });
});
