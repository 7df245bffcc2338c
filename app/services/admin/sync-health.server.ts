import type { PrismaClient } from "@prisma/client";
import { WAITING_FOR_PARENT_CODE } from "../store/dependency-revival.server";

// Told, not discovered: the banners every admin page shows when the shop's sync needs the merchant —
// paused by an org outage, events that failed, records waiting on a parent for over an hour — each with
// the action that fixes it.

export const WAITING_BANNER_AFTER_MS = 60 * 60_000;

export interface SyncHealthBanner {
  id: "outage" | "failed" | "waiting";
  tone: "critical" | "warning";
  title: string;
  message: string;
  action: { content: string; url: string };
}

export function createSyncHealth(deps: { prisma: PrismaClient; clock?: () => Date }) {
  const { prisma } = deps;
  const clock = deps.clock ?? (() => new Date());
  return {
    async banners(shop: string): Promise<SyncHealthBanner[]> {
      const waitingSince = new Date(clock().getTime() - WAITING_BANNER_AFTER_MS);
      const [shopRow, failed, waiting] = await Promise.all([
        prisma.shop.findUnique({ where: { shop }, select: { syncOutageSince: true, syncOutageReason: true } }),
        prisma.webhookEvent.groupBy({ by: ["status"], where: { shop, status: { in: ["needs-attention", "dead"] } }, _count: { _all: true } }),
        prisma.webhookEvent.count({ where: { shop, status: { in: ["queued", "dead"] }, lastErrorCode: WAITING_FOR_PARENT_CODE, receivedAt: { lt: waitingSince } } }),
      ]);
      const banners: SyncHealthBanner[] = [];
      if (shopRow?.syncOutageSince) {
        banners.push({
          id: "outage",
          tone: "critical",
          title: `Sync is paused: Salesforce has not answered since ${shopRow.syncOutageSince.toISOString().slice(0, 16).replace("T", " ")} UTC`,
          message: `${shopRow.syncOutageReason ?? "Salesforce could not be reached"}. Events are kept and resume by themselves when Salesforce answers; check the org and the connection.`,
          action: { content: "Check the connection", url: "/app/connection" },
        });
      }
      const failedCount = failed.reduce((sum, row) => sum + row._count._all, 0);
      if (failedCount > 0) {
        banners.push({
          id: "failed",
          tone: "warning",
          title: `${failedCount} event${failedCount === 1 ? "" : "s"} did not sync`,
          message: "Each says why. Fix the cause (a field, a rule, the mapping), then replay them.",
          action: { content: "Review and replay", url: "/app/activity?status=failed" },
        });
      }
      if (waiting > 0) {
        banners.push({
          id: "waiting",
          tone: "warning",
          title: `${waiting} record${waiting === 1 ? " has" : "s have"} waited over an hour for an order or customer`,
          message: "They are sent by themselves once their order or customer reaches Salesforce. If it never came from Shopify, sync it from the order's or customer's page.",
          action: { content: "See waiting events", url: "/app/activity?status=pending" },
        });
      }
      return banners;
    },
  };
}
