import { Prisma, type PrismaClient } from "@prisma/client";
import type { ConnectionStatusView } from "../salesforce/connection-status.server";
import { FAILED_STATUSES, PENDING_STATUSES } from "./activity-query.server";

// The home page's numbers. Each query stays on one of WebhookEvent's indexes: the chart (and today's
// counts, its last day) on (shop, receivedAt DESC, id), the backlog and the latest problems on
// (shop, status, receivedAt DESC). The chart reads the events of its 14 days; a shop far beyond ~100,000
// events a fortnight would want a daily rollup instead.

export const CHART_DAYS = 14;

export interface DashboardView {
  connection: ConnectionStatusView;
  checklist: Array<{ id: string; label: string; done: boolean; url: string; action: string }>;
  /** Since 00:00 UTC. */
  today: { synced: number; failed: number; pending: number; received: number };
  backlog: { pending: number; oldestPendingAt: string | null; oldestPendingMinutes: number | null; needsAttention: number; dead: number };
  /** Oldest day first, CHART_DAYS entries (UTC days). */
  chart: Array<{ day: string; synced: number; failed: number }>;
  problems: Array<{ id: string; topic: string; shopifyId: string | null; status: string; lastError: string | null; receivedAt: string }>;
}

const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
const dayKey = (date: Date) => date.toISOString().slice(0, 10);
const OPEN = [...PENDING_STATUSES, ...FAILED_STATUSES];

export function createDashboard(deps: { prisma: PrismaClient; salesforce: { status(shop: string): Promise<ConnectionStatusView> }; clock?: () => Date }) {
  const { prisma } = deps;
  const clock = deps.clock ?? (() => new Date());

  return {
    async load(shop: string): Promise<DashboardView> {
      const today = startOfUtcDay(clock());
      const since = new Date(today.getTime() - (CHART_DAYS - 1) * 86_400_000);
      const [connection, dayRows, openRows, problems, mappings, synced] = await Promise.all([
        deps.salesforce.status(shop),
        // One pass over the chart's days gives both the chart and today's counts.
        prisma.$queryRaw<Array<{ day: Date; status: string; n: number }>>`
          SELECT date_trunc('day', "receivedAt") AS day, status, count(*)::int AS n
            FROM "WebhookEvent" WHERE shop = ${shop} AND "receivedAt" >= ${since} GROUP BY 1, 2`,
        prisma.$queryRaw<Array<{ status: string; n: number; oldest: Date }>>`
          SELECT status, count(*)::int AS n, min("receivedAt") AS oldest FROM "WebhookEvent"
           WHERE shop = ${shop} AND status IN (${Prisma.join(OPEN)}) GROUP BY status`,
        prisma.webhookEvent.findMany({
          where: { shop, status: { in: [...FAILED_STATUSES] } },
          orderBy: { receivedAt: "desc" },
          take: 5,
          select: { id: true, topic: true, shopifyId: true, status: true, lastError: true, receivedAt: true },
        }),
        prisma.mappingSet.count({ where: { shop } }),
        prisma.webhookEvent.findFirst({ where: { shop, status: "synced" }, select: { id: true } }),
      ]);
      const count = (rows: Array<{ status: string; n: number }>, statuses: readonly string[]) =>
        rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row.n, 0);
      const pendingRows = openRows.filter((row) => (PENDING_STATUSES as readonly string[]).includes(row.status));
      const oldest = pendingRows.map((row) => row.oldest.getTime()).sort((a, b) => a - b)[0];
      const todayRows = dayRows.filter((row) => row.day.getTime() >= today.getTime());
      const perDay = (day: string, statuses: readonly string[]) => count(dayRows.filter((row) => dayKey(row.day) === day), statuses);
      const connected = connection.status === "connected";
      return {
        connection,
        checklist: [
          { id: "connect", label: "Connect your Salesforce org", done: connected, url: "/app/connection", action: "Connect" },
          { id: "setup", label: "Run the setup check (objects and external ID fields)", done: connection.health?.ready === true, url: "/app/connection", action: "Run check" },
          { id: "mappings", label: "Review the field mappings", done: mappings > 0, url: "/app/mappings", action: "Review" },
          { id: "first-sync", label: "First record synced to Salesforce", done: synced !== null, url: "/app/activity", action: "View activity" },
        ],
        today: {
          synced: count(todayRows, ["synced"]),
          failed: count(todayRows, FAILED_STATUSES),
          pending: count(todayRows, PENDING_STATUSES),
          received: count(todayRows, todayRows.map((row) => row.status)),
        },
        backlog: {
          pending: count(openRows, PENDING_STATUSES),
          oldestPendingAt: oldest === undefined ? null : new Date(oldest).toISOString(),
          // Computed here, not in the page: "now" must not differ between server render and hydration.
          oldestPendingMinutes: oldest === undefined ? null : Math.max(0, Math.round((clock().getTime() - oldest) / 60_000)),
          needsAttention: count(openRows, ["needs-attention"]),
          dead: count(openRows, ["dead"]),
        },
        chart: Array.from({ length: CHART_DAYS }, (_, i) => {
          const day = dayKey(new Date(since.getTime() + i * 86_400_000));
          return { day, synced: perDay(day, ["synced"]), failed: perDay(day, FAILED_STATUSES) };
        }),
        problems: problems.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() })),
      };
    },
  };
}

export type Dashboard = ReturnType<typeof createDashboard>;
