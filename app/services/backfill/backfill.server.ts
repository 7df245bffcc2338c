import type { PgBoss } from "pg-boss";
import {
  estimateBackfill,
  orderWindowNotice,
  DEFAULT_SHOPIFY_BULK_THRESHOLD,
  type BackfillEstimate,
  type BackfillResource,
  type DateRange,
} from "../../sync/backfill-plan";
import type { SyncEngine } from "../../sync/sync-batch";
import type { FetchedRecord } from "../shopify/admin-records.server";
import { START_CHECKPOINT, type BackfillRunRow, type BackfillStore, type ResourceProgress } from "./backfill-store.server";
import type { ShopifyHistory } from "./shopify-history.server";

// A backfill as a resumable pg-boss job. Each step reads one slice of Shopify history (a page, or the
// next records of a bulk operation's file), stores it as events, syncs them through the engine (Bulk
// API 2.0 above the threshold) and then commits its checkpoint. A worker killed mid-step leaves a
// checkpoint from before the step: the retried job reads the same slice again, the events dedupe on
// their (record, updated_at) key, events already synced are skipped by the engine, and upserts by
// external id never create a second Salesforce record. Webhooks for the same records race safely: the
// engine keeps the newest updated_at either way.

export const BACKFILL_QUEUE = "backfill";
/** pg-boss retries of a failing step before the run is marked failed. */
export const BACKFILL_RETRY_LIMIT = 20;

export interface BackfillRequest {
  resources: BackfillResource[];
  range: DateRange;
}

export interface BackfillDeps {
  store: BackfillStore;
  /** An engine whose Salesforce port sends large calls through Bulk API 2.0. */
  engine: SyncEngine;
  history(shop: string): Promise<ShopifyHistory>;
  /** The scopes the shop granted (read_all_orders or not). */
  scopes(shop: string): Promise<string[]>;
  apiUsage(shop: string): Promise<{ used: number; limit: number } | null>;
  reservePercent(shop: string): Promise<number>;
  apiVersion: string;
  now?: () => Date;
  /** Records handled per step (and per engine batch). */
  stepRecords?: number;
  bulkThreshold?: number;
  shopifyBulkThreshold?: number;
  /** Test hook: runs after a step stored its events and before it synced them (a crash point). */
  afterStore?: (run: BackfillRunRow) => Promise<void>;
}

export class BackfillError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackfillError";
  }
}

function searchFor(resource: BackfillResource, range: DateRange): string {
  // History is chosen by when a record was created; a record created in range is read as it is now.
  const parts: string[] = [];
  if (range.from) parts.push(`created_at:>='${range.from.toISOString()}'`);
  if (range.to) parts.push(`created_at:<'${range.to.toISOString()}'`);
  void resource;
  return parts.join(" AND ");
}

const emptyProgress = (): ResourceProgress => ({ total: 0, read: 0, synced: 0, failed: 0, skipped: 0 });

export function createBackfillService(deps: BackfillDeps) {
  const now = deps.now ?? (() => new Date());
  const stepRecords = deps.stepRecords ?? 2_000;
  const bulkFiles = new Map<string, FetchedRecord[]>();

  function validate(request: BackfillRequest): void {
    if (request.resources.length === 0) throw new BackfillError("Choose at least one of customers and orders.");
    const { from, to } = request.range;
    if (from && to && from.getTime() >= to.getTime()) throw new BackfillError("The start of the date range must be before its end.");
    if (to && to.getTime() > now().getTime() + 60_000) throw new BackfillError("The date range cannot end in the future.");
  }

  async function estimate(shop: string, request: BackfillRequest): Promise<BackfillEstimate> {
    validate(request);
    const history = await deps.history(shop);
    const counts: Partial<Record<BackfillResource, number>> = {};
    for (const resource of request.resources) counts[resource] = await history.count(resource, searchFor(resource, request.range));
    const notice = request.resources.includes("orders") ? orderWindowNotice(request.range, await deps.scopes(shop), now()) : null;
    return estimateBackfill({
      counts,
      usage: await deps.apiUsage(shop),
      reservePercent: await deps.reservePercent(shop),
      threshold: deps.bulkThreshold,
      shopifyBulkThreshold: deps.shopifyBulkThreshold,
      orderWindow: notice,
    });
  }

  /** Reads the next slice of the current resource; null when the resource is exhausted. */
  async function readSlice(run: BackfillRunRow, history: ShopifyHistory, resource: BackfillResource): Promise<{ records: FetchedRecord[]; next: BackfillRunRow["checkpoint"] } | null> {
    const checkpoint = { ...run.checkpoint };
    const search = searchFor(resource, run.range);
    if (checkpoint.mode === null) {
      const total = await history.count(resource, search);
      run.progress[resource] = { ...(run.progress[resource] ?? emptyProgress()), total };
      checkpoint.mode = total > (deps.shopifyBulkThreshold ?? DEFAULT_SHOPIFY_BULK_THRESHOLD) ? "bulk" : "pages";
    }
    if (checkpoint.mode === "bulk") {
      if (!checkpoint.bulkOperationId) {
        checkpoint.bulkOperationId = await history.startBulk(resource, search);
        // Commit the operation id before waiting, so a restart polls the same operation.
        await deps.store.saveStep(run.id, checkpoint, run.progress);
      }
      let file = bulkFiles.get(checkpoint.bulkOperationId);
      if (!file) {
        const done = await history.waitForBulk(checkpoint.bulkOperationId);
        file = await history.readBulk(resource, done.url);
        bulkFiles.set(checkpoint.bulkOperationId, file);
      }
      if (checkpoint.offset >= file.length) {
        bulkFiles.delete(checkpoint.bulkOperationId);
        return null;
      }
      const records = file.slice(checkpoint.offset, checkpoint.offset + stepRecords);
      return { records, next: { ...checkpoint, offset: checkpoint.offset + records.length } };
    }
    if (checkpoint.cursor === "") return null;
    const records: FetchedRecord[] = [];
    let cursor = checkpoint.cursor;
    for (;;) {
      const page = await history.page(resource, search, cursor);
      records.push(...page.records);
      cursor = page.hasNextPage ? page.endCursor : "";
      if (!page.hasNextPage || records.length >= stepRecords) break;
    }
    if (records.length === 0) return null;
    return { records, next: { ...checkpoint, cursor } };
  }

  /** One step; "done" when every resource is read, "stopped" when the run is no longer running. */
  async function step(runId: string): Promise<"more" | "done" | "stopped"> {
    const run = await deps.store.get(runId);
    if (!run || run.status !== "running") return "stopped";
    const resource = run.resources[run.checkpoint.index];
    if (!resource) {
      await deps.store.transition(run.id, ["running"], "completed", { report: report(run) });
      return "done";
    }
    const history = await deps.history(run.shop);
    const slice = await readSlice(run, history, resource);
    if (!slice) {
      await deps.store.saveStep(run.id, { ...START_CHECKPOINT, index: run.checkpoint.index + 1 }, run.progress);
      return "more";
    }
    const eventIds = await deps.store.storeEvents(run.shop, resource, run.id, slice.records, deps.apiVersion);
    await deps.afterStore?.(run);
    const summary = eventIds.length > 0 ? await deps.engine.processBatch(eventIds) : null;
    if (summary && summary.failedShops.length > 0) throw new BackfillError(`Syncing the backfilled records failed: ${summary.failedShops[0].error}`);
    const progress = { ...(run.progress[resource] ?? emptyProgress()) };
    progress.read += slice.records.length;
    progress.synced += summary?.synced ?? 0;
    progress.skipped += (summary?.skipped ?? 0) + (slice.records.length - eventIds.length);
    progress.failed += (summary?.needsAttention ?? 0) + (summary?.dead ?? 0);
    run.progress[resource] = progress;
    await deps.store.saveStep(run.id, slice.next, run.progress);
    if (summary && summary.pausedShops.length > 0) {
      await deps.store.transition(run.id, ["running"], "paused", { lastError: summary.pausedShops[0].reason });
      return "stopped";
    }
    return "more";
  }

  function report(run: BackfillRunRow) {
    return { finishedAt: now().toISOString(), resources: run.progress };
  }

  return {
    estimate,
    step,
    async create(shop: string, request: BackfillRequest): Promise<{ run: BackfillRunRow; estimate: BackfillEstimate }> {
      const planned = await estimate(shop, request);
      const run = await deps.store.create(shop, request.resources, request.range, planned);
      return { run, estimate: planned };
    },
    /** Starts (or resumes) a run: one job at a time per run (singleton key). */
    async start(queue: PgBoss, runId: string): Promise<boolean> {
      // The web process starts runs before any worker may have created the queue.
      await ensureBackfillQueue(queue);
      const moved = await deps.store.transition(runId, ["planned", "paused", "failed"], "running", { lastError: null });
      if (moved) await queue.send(BACKFILL_QUEUE, { runId }, { singletonKey: runId });
      return moved;
    },
    pause: (runId: string) => deps.store.transition(runId, ["running"], "paused"),
    cancel: (runId: string) => deps.store.transition(runId, ["planned", "running", "paused"], "canceled"),
    /** A step threw: the page shows why while pg-boss retries; after the last retry the run is failed. */
    async recordFailure(runId: string, error: unknown, final: boolean): Promise<void> {
      const message = error instanceof Error ? error.message : String(error);
      if (final) await deps.store.transition(runId, ["running"], "failed", { lastError: message });
      else await deps.store.transition(runId, ["running"], "running", { lastError: `Retrying after an error: ${message}` });
    },
    /** Runs steps until the run is done or stopped (the job handler). */
    async runToEnd(runId: string): Promise<"done" | "stopped"> {
      for (;;) {
        const outcome = await step(runId);
        if (outcome !== "more") return outcome;
      }
    },
  };
}

export type BackfillService = ReturnType<typeof createBackfillService>;

export async function ensureBackfillQueue(queue: PgBoss): Promise<void> {
  if (!(await queue.getQueue(BACKFILL_QUEUE))) {
    await queue.createQueue(BACKFILL_QUEUE, { policy: "standard", retryLimit: BACKFILL_RETRY_LIMIT, retryDelay: 2, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 });
  }
}

/** Registers the backfill job: a killed worker's job is retried (heartbeat) and resumes at its checkpoint. */
export async function startBackfillWorker(queue: PgBoss, service: BackfillService, onError?: (error: unknown) => void): Promise<string> {
  await ensureBackfillQueue(queue);
  const retryLimit = (await queue.getQueue(BACKFILL_QUEUE))?.retryLimit ?? BACKFILL_RETRY_LIMIT;
  return queue.work<{ runId: string }>(BACKFILL_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    try {
      await service.runToEnd(job.data.runId);
    } catch (error) {
      onError?.(error);
      await service.recordFailure(job.data.runId, error, job.retryCount >= retryLimit).catch((recordError: unknown) => onError?.(recordError));
      throw error;
    }
  });
}
