import { MappingCompiler } from "./compile-mapping";
import { mapInProcess, type EventMapper } from "./map-events";
import { isProcessable } from "./event-status";
import type { EventOutcome } from "./event-outcome";
import type { Clock, RandomSource, SalesforcePort, SyncEvent, SyncLogger, SyncStore } from "./ports";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
import type { EchoGuard } from "./reverse/echo-guard";
import { syncShopBatch, type ShopBatchDeps } from "./sync-shop";

// The sync engine's entry point: a batch of WebhookEvent ids (one pg-boss fetch) in, Salesforce
// brought up to date and every outcome saved. Shops are processed side by side and in isolation:
// one shop's broken org or failing save never affects another's events.

export interface SyncEngineDeps {
  store: SyncStore;
  salesforce: SalesforcePort;
  clock: Clock;
  random: RandomSource;
  logger?: SyncLogger;
  retryPolicy?: RetryPolicy;
  /** Records per sObject Collections call (≤200). */
  chunkSize?: number;
  /** Lifts the 200 cap for a Bulk-capable port (backfill). */
  maxChunkSize?: number;
  /** Delay for events waiting on API capacity or a paused shop (no attempt is used). */
  deferDelayMs?: number;
  compiler?: MappingCompiler;
  /** Runs mapping and rules for a whole shop batch (a sandbox in the app; in process by default). */
  mapEvents?: EventMapper;
  /** Two-way sync: keeps our own Shopify writes from echoing back (app/sync/reverse/echo-guard.ts). */
  echoGuard?: EchoGuard;
}

export interface ProcessBatchOptions {
  /** Re-send records even when their content hash is unchanged (a replay meant to repair Salesforce). */
  force?: boolean;
  batchId?: string;
}

export interface BatchSummary {
  batchId: string;
  synced: number;
  skipped: number;
  needsAttention: number;
  retry: number;
  dead: number;
  /** Ids not found or not queued (duplicate job deliveries): untouched. */
  ignored: number;
  apiCalls: number;
  /** Shops whose org ran out of API allowance; BatchChanges.pause told the store too. */
  pausedShops: Array<{ shop: string; reason: string }>;
  /** Shops whose batch could not be processed or saved (store down…): fail their jobs so the queue retries them. */
  failedShops: Array<{ shop: string; error: string }>;
  /** One per requested id, in request order. */
  events: EventOutcome[];
}

export interface SyncEngine {
  processBatch(eventIds: readonly string[], options?: ProcessBatchOptions): Promise<BatchSummary>;
}

const DEFAULT_DEFER_DELAY_MS = 15 * 60_000;

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const shopDeps: ShopBatchDeps = {
    store: deps.store,
    salesforce: deps.salesforce,
    clock: deps.clock,
    logger: deps.logger,
    // Compiled mappings live as long as the engine: one compile per mapping version per process.
    compiler: deps.compiler ?? new MappingCompiler(),
    retry: { policy: deps.retryPolicy ?? DEFAULT_RETRY_POLICY, random: deps.random, deferDelayMs: deps.deferDelayMs ?? DEFAULT_DEFER_DELAY_MS },
    chunkSize: deps.chunkSize,
    maxChunkSize: deps.maxChunkSize,
    mapEvents: deps.mapEvents ?? mapInProcess,
    echoGuard: deps.echoGuard,
  };
  let batchCounter = 0;

  async function processBatch(eventIds: readonly string[], options: ProcessBatchOptions = {}): Promise<BatchSummary> {
    batchCounter += 1;
    const batchId = options.batchId ?? `batch-${deps.clock.now().getTime().toString(36)}-${batchCounter}`;
    const ids = [...new Set(eventIds)];
    const loaded = await deps.store.loadEvents(ids);
    const byId = new Map(loaded.map((event) => [event.id, event]));
    const outcomes: EventOutcome[] = [];
    const byShop = new Map<string, SyncEvent[]>();
    for (const id of ids) {
      const event = byId.get(id);
      if (!event || !isProcessable(event.status)) {
        outcomes.push(untouchedOutcome(id, event, "ignored", event ? `Already ${event.status}; a replay queues it again.` : "Event not found."));
        continue;
      }
      byShop.set(event.shop, [...(byShop.get(event.shop) ?? []), event]);
    }

    const summary: BatchSummary = { batchId, synced: 0, skipped: 0, needsAttention: 0, retry: 0, dead: 0, ignored: 0, apiCalls: 0, pausedShops: [], failedShops: [], events: outcomes };
    const results = await Promise.all(
      [...byShop].map(async ([shop, events]) => {
        try {
          return await syncShopBatch(shopDeps, shop, events, batchId, options.force === true);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          deps.logger?.error("Sync batch failed for shop", { shop, batchId, error: message });
          summary.failedShops.push({ shop, error: message });
          return { outcomes: events.map((event) => untouchedOutcome(event.id, event, "retry", `The batch failed before its results were saved: ${message}`)), apiCalls: 0, pause: null };
        }
      }),
    );
    for (const result of results) {
      outcomes.push(...result.outcomes);
      summary.apiCalls += result.apiCalls;
      if (result.pause) summary.pausedShops.push(result.pause);
    }
    for (const outcome of outcomes) {
      if (outcome.outcome === "synced") summary.synced += 1;
      else if (outcome.outcome === "skipped") summary.skipped += 1;
      else if (outcome.outcome === "needs-attention") summary.needsAttention += 1;
      else if (outcome.outcome === "retry") summary.retry += 1;
      else if (outcome.outcome === "dead") summary.dead += 1;
      else summary.ignored += 1;
    }
    deps.logger?.info("Sync batch processed", {
      batchId,
      synced: summary.synced,
      skipped: summary.skipped,
      needsAttention: summary.needsAttention,
      retry: summary.retry,
      dead: summary.dead,
      ignored: summary.ignored,
      apiCalls: summary.apiCalls,
    });
    const order = new Map(ids.map((id, index) => [id, index]));
    outcomes.sort((a, b) => (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0));
    return summary;
  }

  return { processBatch };
}

function untouchedOutcome(id: string, event: SyncEvent | undefined, outcome: "ignored" | "retry", reason: string): EventOutcome {
  return {
    eventId: id,
    shop: event?.shop ?? null,
    topic: event?.topic ?? null,
    outcome,
    status: outcome === "ignored" ? null : (event?.status ?? null),
    attempts: event?.attempts ?? 0,
    reason,
    errorCode: null,
    retryDelayMs: null,
    deferred: false,
    mappingVersion: null,
    salesforceIds: {},
    violations: [],
    apiCalls: 0,
    recordsSent: 0,
    recordsUnchanged: 0,
  };
}
