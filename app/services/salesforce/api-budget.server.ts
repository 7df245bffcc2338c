import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logging/logger.server";
import { isSalesforcePauseReason, pauseShopSync, resumeShopSync } from "./shop-pause.server";

// Salesforce's daily API allocation is shared by every integration of the org. We keep a reserve
// (SalesforceConnection.apiReservePercent, default 20%) for the merchant's other tools: below it the
// shop's sync pauses, and it resumes by itself once the rolling 24-hour usage has come down.

export interface ApiUsage {
  used: number;
  limit: number;
}

export interface BudgetDecision {
  allowed: boolean;
  /** Merchant-readable, when not allowed. */
  reason?: string;
  /** When it is worth asking again (budget pauses only). */
  resumeAt?: Date;
}

export interface BudgetState {
  used: number;
  limit: number;
  remaining: number;
  reserve: number;
  belowReserve: boolean;
}

export const DEFAULT_RECHECK_MS = 15 * 60 * 1000;

export function evaluateBudget(usage: ApiUsage, reservePercent: number): BudgetState {
  const reserve = Math.ceil((usage.limit * reservePercent) / 100);
  const remaining = Math.max(0, usage.limit - usage.used);
  return { ...usage, remaining, reserve, belowReserve: remaining <= reserve };
}

export function budgetMessage(state: BudgetState, reservePercent: number): string {
  return (
    `Sync is paused to leave ${reservePercent}% of your Salesforce org's daily API allocation for other tools ` +
    `(${state.used.toLocaleString("en-US")} of ${state.limit.toLocaleString("en-US")} calls used in the last 24 hours). ` +
    `It resumes by itself as the usage comes down; events are kept meanwhile.`
  );
}

export interface ApiBudget {
  record(shop: string, usage: ApiUsage): Promise<BudgetState | undefined>;
  allows(shop: string): Promise<BudgetDecision>;
}

export function createApiBudget(deps: {
  prisma: PrismaClient;
  logger: Logger;
  /** Reads the org's current usage from Salesforce (conn.limits()). */
  probe: (shop: string) => Promise<ApiUsage>;
  clock?: () => Date;
  recheckMs?: number;
}): ApiBudget {
  const { prisma, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const recheckMs = deps.recheckMs ?? DEFAULT_RECHECK_MS;

  async function record(shop: string, usage: ApiUsage): Promise<BudgetState | undefined> {
    if (!(usage.limit > 0) || !(usage.used >= 0)) return undefined;
    const now = clock();
    const rows = await prisma.salesforceConnection.updateManyAndReturn({
      where: { shop },
      data: { apiUsed: usage.used, apiLimit: usage.limit, apiUsageSeenAt: now },
      select: { apiReservePercent: true },
    });
    if (rows.length === 0) return undefined;
    const reservePercent = rows[0].apiReservePercent;
    const state = evaluateBudget(usage, reservePercent);
    if (state.belowReserve) {
      await pauseShopSync(prisma, shop, "salesforce-api-budget", now);
      logger.warn({ shop, used: usage.used, limit: usage.limit, reservePercent }, "salesforce api reserve reached: sync paused");
    } else {
      await resumeShopSync(prisma, shop, ["salesforce-api-budget"]);
    }
    return state;
  }

  return {
    record,
    async allows(shop) {
      const [connection, shopRow] = await Promise.all([
        prisma.salesforceConnection.findUnique({ where: { shop } }),
        prisma.shop.findUnique({ where: { shop }, select: { syncPausedAt: true, syncPauseReason: true } }),
      ]);
      if (!connection || connection.status !== "connected") {
        return { allowed: false, reason: connection?.statusMessage ?? "Salesforce is not connected." };
      }
      const pausedFor = shopRow?.syncPausedAt ? shopRow.syncPauseReason : null;
      if (pausedFor && pausedFor !== "salesforce-api-budget") {
        return { allowed: false, reason: isSalesforcePauseReason(pausedFor) ? connection.statusMessage ?? pausedFor : pausedFor };
      }
      if (pausedFor === "salesforce-api-budget") {
        const seenAt = connection.apiUsageSeenAt ?? shopRow?.syncPausedAt ?? clock();
        const resumeAt = new Date(seenAt.getTime() + recheckMs);
        const pausedState = evaluateBudget({ used: connection.apiUsed ?? 0, limit: connection.apiLimit ?? 0 }, connection.apiReservePercent);
        if (clock() < resumeAt) return { allowed: false, reason: budgetMessage(pausedState, connection.apiReservePercent), resumeAt };
        // Time to look again: one call to /limits tells whether the rolling window has freed enough.
        const state = await record(shop, await deps.probe(shop));
        if (state?.belowReserve) {
          return { allowed: false, reason: budgetMessage(state, connection.apiReservePercent), resumeAt: new Date(clock().getTime() + recheckMs) };
        }
        return { allowed: true };
      }
      return { allowed: true };
    },
  };
}
