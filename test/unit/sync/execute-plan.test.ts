import { describe, expect, it } from "vitest";
import { executePlan, isOverBudget } from "../../../app/sync/execute-plan";
import { planUpserts } from "../../../app/sync/plan-upserts";
import type { SalesforceSession } from "../../../app/sync/ports";
import { FakeSalesforce } from "./support/fake-salesforce";
import { planned } from "./support/records";

async function session(salesforce: FakeSalesforce): Promise<SalesforceSession> {
  return salesforce.connect();
}

const account = (id: string) => planned("Account", id);
const contact = (id: string) => planned("Contact", id, { dependsOn: [`Account:${id}`] });

function plan() {
  return planUpserts([
    { eventId: "e1", rank: 0, record: account("1") },
    { eventId: "e1", rank: 0, record: contact("1") },
    { eventId: "e2", rank: 1, record: account("2") },
    { eventId: "e2", rank: 1, record: contact("2") },
  ]);
}

describe("executePlan", () => {
  it("runs calls in order and counts calls per event", async () => {
    const salesforce = new FakeSalesforce();
    const result = await executePlan(plan(), await session(salesforce), { reservePercent: 10 });
    expect(salesforce.calls.map((call) => `${call.object}×${call.records.length}`)).toEqual(["Account×2", "Contact×2"]);
    expect(salesforce.calls[0]?.records[0]).toEqual({ Name: "Account 1", Account_Ext__c: "1" });
    expect(result.apiCalls).toBe(2);
    expect(result.callsPerEvent.get("e1")).toBe(2);
    expect([...result.states.values()].every((state) => state.state === "succeeded")).toBe(true);
    expect(result.stopped).toBeNull();
  });

  it("does not send dependents of a failed parent; the other records still go", async () => {
    const salesforce = new FakeSalesforce();
    salesforce.rejectWhen((object, record) =>
      object === "Account" && record.Account_Ext__c === "1" ? { statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Accounts need a region" } : undefined,
    );
    const result = await executePlan(plan(), await session(salesforce), { reservePercent: 10 });
    expect(salesforce.calls[1]?.records).toEqual([{ Name: "Contact 2", Contact_Ext__c: "2" }]);
    expect(result.states.get("Contact|Contact_Ext__c|1")).toMatchObject({ state: "not-sent", errorClass: "permanent", code: "FIELD_CUSTOM_VALIDATION_EXCEPTION" });
    expect(result.states.get("Contact|Contact_Ext__c|2")).toMatchObject({ state: "succeeded" });
  });

  it("skips a call whose records all wait on failed parents", async () => {
    const salesforce = new FakeSalesforce();
    salesforce.failNextCall(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    const result = await executePlan(plan(), await session(salesforce), { reservePercent: 10 });
    expect(salesforce.calls).toHaveLength(1);
    expect(result.apiCalls).toBe(1);
    expect(result.states.get("Account|Account_Ext__c|1")).toMatchObject({ state: "failed", errorClass: "transient", code: "ECONNRESET" });
    expect(result.states.get("Contact|Contact_Ext__c|2")).toMatchObject({ state: "not-sent", errorClass: "transient" });
  });

  it("stops at the API reserve and defers the rest", async () => {
    const salesforce = new FakeSalesforce();
    salesforce.usage = { used: 79, limit: 100 };
    const result = await executePlan(plan(), await session(salesforce), { reservePercent: 20 });
    expect(salesforce.calls).toHaveLength(1);
    expect(result.stopped).toMatchObject({ reason: "budget" });
    expect(result.stopped?.message).toContain("80 of 100 used");
    expect(result.states.get("Contact|Contact_Ext__c|1")).toMatchObject({ state: "deferred" });
  });

  it("stops on REQUEST_LIMIT_EXCEEDED", async () => {
    const salesforce = new FakeSalesforce();
    salesforce.failNextCall(Object.assign(new Error("TotalRequests Limit exceeded."), { errorCode: "REQUEST_LIMIT_EXCEEDED" }));
    const result = await executePlan(plan(), await session(salesforce), { reservePercent: 0 });
    expect(result.stopped?.reason).toBe("limit");
    expect(result.states.get("Account|Account_Ext__c|1")).toMatchObject({ state: "failed", errorClass: "limit" });
    expect(result.states.get("Contact|Contact_Ext__c|1")).toMatchObject({ state: "not-sent", errorClass: "limit" });
  });
});

describe("isOverBudget", () => {
  it("compares what is left with the reserve", () => {
    expect(isOverBudget(null, 20)).toBe(false);
    expect(isOverBudget({ used: 63, limit: 5000 }, 20)).toBe(false);
    expect(isOverBudget({ used: 4000, limit: 5000 }, 20)).toBe(true);
    expect(isOverBudget({ used: 3999, limit: 5000 }, 20)).toBe(false);
    expect(isOverBudget({ used: 10, limit: 0 }, 20)).toBe(false);
  });
});
