import type { RecordSyncState, RecordSyncStatus, RefundSync, SalesforceRecordLink } from "./sync-api";

// What the order and customer blocks say for each state, decided here (pure, unit-tested) so the
// components only lay it out. Tones are the admin's badge tones.

export type BadgeTone = "neutral" | "info" | "success" | "caution" | "warning" | "critical";

export interface StateView {
  label: string;
  tone: BadgeTone;
  /** One sentence: where the record stands and what happens next. */
  summary: string;
}

const STATES: Record<RecordSyncState, StateView> = {
  "never-synced": { label: "Not synced", tone: "neutral", summary: "This record has not been sent to Salesforce yet." },
  pending: { label: "Pending", tone: "info", summary: "Queued: the sync worker sends it to Salesforce in a moment." },
  "waiting-for-dependency": {
    label: "Waiting for a dependency",
    tone: "caution",
    summary: "Waiting for a related record (such as the customer or the order) to reach Salesforce first; it retries by itself.",
  },
  synced: { label: "Synced", tone: "success", summary: "Salesforce has the current version of this record." },
  "needs-attention": { label: "Needs attention", tone: "warning", summary: "Salesforce refused this record. Fix the cause below, then replay." },
  dead: { label: "Failed", tone: "critical", summary: "Every retry failed. Fix the cause below, then replay." },
  deleted: { label: "Deleted", tone: "neutral", summary: "Deleted in Shopify; the deletion was applied in Salesforce." },
};

export function stateView(state: RecordSyncState): StateView {
  return STATES[state];
}

export type PrimaryAction = { kind: "sync-now"; label: string } | { kind: "replay"; label: string } | null;

/** The block's one button: "Sync now" for a record never sent, "Replay" for one that can be re-sent. */
export function primaryAction(status: RecordSyncStatus): PrimaryAction {
  if (!status.connected) return null;
  if (status.state === "never-synced") return { kind: "sync-now", label: "Sync now" };
  if (status.state === "pending" || status.state === "waiting-for-dependency") return null;
  if (status.canReplay) return { kind: "replay", label: "Replay" };
  return { kind: "sync-now", label: "Sync now" };
}

/** A notice above everything else, when the app cannot sync at all. */
export function connectionNotice(status: RecordSyncStatus): string | null {
  return status.connected ? null : "Salesforce is not connected. Open the app and connect your org to sync this record.";
}

export interface RecordRow {
  label: string;
  id: string;
  url: string | null;
}

// By Salesforce object, not mapping key: adjustment lines (discounts, shipping, tax) and their catalog
// records have keys of their own (docs/money-model.md).
const LINE_OBJECTS = new Set(["OpportunityLineItem", "OrderItem"]);
const CATALOG_OBJECTS = new Set(["Product2", "PricebookEntry"]);

/**
 * Salesforce records as rows: the parent records by object, line items grouped, and the catalog records
 * (Product2, PricebookEntry) the line items point at only counted.
 */
export function recordRows(records: readonly SalesforceRecordLink[]): { main: RecordRow[]; lineItems: RecordRow[]; catalog: number } {
  const main: RecordRow[] = [];
  const lineItems: RecordRow[] = [];
  let catalog = 0;
  for (const record of records) {
    const [, externalId] = record.key.split(":");
    if (CATALOG_OBJECTS.has(record.object)) catalog += 1;
    else if (LINE_OBJECTS.has(record.object)) lineItems.push({ label: `${humanize(record.object)} ${externalId ?? ""}`.trim(), id: record.id, url: record.url });
    else main.push({ label: externalId ? `${humanize(record.object)} ${externalId}` : humanize(record.object), id: record.id, url: record.url });
  }
  return { main, lineItems, catalog };
}

export function lineItemsSummary(count: number, catalog = 0): string {
  const lines = count === 1 ? "1 line item" : `${count} line items`;
  return catalog > 0 ? `${lines} (with ${catalog} product and price book records)` : lines;
}

export function refundLabel(refund: RefundSync): string {
  return `Refund ${refund.shopifyId} · ${stateView(refund.state).label}`;
}

const HUMAN_OBJECTS: Record<string, string> = { OpportunityLineItem: "Opportunity line item", OrderItem: "Order item", Shopify_Refund__c: "Refund" };
function humanize(object: string): string {
  return HUMAN_OBJECTS[object] ?? object;
}

/** "3 minutes ago" style, from an ISO date and now (so tests pass the clock). */
export function relativeTime(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "1 hour ago" : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

const OUTCOMES: Record<string, string> = {
  synced: "Synced",
  skipped: "Skipped (nothing changed)",
  retry: "Failed, retrying",
  "needs-attention": "Refused by Salesforce",
  dead: "Gave up after every retry",
  received: "Received",
};

export function attemptLine(outcome: string, at: string, now: Date): string {
  return `${OUTCOMES[outcome] ?? outcome} · ${relativeTime(at, now)}`;
}

/** The collapsed block's one line (the admin shows it when the merchant folds the block). */
export function collapsedSummary(status: RecordSyncStatus): string {
  const view = stateView(status.state);
  return status.records.length > 0 ? `${view.label} · ${status.records.length} Salesforce records` : view.label;
}

/** The action modals' result line. */
export function queuedMessage(outcome: { queued: number; alreadyQueued: number; notFound: readonly string[] }, noun: { one: string; many: string }): string {
  const parts: string[] = [];
  const name = (count: number) => (count === 1 ? noun.one : noun.many);
  parts.push(outcome.queued === 0 ? `No new ${noun.many} queued` : `${outcome.queued} ${name(outcome.queued)} queued to sync to Salesforce`);
  if (outcome.alreadyQueued > 0) parts.push(`${outcome.alreadyQueued} already queued or up to date`);
  if (outcome.notFound.length > 0) parts.push(`${outcome.notFound.length} not found in Shopify`);
  return `${parts.join("; ")}.`;
}
