import type { PrismaClient } from "@prisma/client";
import type { SyncResource } from "../../sync/sync-resource";
import { samplePayload } from "./samples";

// The payloads a merchant can try a mapping or a rule on: Shopify's sample, or the shop's most recent real
// event of that resource (never another shop's).

export const PAYLOAD_SOURCES = ["sample", "recent"] as const;
export type PayloadSource = (typeof PAYLOAD_SOURCES)[number];

export interface PayloadChoice {
  payload: unknown;
  /** What the result is about, for the merchant: "Shopify's sample customer" / "customers/update received …". */
  label: string;
  eventId: string | null;
}

export interface RecentEventInfo {
  eventId: string;
  topic: string;
  shopifyId: string | null;
  receivedAt: string;
}

// customers/delete carries only the id: nothing to map.
const recentWhere = (shop: string, resource: SyncResource) => ({ shop, resource, topic: { not: "customers/delete" } });

export async function recentEventInfo(prisma: PrismaClient, shop: string, resource: SyncResource): Promise<RecentEventInfo | null> {
  const row = await prisma.webhookEvent.findFirst({
    where: recentWhere(shop, resource),
    orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
    select: { id: true, topic: true, shopifyId: true, receivedAt: true },
  });
  return row ? { eventId: row.id, topic: row.topic, shopifyId: row.shopifyId, receivedAt: row.receivedAt.toISOString() } : null;
}

/** null when the shop has no real event of the resource yet. */
export async function loadPayload(prisma: PrismaClient, shop: string, resource: SyncResource, source: PayloadSource): Promise<PayloadChoice | null> {
  if (source === "sample") return { payload: samplePayload(resource), label: `Shopify's sample ${resource} payload`, eventId: null };
  const row = await prisma.webhookEvent.findFirst({
    where: recentWhere(shop, resource),
    orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
    select: { id: true, topic: true, shopifyId: true, receivedAt: true, payload: true },
  });
  if (!row) return null;
  return { payload: row.payload, label: `${row.topic} for ${row.shopifyId ?? "?"}, received ${row.receivedAt.toISOString()}`, eventId: row.id };
}
