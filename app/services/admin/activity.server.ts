import type { PrismaClient } from "@prisma/client";
import { waitingForParent } from "./waiting-for.server";
import { canTransition, isEventStatus, type EventStatus } from "../../sync/event-status";
import { idString } from "../../sync/normalize-ids";
import type { ReplayService } from "../store/replay.server";
import { activityQuery, encodeCursor, type ActivityFilters, type ActivityRow } from "./activity-query.server";
import { salesforceRecordUrl, shopifyAdminUrl } from "./links";

export const DISCARDED_MESSAGE = "Discarded by merchant";
// Discarding is for failures only; the transition table (event-status.ts) must also allow it.
const DISCARDABLE = (["needs-attention", "dead"] as const).filter((status) => canTransition(status, "skipped"));
const PAGE_SIZE = 50;

export interface ActivityPage {
  rows: Array<Omit<ActivityRow, "receivedAt" | "processedAt"> & { receivedAt: string; processedAt: string | null; shopifyUrl: string | null }>;
  /** Cursors for the next (older) and previous (newer) page; null at either end. */
  next: string | null;
  previous: string | null;
}

export interface EventDetail {
  event: {
    id: string;
    topic: string;
    resource: string;
    shopifyId: string | null;
    status: string;
    attempts: number;
    receivedAt: string;
    processedAt: string | null;
    triggeredAt: string | null;
    mappingVersion: number | null;
    lastError: string | null;
    lastErrorCode: string | null;
    payloadBytes: number;
  };
  payloadText: string;
  shopifyUrl: string | null;
  record: { status: string; lastError: string | null; lastSyncedAt: string | null; links: Array<{ key: string; id: string; url: string | null }> } | null;
  attempts: Array<{ id: string; attempt: number; outcome: string; apiCalls: number; errorCode: string | null; errorMessage: string | null; warnings: string[]; startedAt: string; durationMs: number }>;
  canReplay: boolean;
  canDiscard: boolean;
  /** "order #1001" when the event waits for its parent to reach Salesforce (waiting-for.server.ts). */
  waitingFor?: string | null;
}

export type ActionOutcome = { ok: true; count: number } | { ok: false; message: string };

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function createActivity(deps: { prisma: PrismaClient; replay: () => Promise<ReplayService>; instanceUrl: (shop: string) => Promise<string | null> }) {
  const { prisma } = deps;

  async function findStatus(shop: string, id: string): Promise<EventStatus | null> {
    const row = await prisma.webhookEvent.findFirst({ where: { id, shop }, select: { status: true } });
    return row && isEventStatus(row.status) ? row.status : null;
  }

  return {
    async list(shop: string, filters: ActivityFilters): Promise<ActivityPage> {
      const rows = await prisma.$queryRaw<ActivityRow[]>(activityQuery(shop, filters, PAGE_SIZE + 1));
      const backwards = !filters.after && Boolean(filters.before);
      const more = rows.length > PAGE_SIZE;
      const page = rows.slice(0, PAGE_SIZE);
      if (backwards) page.reverse();
      const first = page[0];
      const last = page[page.length - 1];
      return {
        rows: page.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString(), processedAt: iso(row.processedAt), shopifyUrl: shopifyAdminUrl(shop, row.resource, row.shopifyId) })),
        next: last && (backwards || more) ? encodeCursor(last) : null,
        previous: first && (backwards ? more : Boolean(filters.after)) ? encodeCursor(first) : null,
      };
    },

    /** null when the event is not this shop's. */
    async detail(shop: string, id: string): Promise<EventDetail | null> {
      const event = await prisma.webhookEvent.findFirst({ where: { id, shop } });
      if (!event) return null;
      const [record, attempts, instanceUrl, waitingFor] = await Promise.all([
        event.shopifyId
          ? prisma.syncRecord.findUnique({ where: { shop_resource_shopifyId: { shop, resource: event.resource, shopifyId: event.shopifyId } } })
          : null,
        prisma.syncAttempt.findMany({ where: { eventId: event.id, shop }, orderBy: { startedAt: "asc" }, take: 100 }),
        deps.instanceUrl(shop),
        waitingForParent(prisma, event),
      ]);
      const payload = event.payload as Record<string, unknown> | null;
      const status = isEventStatus(event.status) ? event.status : null;
      return {
        event: {
          id: event.id,
          topic: event.topic,
          resource: event.resource,
          shopifyId: event.shopifyId,
          status: event.status,
          attempts: event.attempts,
          receivedAt: event.receivedAt.toISOString(),
          processedAt: iso(event.processedAt),
          triggeredAt: iso(event.triggeredAt),
          mappingVersion: event.mappingVersion,
          lastError: event.lastError,
          lastErrorCode: event.lastErrorCode,
          payloadBytes: event.payloadBytes,
        },
        payloadText: JSON.stringify(event.payload, null, 2),
        waitingFor,
        shopifyUrl: shopifyAdminUrl(shop, event.resource, event.shopifyId, idString(payload?.order_id)),
        record: record && {
          status: record.status,
          lastError: record.lastError,
          lastSyncedAt: iso(record.lastSyncedAt),
          links: Object.entries((record.salesforceIds ?? {}) as Record<string, string>).map(([key, sfId]) => ({ key, id: sfId, url: salesforceRecordUrl(instanceUrl, sfId) })),
        },
        attempts: attempts.map((attempt) => ({
          id: attempt.id,
          attempt: attempt.attempt,
          outcome: attempt.outcome,
          apiCalls: attempt.apiCalls,
          errorCode: attempt.errorCode,
          errorMessage: attempt.errorMessage,
          warnings: Array.isArray(attempt.warnings) ? attempt.warnings.map(String) : [],
          startedAt: attempt.startedAt.toISOString(),
          durationMs: attempt.durationMs,
        })),
        canReplay: status !== null && status !== "queued" && canTransition(status, "queued") && ["customer", "order", "refund", "reverse:customer"].includes(event.resource),
        canDiscard: status !== null && (DISCARDABLE as readonly string[]).includes(status),
      };
    },

    /** null when the event is not this shop's. */
    async replay(shop: string, id: string): Promise<ActionOutcome | null> {
      if ((await findStatus(shop, id)) === null) return null;
      const count = await (await deps.replay()).replayEvents(shop, [id]);
      return count === 1 ? { ok: true, count } : { ok: false, message: "This event is already waiting to sync, or cannot be synced." };
    },

    async replayNeedsAttention(shop: string): Promise<ActionOutcome> {
      return { ok: true, count: await (await deps.replay()).replayNeedsAttention(shop) };
    },

    /** needs-attention/dead → skipped, with an attempt row saying who and why. null when not this shop's. */
    async discard(shop: string, id: string): Promise<ActionOutcome | null> {
      const status = await findStatus(shop, id);
      if (status === null) return null;
      if (!(DISCARDABLE as readonly string[]).includes(status)) return { ok: false, message: `Only events that need attention or are dead can be discarded (this one is ${status}).` };
      return prisma.$transaction(async (tx) => {
        const now = new Date();
        // `status` in the WHERE: a replay or the worker that got there first wins.
        const moved = await tx.webhookEvent.updateMany({
          where: { id, shop, status },
          data: { status: "skipped", lastError: DISCARDED_MESSAGE, lastErrorCode: "DISCARDED", processedAt: now },
        });
        if (moved.count === 0) return { ok: false as const, message: "This event changed meanwhile; reload to see its status." };
        const event = await tx.webhookEvent.findUniqueOrThrow({ where: { id }, select: { attempts: true } });
        await tx.syncAttempt.create({
          data: { shop, eventId: id, attempt: event.attempts, outcome: "skipped", errorCode: "DISCARDED", errorMessage: DISCARDED_MESSAGE, startedAt: now, finishedAt: now },
        });
        return { ok: true as const, count: 1 };
      });
    },
  };
}

export type Activity = ReturnType<typeof createActivity>;
