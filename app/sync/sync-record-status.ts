import { InvalidTransitionError } from "./event-status";

// SyncRecord.status: where one Shopify record stands in Salesforce.
export const SYNC_RECORD_STATUSES = ["pending", "synced", "needs-attention", "dead", "deleted"] as const;
export type SyncRecordStatus = (typeof SYNC_RECORD_STATUSES)[number];

const TRANSITIONS: Readonly<Record<SyncRecordStatus, readonly SyncRecordStatus[]>> = {
  pending: ["pending", "synced", "needs-attention", "dead", "deleted"],
  synced: ["synced", "needs-attention", "dead", "deleted"],
  "needs-attention": ["synced", "needs-attention", "dead", "deleted"],
  dead: ["synced", "needs-attention", "dead", "deleted"],
  // Shopify never reuses ids, so a deleted record only sees its own delete again (replay) or fails.
  deleted: ["deleted", "needs-attention", "dead"],
};

export function isSyncRecordStatus(value: unknown): value is SyncRecordStatus {
  return typeof value === "string" && (SYNC_RECORD_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: SyncRecordStatus, to: SyncRecordStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: SyncRecordStatus, to: SyncRecordStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError("SyncRecord", from, to);
}
