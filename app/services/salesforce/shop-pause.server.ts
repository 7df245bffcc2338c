import type { Prisma, PrismaClient } from "@prisma/client";

// Shop.syncPausedAt/syncPauseReason: the worker leaves a paused shop's events queued. This module owns
// the Salesforce reasons only and never clears a pause it did not set.

export const SALESFORCE_PAUSE_REASONS = ["salesforce-needs-reauth", "salesforce-not-connected", "salesforce-api-budget"] as const;
export type SalesforcePauseReason = (typeof SALESFORCE_PAUSE_REASONS)[number];

type Db = PrismaClient | Prisma.TransactionClient;

// A re-authorization pause outranks a budget pause: resuming the budget must not hide a dead token.
const RANK: Record<SalesforcePauseReason, number> = {
  "salesforce-api-budget": 1,
  "salesforce-not-connected": 2,
  "salesforce-needs-reauth": 3,
};

export async function pauseShopSync(db: Db, shop: string, reason: SalesforcePauseReason, at: Date): Promise<void> {
  const current = await db.shop.findUnique({ where: { shop }, select: { syncPausedAt: true, syncPauseReason: true } });
  if (!current) {
    await db.shop.create({ data: { shop, syncPausedAt: at, syncPauseReason: reason } });
    return;
  }
  const currentRank = RANK[current.syncPauseReason as SalesforcePauseReason] ?? Number.POSITIVE_INFINITY;
  if (current.syncPausedAt && currentRank >= RANK[reason]) return;
  await db.shop.update({ where: { shop }, data: { syncPausedAt: at, syncPauseReason: reason } });
}

export async function resumeShopSync(db: Db, shop: string, reasons: readonly SalesforcePauseReason[]): Promise<void> {
  await db.shop.updateMany({
    where: { shop, syncPauseReason: { in: [...reasons] } },
    data: { syncPausedAt: null, syncPauseReason: null },
  });
}

export function isSalesforcePauseReason(value: string | null | undefined): value is SalesforcePauseReason {
  return (SALESFORCE_PAUSE_REASONS as readonly string[]).includes(value ?? "");
}
