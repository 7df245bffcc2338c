import type { PrismaClient } from "@prisma/client";
import type { EventBatchProcessor } from "../../worker.server";

/**
 * The processor used when no Salesforce sync engine is configured for the process: it records, in the
 * append-only attempt history, that each event reached a worker, and leaves the event queued for the
 * sync engine.
 */
export function createReceivedRecorder(prisma: PrismaClient): EventBatchProcessor {
  return {
    async processBatch(eventIds) {
      const events = await prisma.webhookEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, shop: true } });
      const now = new Date();
      await prisma.syncAttempt.createMany({
        data: events.map((event) => ({
          shop: event.shop,
          eventId: event.id,
          attempt: 0,
          outcome: "received",
          startedAt: now,
          finishedAt: now,
        })),
      });
    },
  };
}
