import { describe, expect, it } from "vitest";
import { attemptLine, collapsedSummary, connectionNotice, lineItemsSummary, primaryAction, queuedMessage, recordRows, refundLabel, relativeTime, stateView } from "../../../extensions/shared/status-view";
import { RECORD_SYNC_STATES, type RecordSyncState, type RecordSyncStatus } from "../../../extensions/shared/sync-api";
import { appLink, numericId } from "../../../extensions/shared/backend";

const status = (state: RecordSyncState, overrides: Partial<RecordSyncStatus> = {}): RecordSyncStatus => ({
  resource: "order",
  shopifyId: "820982911946154508",
  state,
  connected: true,
  records: [],
  refunds: [],
  lastAttempt: null,
  lastSyncedAt: null,
  events: state === "never-synced" ? 0 : 1,
  canReplay: ["synced", "needs-attention", "dead", "deleted"].includes(state),
  activityPath: "/app/activity?resource=order&q=820982911946154508",
  ...overrides,
});

describe("the block for every sync state", () => {
  // label, tone, button: what a merchant sees for each state.
  const expected: Record<RecordSyncState, [string, string, string | null]> = {
    "never-synced": ["Not synced", "neutral", "Sync now"],
    pending: ["Pending", "info", null],
    "waiting-for-dependency": ["Waiting for a dependency", "caution", null],
    synced: ["Synced", "success", "Replay"],
    "needs-attention": ["Needs attention", "warning", "Replay"],
    dead: ["Failed", "critical", "Replay"],
    deleted: ["Deleted", "neutral", "Replay"],
  };

  it.each(RECORD_SYNC_STATES.map((state) => [state]))("%s", (state) => {
    const view = stateView(state);
    const [label, tone, button] = expected[state];
    expect(view).toMatchObject({ label, tone });
    expect(view.summary).toMatch(/\.$/);
    expect(primaryAction(status(state))?.label ?? null).toBe(button);
    expect(collapsedSummary(status(state))).toBe(label);
  });

  it("covers every state the backend can send, each with its own label", () => {
    expect(new Set(RECORD_SYNC_STATES.map((state) => stateView(state).label)).size).toBe(RECORD_SYNC_STATES.length);
  });

  it("offers Sync now when the newest event cannot be replayed, and nothing while the org is disconnected", () => {
    expect(primaryAction(status("synced", { canReplay: false }))).toEqual({ kind: "sync-now", label: "Sync now" });
    expect(primaryAction(status("needs-attention", { connected: false }))).toBeNull();
    expect(primaryAction(status("never-synced", { connected: false }))).toBeNull();
    expect(connectionNotice(status("synced", { connected: false }))).toMatch(/not connected/);
    expect(connectionNotice(status("synced"))).toBeNull();
  });
});

describe("Salesforce records", () => {
  it("lists parents by object and groups line items", () => {
    const rows = recordRows([
      { key: "account", object: "Account", id: "001000000000001AAA", url: "https://org.example/001000000000001AAA" },
      { key: "opportunity", object: "Opportunity", id: "006000000000001AAA", url: null },
      { key: "lineItem:1", object: "OpportunityLineItem", id: "00k000000000001AAA", url: null },
      { key: "lineItem:2", object: "OpportunityLineItem", id: "00k000000000002AAA", url: null },
      { key: "shippingLine", object: "OpportunityLineItem", id: "00k000000000003AAA", url: null },
      { key: "product:9", object: "Product2", id: "01t000000000001AAA", url: null },
      { key: "pricebookEntry:9", object: "PricebookEntry", id: "01u000000000001AAA", url: null },
    ]);
    expect(rows.catalog).toBe(2);
    expect(lineItemsSummary(2, 2)).toBe("2 line items (with 2 product and price book records)");
    expect(rows.main.map((row) => row.label)).toEqual(["Account", "Opportunity"]);
    expect(rows.main[0].url).toBe("https://org.example/001000000000001AAA");
    // An adjustment line (shipping, discounts, tax) is a line item too, whatever its mapping key.
    expect(rows.lineItems.map((row) => row.label)).toEqual(["Opportunity line item 1", "Opportunity line item 2", "Opportunity line item"]);
    expect(lineItemsSummary(1)).toBe("1 line item");
    expect(lineItemsSummary(2)).toBe("2 line items");
    expect(collapsedSummary(status("synced", { records: [{ key: "opportunity", object: "Opportunity", id: "006000000000001AAA", url: null }] }))).toBe("Synced · 1 Salesforce records");
  });

  it("labels refunds with their own state", () => {
    expect(refundLabel({ shopifyId: "509562969", state: "needs-attention", salesforceId: null, url: null, message: "x" })).toBe("Refund 509562969 · Needs attention");
  });
});

describe("times, attempts and the action's result", () => {
  const now = new Date("2026-12-02T12:00:00Z");
  it("says when, relative to now", () => {
    expect(relativeTime("2026-12-02T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-12-02T11:59:00Z", now)).toBe("1 minute ago");
    expect(relativeTime("2026-12-02T11:00:00Z", now)).toBe("1 hour ago");
    expect(relativeTime("2026-12-02T07:00:00Z", now)).toBe("5 hours ago");
    expect(relativeTime("2026-12-01T12:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2026-11-20T12:00:00Z", now)).toBe("12 days ago");
  });

  it("names each attempt outcome", () => {
    expect(attemptLine("needs-attention", "2026-12-02T11:58:00Z", now)).toBe("Refused by Salesforce · 2 minutes ago");
    expect(attemptLine("retry", "2026-12-02T11:58:00Z", now)).toBe("Failed, retrying · 2 minutes ago");
    expect(attemptLine("dead", "2026-12-02T11:58:00Z", now)).toBe("Gave up after every retry · 2 minutes ago");
    expect(attemptLine("synced", "2026-12-02T11:58:00Z", now)).toBe("Synced · 2 minutes ago");
  });

  it("says how many were queued, already queued and not found", () => {
    const orders = { one: "order", many: "orders" };
    expect(queuedMessage({ queued: 250, alreadyQueued: 0, notFound: [] }, orders)).toBe("250 orders queued to sync to Salesforce.");
    expect(queuedMessage({ queued: 1, alreadyQueued: 0, notFound: [] }, orders)).toBe("1 order queued to sync to Salesforce.");
    expect(queuedMessage({ queued: 0, alreadyQueued: 250, notFound: [] }, orders)).toBe("No new orders queued; 250 already queued or up to date.");
    expect(queuedMessage({ queued: 2, alreadyQueued: 1, notFound: ["9"] }, orders)).toBe("2 orders queued to sync to Salesforce; 1 already queued or up to date; 1 not found in Shopify.");
  });

  it("turns the admin's gids into ids and app paths into app: links", () => {
    expect(numericId("gid://shopify/Order/820982911946154508")).toBe("820982911946154508");
    expect(appLink("/app/activity?resource=order&q=1")).toBe("app:app/activity?resource=order&q=1");
  });
});
