import type { EventStatus } from "./event-status";
import type { SObjectDescribe } from "./sobject-describe";
import type { SyncRecordStatus } from "./sync-record-status";
import type { SyncResource } from "./sync-resource";
import type { ValidationRuleRow } from "./validation-rule";

// The engine's view of the outside world. Adapters (Prisma, jsforce) implement these in
// app/services/; tests use in-memory fakes. Every method is scoped by shop.

/** A WebhookEvent row as the engine needs it. `payload` keeps ids exact (strings). */
export interface SyncEvent {
  id: string;
  shop: string;
  topic: string;
  resource: string;
  shopifyId: string | null;
  triggeredAt: Date | null;
  sourceUpdatedAt: Date | null;
  receivedAt: Date;
  payload: unknown;
  status: EventStatus;
  attempts: number;
  /** A merchant's replay: send the records even when their content hash is unchanged. */
  force?: boolean;
}

export interface ActiveMapping {
  /** MappingSet.version; cache key for the compiled document (versions are immutable). */
  version: number;
  document: unknown;
}

export interface ShopSyncConfig {
  shop: string;
  /** Set after an API-limit pause; events wait (without using attempts) until it is lifted. */
  paused: boolean;
  /** Why the shop is paused, for the deferred events (default: the API allowance message). */
  pauseMessage?: string;
  /** The org failed the config's own calls (price book, budget probe): an org-level outage, see BatchChanges.outage. */
  outage?: string | null;
  /** Active MappingSet per resource; a resource without one uses the default mapping (version 0). */
  mappings: Partial<Record<SyncResource, ActiveMapping>>;
  rules: readonly ValidationRuleRow[];
  /** Cached describes by sObject name; objects missing here skip pre-flight. */
  describes: Readonly<Record<string, SObjectDescribe>>;
  personAccounts: boolean;
  /** Default mappings adopt existing Contacts / Person Accounts by email (Shop.matchExistingByEmail; default on). */
  matchExistingByEmail?: boolean;
  /** Money of orders in the shop's or the presentment currency, in multi-currency orgs (Shop.moneyCurrency; default shop). */
  moneyCurrency?: "shop" | "presentment";
  /** Default order model when the shop has no saved order mapping. */
  orderModel?: "opportunity" | "order";
  /** Runtime values for mappings ($context.standardPricebookId, $context.personAccountRecordTypeId). */
  context: Readonly<Record<string, string>>;
  /** Stop sending once the org's remaining daily API calls fall below this share (SalesforceConnection.apiReservePercent). */
  apiReservePercent: number;
}

export interface SyncRecordKey {
  resource: string;
  shopifyId: string;
}

/** A SyncRecord row. Shared Salesforce records use resource `shared:<Object>` and their external id. */
export interface SyncRecordState extends SyncRecordKey {
  salesforceIds: Record<string, string>;
  contentHashes: Record<string, string>;
  sourceUpdatedAt: Date | null;
  status: SyncRecordStatus;
  lastEventId: string | null;
  lastSyncedAt: Date | null;
}

export interface EventUpdate {
  id: string;
  /** The status the engine read; adapters may use it for an optimistic `WHERE status = from`. */
  from: EventStatus;
  to: EventStatus;
  attempts: number;
  lastError: string | null;
  lastErrorCode: string | null;
  mappingVersion: number | null;
  processedAt: Date | null;
  /** When to.queued: run the event again after this delay. */
  retryDelayMs: number | null;
}

export interface SyncRecordWrite extends SyncRecordKey {
  /** Complete maps (existing entries merged): the adapter writes them as they are. */
  salesforceIds: Record<string, string>;
  contentHashes: Record<string, string>;
  sourceUpdatedAt: Date | null;
  status: SyncRecordStatus;
  lastError: string | null;
  lastErrorCode: string | null;
  lastEventId: string | null;
  lastSyncedAt: Date | null;
}

export type AttemptOutcome = "synced" | "skipped" | "retry" | "needs-attention" | "dead";

/** One append-only SyncAttempt row per processed event. */
export interface SyncAttemptWrite {
  eventId: string;
  batchId: string;
  attempt: number;
  outcome: AttemptOutcome;
  apiCalls: number;
  errorCode: string | null;
  errorMessage: string | null;
  salesforceIds: Record<string, string> | null;
  /** Non-blocking violations (warnings, dropped fields), for the activity screen. */
  warnings: string[];
  startedAt: Date;
  finishedAt: Date;
  /** When Salesforce answered the last call carrying the event's records (null: nothing was sent). */
  salesforceAnsweredAt: Date | null;
  durationMs: number;
}

/** Everything one shop's batch changes, saved by the adapter in one transaction. */
export interface BatchChanges {
  batchId: string;
  events: EventUpdate[];
  syncRecords: SyncRecordWrite[];
  attempts: SyncAttemptWrite[];
  /** Set when the org's API allowance is (nearly) used up: pause the shop (Shop.syncPausedAt). */
  pause: { reason: string } | null;
  /**
   * Org-level failure (unreachable, 5xx on every call, session that cannot be renewed): the shop pauses
   * with a probe on a backoff; `healthy` (Salesforce answered) ends such a pause. Absent: no change.
   */
  outage?: { reason: string } | null;
  healthy?: boolean;
}

export interface SyncStore {
  loadEvents(eventIds: readonly string[]): Promise<SyncEvent[]>;
  /** null when the shop is not installed (uninstalled, redacted): its events are skipped. */
  loadShopConfig(shop: string): Promise<ShopSyncConfig | null>;
  loadSyncRecords(shop: string, keys: readonly SyncRecordKey[]): Promise<SyncRecordState[]>;
  saveBatch(shop: string, changes: BatchChanges): Promise<void>;
}

/** Salesforce collections error item. Collections put the code in `statusCode`, REST bodies in `errorCode`. */
export interface SaveError {
  statusCode?: string;
  errorCode?: string;
  message: string;
  fields?: string[];
  /** DUPLICATES_DETECTED: the duplicate rule that fired and the records it matched (Salesforce's DuplicateResult). */
  duplicateResult?: DuplicateResult;
}

export interface DuplicateResult {
  duplicateRule?: string;
  matchResults?: Array<{ entityType?: string; matchRecords?: Array<{ record?: { Id?: string } & Record<string, unknown> }> }>;
}

export interface SaveResult {
  success: boolean;
  id?: string | null;
  created?: boolean;
  errors: SaveError[];
}

export interface ApiUsage {
  used: number;
  limit: number;
}

export interface MatchRequest {
  object: string;
  /** Field compared with the values, e.g. Email. */
  matchField: string;
  /** Our external id field, returned so records already linked to another Shopify record are left alone. */
  externalIdField: string;
  values: string[];
  /** if-blank fields whose current values come back with the candidates (current-values.ts). */
  fields?: string[];
}

export interface MatchCandidate {
  id: string;
  matchValue: string;
  externalId: string | null;
  /** The requested `fields` as Salesforce holds them. */
  values?: Record<string, unknown>;
}

export interface SalesforceSession {
  /**
   * sObject Collections upsert (≤200 records, allOrNone false). Returns one result per record, in
   * order. `externalIdField` "Id" (adopting a matched record, marking a record deleted) means an update
   * by record id: Salesforce's Collections upsert takes external id fields only ("Don't use record ids"),
   * so the adapter sends those through sObject Collections update. Throws for failures of the whole call (network, 5xx, session, limit); the adapter refreshes
   * an expired session once before surfacing it.
   */
  upsert(
    object: string,
    externalIdField: string,
    records: ReadonlyArray<Record<string, unknown>>,
    options: { allOrNone: false },
  ): Promise<SaveResult[]>;
  /**
   * sObject Collections delete (≤200 ids, allOrNone false): one result per id, in order. Used for
   * order lines an edit removed. Throws for failures of the whole call, like upsert.
   */
  delete(ids: readonly string[]): Promise<SaveResult[]>;
  /**
   * sObject Collections create (≤200 records, allOrNone false), for objects without an external id
   * (OpportunityContactRole). Optional: without it those steps are skipped.
   */
  create?(object: string, records: ReadonlyArray<Record<string, unknown>>): Promise<SaveResult[]>;
  /** A SOQL query, every page. Optional, like create. */
  query?(soql: string): Promise<Array<Record<string, unknown>>>;
  /** One SOQL query (`WHERE matchField IN :values`), only used by mappings with matchKeys. */
  findMatches(request: MatchRequest): Promise<MatchCandidate[]>;
  /** Latest Sforce-Limit-Info seen (or the stored value), null when unknown. */
  apiUsage(): ApiUsage | null;
}

export interface SalesforcePort {
  /** Opens the shop's connection. Throws PermanentError when it has none, RetryableError on blips. */
  connect(shop: string): Promise<SalesforceSession>;
}

export interface Clock {
  now(): Date;
}

/** Numbers in [0, 1): Math.random in production, a fixed sequence in tests. */
export type RandomSource = () => number;

export interface SyncLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}
