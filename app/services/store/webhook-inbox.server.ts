import type { Prisma, PrismaClient } from "@prisma/client";
import { fromPrisma, type PgBoss } from "pg-boss";
import type { WebhookResource, WebhookTopic } from "../../sync/webhook-topics";
import { enqueueSyncJob, recordJobKey } from "../queue/sync-queue.server";

export interface IncomingWebhookEvent {
  shop: string;
  topic: WebhookTopic;
  resource: WebhookResource;
  shopifyId: string | null;
  /** X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  dedupeKey: string;
  eventId: string | null;
  webhookId: string;
  triggeredAt: Date | null;
  sourceUpdatedAt: Date | null;
  apiVersion: string;
  payload: Prisma.InputJsonValue;
  payloadBytes: number;
  /** Whether the event goes to the sync worker (orders, customers, refunds). */
  sync: boolean;
}

export type ReceiveOutcome = { stored: true; id: string } | { stored: false; reason: "duplicate" };

export interface WebhookInbox {
  receive(event: IncomingWebhookEvent): Promise<ReceiveOutcome>;
}

/**
 * The durable inbox. One transaction inserts the event (unique on shop + topic + dedupe key) and, when it
 * is new, enqueues its pg-boss job through the same connection — so the row and the job exist together
 * or not at all, and a duplicate delivery (even a concurrent one, which waits on the unique index)
 * adds nothing.
 */
export function createWebhookInbox(deps: { prisma: PrismaClient; queue: PgBoss }): WebhookInbox {
  const { prisma, queue } = deps;
  return {
    async receive(event) {
      return await prisma.$transaction(async (tx) => {
        const inserted = await tx.webhookEvent.createManyAndReturn({
          data: [
            {
              shop: event.shop,
              topic: event.topic,
              resource: event.resource,
              shopifyId: event.shopifyId,
              dedupeKey: event.dedupeKey,
              eventId: event.eventId,
              webhookId: event.webhookId,
              triggeredAt: event.triggeredAt,
              sourceUpdatedAt: event.sourceUpdatedAt,
              apiVersion: event.apiVersion,
              payload: event.payload,
              payloadBytes: event.payloadBytes,
              status: event.sync ? "queued" : "received",
            },
          ],
          skipDuplicates: true,
          select: { id: true },
        });
        const row = inserted[0];
        if (!row) return { stored: false, reason: "duplicate" } as const;
        if (event.sync) {
          const key = recordJobKey(event.shop, event.resource, event.shopifyId, row.id);
          await enqueueSyncJob(queue, fromPrisma(tx), { eventId: row.id, shop: event.shop }, key);
        }
        if (event.topic === "app/uninstalled") {
          // Shopify has already revoked our access: forget the sessions, stop syncing, keep history.
          await tx.session.deleteMany({ where: { shop: event.shop } });
          await tx.shop.upsert({
            where: { shop: event.shop },
            create: { shop: event.shop, status: "uninstalled", uninstalledAt: new Date() },
            update: { status: "uninstalled", uninstalledAt: new Date() },
          });
        }
        return { stored: true, id: row.id } as const;
      });
    },
  };
}
