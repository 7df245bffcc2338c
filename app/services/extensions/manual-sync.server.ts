import type { WebhookInbox } from "../store/webhook-inbox.server";
import type { FetchOutcome, ShopifyAdminRecords } from "../shopify/admin-records.server";

// "Sync to Salesforce" from the admin (one record, or a selection on an index page): the current records
// are read from Shopify's Admin API and stored in the same durable inbox as webhooks, as the `…/updated`
// event their webhook would be. So the same rules hold:
// - idempotent: the dedupe key is the record's version (`admin-sync:<id>:<updated_at>`), so clicking
//   twice, or two staff members clicking at once, stores the version once (unique index);
// - newest wins: `sourceUpdatedAt` is the record's `updated_at`, so an older version never overwrites a
//   newer one already applied, and an unchanged record is skipped by its content hash without an API call.

export const SYNC_RESOURCES = ["order", "customer"] as const;
export type SyncResource = (typeof SYNC_RESOURCES)[number];
/** As many ids as an index page can select at once (Shopify's bulk selection is 250 per page). */
export const MAX_SELECTION = 250;

const TOPIC = { order: "orders/updated", customer: "customers/update" } as const;

export interface ManualSyncOutcome {
  /** New events stored and queued. */
  queued: number;
  /** Versions that were already in the inbox (queued earlier, or already synced at this version). */
  alreadyQueued: number;
  /** Ids Shopify did not return for this shop (deleted, or not the shop's). */
  notFound: string[];
}

export function createManualSync(deps: { inbox: WebhookInbox; apiVersion: string; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    async queue(shop: string, resource: SyncResource, reader: ShopifyAdminRecords, ids: readonly string[]): Promise<ManualSyncOutcome> {
      const unique = [...new Set(ids)];
      const fetched: FetchOutcome = resource === "order" ? await reader.orders(unique) : await reader.customers(unique);
      const outcome: ManualSyncOutcome = { queued: 0, alreadyQueued: 0, notFound: fetched.missing };
      // All at once: the inbox commits concurrent deliveries together (group commit), duplicates included.
      const received = await Promise.all(
        fetched.records.map((record) => {
          const updatedAt = new Date(record.updatedAt);
          const dedupeKey = `admin-sync:${record.shopifyId}:${updatedAt.toISOString()}`;
          return deps.inbox.receive({
            shop,
            topic: TOPIC[resource],
            resource,
            shopifyId: record.shopifyId,
            dedupeKey,
            eventId: null,
            webhookId: dedupeKey,
            triggeredAt: now(),
            sourceUpdatedAt: Number.isNaN(updatedAt.getTime()) ? null : updatedAt,
            apiVersion: deps.apiVersion,
            payload: record.payload,
            payloadBytes: Buffer.byteLength(JSON.stringify(record.payload)),
            sync: true,
          });
        }),
      );
      for (const result of received) {
        if (result.stored) outcome.queued += 1;
        else outcome.alreadyQueued += 1;
      }
      return outcome;
    },
  };
}

export type ManualSync = ReturnType<typeof createManualSync>;
