import { describe, expect, it } from "vitest";
import { deriveState, objectOfKey } from "../../../app/services/extensions/record-status.server";
import { createRateLimiter } from "../../../app/services/extensions/rate-limit.server";

const event = (status: string, lastError: string | null = null, lastErrorCode: string | null = null) => ({ status, lastError, lastErrorCode });

describe("deriveState: where a Shopify record stands", () => {
  it("never synced: no record, no event", () => {
    expect(deriveState(null, null)).toBe("never-synced");
  });
  it("pending: the newest event is queued, even over an older failure", () => {
    expect(deriveState(null, event("queued"))).toBe("pending");
    expect(deriveState({ status: "needs-attention" }, event("queued"))).toBe("pending");
    expect(deriveState(null, event("received"))).toBe("pending");
  });
  it("waiting for a dependency: queued again because its parent is not in Salesforce yet", () => {
    const foreignKey = "The related Opportunity with Shopify_Order_Id__c = 1 is not in Salesforce yet. The sync retries automatically…";
    expect(deriveState(null, event("queued", foreignKey, "INVALID_FIELD"))).toBe("waiting-for-dependency");
    expect(deriveState(null, event("queued", "x", "PARENT_NOT_SYNCED"))).toBe("waiting-for-dependency");
    expect(deriveState(null, event("waiting"))).toBe("waiting-for-dependency");
  });
  it("synced, needs attention, dead and deleted come from the record", () => {
    expect(deriveState({ status: "synced" }, event("synced"))).toBe("synced");
    expect(deriveState({ status: "synced" }, event("skipped"))).toBe("synced");
    expect(deriveState({ status: "needs-attention" }, event("needs-attention"))).toBe("needs-attention");
    expect(deriveState({ status: "dead" }, event("dead"))).toBe("dead");
    expect(deriveState({ status: "deleted" }, event("synced"))).toBe("deleted");
    expect(deriveState(null, event("needs-attention"))).toBe("needs-attention");
  });
  it("names the Salesforce object of a record key", () => {
    expect(objectOfKey("opportunity")).toBe("Opportunity");
    expect(objectOfKey("lineItem:487817672276298554")).toBe("OpportunityLineItem");
    expect(objectOfKey("loyalty")).toBe("Loyalty");
  });
});

describe("rate limiter", () => {
  it("allows a burst up to capacity per shop, then says how long to wait, and refills with time", () => {
    let now = 0;
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 1, now: () => now });
    expect([1, 2, 3].map(() => limiter.take("a.myshopify.com").allowed)).toEqual([true, true, true]);
    expect(limiter.take("a.myshopify.com")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take("b.myshopify.com").allowed).toBe(true);
    now += 2_000;
    expect(limiter.take("a.myshopify.com", 2).allowed).toBe(true);
    expect(limiter.take("a.myshopify.com", 5)).toEqual({ allowed: false, retryAfterSeconds: 5 });
  });
});
