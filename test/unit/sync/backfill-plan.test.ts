import { describe, expect, it } from "vitest";
import { apiCallsFor, backfillDedupeKey, estimateBackfill, orderWindowNotice, salesforcePath } from "../../../app/sync/backfill-plan";
import { completeness, diffRecords, type SyncedVersion } from "../../../app/sync/reconcile-plan";
import { parseBulkError, toBulkRow } from "../../../app/services/backfill/bulk-salesforce-port.server";

const NOW = new Date("2026-12-02T12:00:00Z");

describe("backfill planning", () => {
  it("uses Bulk API 2.0 above the threshold and counts its calls per job", () => {
    expect(salesforcePath(2_000)).toBe("collections");
    expect(salesforcePath(2_001)).toBe("bulk");
    expect(apiCallsFor(2_000, "collections")).toBe(10);
    expect(apiCallsFor(20_000, "bulk")).toBe(16);
    expect(apiCallsFor(0, "bulk")).toBe(0);
  });

  it("estimates records and calls per object against what the org has left above its reserve", () => {
    const estimate = estimateBackfill({ counts: { customers: 20_000, orders: 1_000 }, usage: { used: 14_990, limit: 15_000 }, reservePercent: 10, orderWindow: null });
    expect(estimate.resources).toEqual([
      { resource: "customers", records: 20_000, shopifyPath: "bulk-operation" },
      { resource: "orders", records: 1_000, shopifyPath: "paginated" },
    ]);
    expect(estimate.objects).toEqual([
      { object: "Account", records: 20_000, path: "bulk", apiCalls: 16 },
      { object: "Contact", records: 20_000, path: "bulk", apiCalls: 16 },
      { object: "Opportunity", records: 1_000, path: "collections", apiCalls: 5 },
      { object: "OpportunityLineItem", records: 2_000, path: "collections", apiCalls: 10 },
    ]);
    expect(estimate).toMatchObject({ apiCalls: 47, remaining: 10, reserve: 1_500, fits: false });
  });

  it("explains the 60-day window only when the range reaches past it without read_all_orders", () => {
    expect(orderWindowNotice({ from: new Date("2026-11-01T00:00:00Z"), to: null }, ["read_orders"], NOW)).toBeNull();
    expect(orderWindowNotice({ from: null, to: null }, ["read_orders", "read_all_orders"], NOW)).toBeNull();
    const notice = orderWindowNotice({ from: null, to: null }, ["read_orders"], NOW);
    expect(notice?.visibleFrom.toISOString()).toBe("2026-10-03T12:00:00.000Z");
    expect(notice?.howToFix).toContain("read_all_orders");
  });

  it("keys a record version, so the same version is stored once", () => {
    expect(backfillDedupeKey("orders", "9007199254740993", "2026-01-01T00:00:00.000Z")).toBe("backfill:orders:9007199254740993:2026-01-01T00:00:00.000Z");
  });
});

describe("Bulk API 2.0 rows and results", () => {
  it("flattens parent references to Parent.ExtId__c columns and nulls to #N/A", () => {
    expect(toBulkRow({ LastName: "Ng", Email: null, Account: { Shopify_Customer_Id__c: "9007199254740993" }, HasOptedOutOfEmail: false, Amount: 12.5 })).toEqual({
      LastName: "Ng",
      Email: "#N/A",
      "Account.Shopify_Customer_Id__c": "9007199254740993",
      HasOptedOutOfEmail: "false",
      Amount: "12.5",
    });
  });

  it("reads sf__Error cells as Salesforce error codes", () => {
    expect(parseBulkError("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --")).toEqual({ statusCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [Name]", fields: ["Name"] });
    expect(parseBulkError("something odd")).toMatchObject({ statusCode: "UNKNOWN_EXCEPTION" });
  });
});

describe("reconciliation diff", () => {
  const at = (iso: string) => new Date(iso);
  const synced = new Map<string, SyncedVersion>([
    ["1", { shopifyId: "1", status: "synced", sourceUpdatedAt: at("2026-12-01T00:00:00Z"), salesforceIds: { contact: "003000000000001AAA" } }],
    ["2", { shopifyId: "2", status: "synced", sourceUpdatedAt: at("2026-12-01T00:00:00Z"), salesforceIds: { contact: "003000000000002AAA" } }],
    ["3", { shopifyId: "3", status: "synced", sourceUpdatedAt: at("2026-12-01T00:00:00Z"), salesforceIds: {} }],
    ["4", { shopifyId: "4", status: "needs-attention", sourceUpdatedAt: null, salesforceIds: {} }],
  ]);

  it("finds missing, stale, failed and deleted-in-Salesforce records, and scores the rest", () => {
    const diff = diffRecords(
      [
        { shopifyId: "1", updatedAt: "2026-12-01T00:00:00Z" },
        { shopifyId: "2", updatedAt: "2026-12-01T00:00:00Z" },
        { shopifyId: "3", updatedAt: "2026-12-02T00:00:00Z" },
        { shopifyId: "4", updatedAt: "2026-12-01T00:00:00Z" },
        { shopifyId: "5", updatedAt: "2026-12-01T00:00:00Z" },
      ],
      synced,
      new Set(["003000000000002AAA"]),
    );
    expect(diff.repairs).toEqual([
      { shopifyId: "2", kind: "deleted-in-salesforce" },
      { shopifyId: "3", kind: "stale" },
      { shopifyId: "4", kind: "failed" },
      { shopifyId: "5", kind: "missing" },
    ]);
    expect(diff).toMatchObject({ total: 5, inSync: 1 });
    expect(completeness(1, 5)).toBe(20);
    expect(completeness(199, 200)).toBe(99.5);
    expect(completeness(0, 0)).toBe(100);
  });
});
