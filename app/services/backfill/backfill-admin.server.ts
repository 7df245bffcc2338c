import type { CompletenessView, EstimateView, RunView } from "../../components/backfill/backfill-views";
import { getAppContext } from "../../context.server";
import { salesforce } from "../../salesforce.server";
import { authenticate } from "../../shopify.server";
import { BACKFILL_RESOURCES, type BackfillResource, type DateRange } from "../../sync/backfill-plan";
import { requestReconciliation } from "../reconciliation/reconcile.server";
import type { BackfillRunRow } from "./backfill-store.server";
import { BackfillError, type BackfillRequest } from "./backfill.server";
import { createPullSync, webOnlyEngine, type ShopifyAdminAccess } from "./pull-sync.server";

// What the /app/backfill page and the Home completeness card do, for the session's shop only: estimate
// and start runs (the worker runs the steps), pause/resume/cancel, progress, and "Check now".

const API_VERSION = "2026-10";
const DAY_MS = 86_400_000;

export interface BackfillForm {
  resources: string[];
  from: string;
  to: string;
}

/** The form's resources and dates as a request; a bad range is a BackfillError with what to fix. */
export function parseBackfillForm(form: BackfillForm, now = new Date()): BackfillRequest {
  const resources = BACKFILL_RESOURCES.filter((resource) => form.resources.includes(resource));
  const unknown = form.resources.filter((resource) => !(BACKFILL_RESOURCES as readonly string[]).includes(resource));
  if (unknown.length > 0) throw new BackfillError(`Unknown resource: ${unknown.join(", ")}. Choose customers and/or orders.`);
  const day = (value: string, label: string): Date | null => {
    if (value.trim() === "") return null;
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!date || date.toISOString().slice(0, 10) !== value.trim()) throw new BackfillError(`The ${label} date "${value}" is not a date; use YYYY-MM-DD.`);
    return date;
  };
  const from = day(form.from, "start");
  const toDay = day(form.to, "end");
  if (toDay && toDay.getTime() > now.getTime()) throw new BackfillError("The date range cannot end in the future.");
  if (from && toDay && from.getTime() > toDay.getTime()) throw new BackfillError("The start date must be on or before the end date.");
  // The end date is inclusive: up to the end of that day, or now for today.
  const to = toDay ? new Date(Math.min(toDay.getTime() + DAY_MS, now.getTime())) : null;
  const range: DateRange = { from, to };
  return { resources: resources as BackfillResource[], range };
}

/** Shopify's authenticate.admin, keeping the Admin API client and the granted scopes for the estimate. */
export async function requireShopifyAdmin(request: Request): Promise<{ shop: string; access: ShopifyAdminAccess }> {
  const { session, admin } = await authenticate.admin(request);
  return {
    shop: session.shop,
    access: { graphql: (query, options) => admin.graphql(query, options), scopes: (session.scope ?? "").split(",").filter(Boolean) },
  };
}

async function pullSyncFor(shop: string, access: ShopifyAdminAccess | null) {
  const context = await getAppContext();
  const pullSync = createPullSync({
    pool: context.pool,
    connections: salesforce,
    shopifyFor: async (forShop) => {
      if (forShop !== shop || !access) throw new Error("The Shopify Admin API is only reachable in the merchant's request.");
      return access;
    },
    engine: webOnlyEngine,
    apiVersion: API_VERSION,
  });
  return { ...pullSync, queue: context.queue };
}

/** The shop's run, or null for another shop's id (never visible). */
async function ownRun(shop: string, runId: string): Promise<BackfillRunRow | null> {
  const { store } = await pullSyncFor(shop, null);
  const run = await store.get(runId);
  return run && run.shop === shop ? run : null;
}

export type RunAction = "pause" | "resume" | "cancel";

export const backfillAdmin = {
  async estimate(shop: string, access: ShopifyAdminAccess, request: BackfillRequest) {
    return (await pullSyncFor(shop, access)).backfill.estimate(shop, request);
  },

  /** Plans the run (estimate saved with it) and queues its job. */
  async start(shop: string, access: ShopifyAdminAccess, request: BackfillRequest): Promise<BackfillRunRow> {
    const pullSync = await pullSyncFor(shop, access);
    const active = await pullSync.store.latest(shop);
    if (active && ["running", "paused", "planned"].includes(active.status)) throw new BackfillError("A backfill is already in progress: finish or cancel it first.");
    const { run } = await pullSync.backfill.create(shop, request);
    await pullSync.backfill.start(pullSync.queue, run.id);
    return (await pullSync.store.get(run.id)) ?? run;
  },

  /** Pause, resume or cancel; false when the run is not the shop's or not in a state that allows it. */
  async change(shop: string, runId: string, action: RunAction): Promise<boolean> {
    if (!(await ownRun(shop, runId))) return false;
    const pullSync = await pullSyncFor(shop, null);
    if (action === "pause") return pullSync.backfill.pause(runId);
    if (action === "cancel") return pullSync.backfill.cancel(runId);
    return pullSync.backfill.start(pullSync.queue, runId);
  },

  async latestRun(shop: string): Promise<BackfillRunRow | null> {
    return (await pullSyncFor(shop, null)).store.latest(shop);
  },

  /** Home's completeness card: the last completed reconciliation per resource, and a pending "Check now". */
  async completeness(shop: string): Promise<CompletenessView> {
    const pullSync = await pullSyncFor(shop, null);
    const { rows } = await (await getAppContext()).pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reconcile' AND data->>'shop' = $1 AND state IN ('created', 'retry', 'active')`,
      [shop],
    );
    // A check that failed after the last one that completed (or with none completed) is shown with its error.
    const failed = await (await getAppContext()).pool.query<{ resource: string; failedAt: Date; error: string | null }>(
      `SELECT DISTINCT ON (resource) resource, "finishedAt" AS "failedAt", "lastError" AS error FROM "ReconciliationRun" r
        WHERE shop = $1 AND status = 'failed' AND NOT EXISTS (
          SELECT 1 FROM "ReconciliationRun" c WHERE c.shop = r.shop AND c.resource = r.resource AND c.status = 'completed' AND c."startedAt" > r."startedAt")
        ORDER BY resource, "startedAt" DESC`,
      [shop],
    );
    const failures = failed.rows.map((row) => ({ resource: row.resource, failedAt: row.failedAt, error: row.error ?? "unknown error" }));
    return toJson<CompletenessView>({ resources: await pullSync.reconciler.latest(shop), failures, checking: rows[0].n > 0 });
  },

  /** "Check now": the worker reconciles the shop's customers and orders. */
  async checkNow(shop: string): Promise<void> {
    await requestReconciliation((await getAppContext()).queue, shop);
  },
};

/** Dates to ISO strings, as the page receives them. */
function toJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function toEstimateView(estimate: unknown): EstimateView {
  return toJson<EstimateView>(estimate);
}

export function toRunView(run: BackfillRunRow): RunView {
  const progress = toJson<RunView["progress"]>(run.progress);
  const estimate = run.estimate && typeof run.estimate === "object" && "objects" in run.estimate ? toEstimateView(run.estimate) : null;
  // A resource not reached yet has no count of its own: its estimate stands in.
  const expected = (resource: string) => progress[resource]?.total ?? estimate?.resources.find((item) => item.resource === resource)?.records ?? 0;
  const total = run.resources.reduce((sum, resource) => sum + expected(resource), 0);
  const read = run.resources.reduce((sum, resource) => sum + (progress[resource]?.read ?? 0), 0);
  const percent = run.status === "completed" ? 100 : total > 0 ? Math.min(99, Math.floor((read / total) * 100)) : 0;
  return {
    id: run.id,
    status: run.status,
    resources: run.resources,
    from: run.range.from?.toISOString() ?? null,
    to: run.range.to?.toISOString() ?? null,
    estimate,
    progress,
    percent,
    report: (run.report as RunView["report"]) ?? null,
    lastError: run.lastError,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
