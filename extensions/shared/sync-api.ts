// The contract between the admin extensions and the app's backend (app/routes/api.extensions.*). Types
// only: the backend builds these, the extensions render them.

export const RECORD_SYNC_STATES = ["never-synced", "pending", "waiting-for-dependency", "synced", "needs-attention", "dead", "deleted"] as const;
export type RecordSyncState = (typeof RECORD_SYNC_STATES)[number];

export type ExtensionResource = "order" | "customer";

export interface SalesforceRecordLink {
  /** Where the record comes from: the mapping's target key (`opportunity`, `lineItem:123`, `account`). */
  key: string;
  /** The Salesforce object, e.g. "Opportunity". */
  object: string;
  id: string;
  /** `{instanceUrl}/{id}`; null when the org is not connected. */
  url: string | null;
}

export interface RefundSync {
  shopifyId: string;
  state: RecordSyncState;
  salesforceId: string | null;
  url: string | null;
  message: string | null;
}

export interface LastAttempt {
  at: string;
  outcome: string;
  errorCode: string | null;
  /** The merchant-facing explanation (what failed, why, what to do), Salesforce's own words last. */
  message: string | null;
}

export interface RecordSyncStatus {
  resource: ExtensionResource;
  shopifyId: string;
  state: RecordSyncState;
  /** Salesforce org connected and ready to receive records. */
  connected: boolean;
  records: SalesforceRecordLink[];
  refunds: RefundSync[];
  lastAttempt: LastAttempt | null;
  lastSyncedAt: string | null;
  /** Events of this record the app has received. */
  events: number;
  /** The record's newest event can be queued again. */
  canReplay: boolean;
  /** The app's own Activity page filtered to this record (an admin path: /apps/<handle>/...). */
  activityPath: string;
}

export interface QueueOutcome {
  queued: number;
  alreadyQueued: number;
  notFound: string[];
  activityPath: string;
}

export interface ReplayOutcome {
  queued: number;
}
