import type { Prisma, PrismaClient } from "@prisma/client";
import type { LastAttempt, RecordSyncState, RecordSyncStatus, RefundSync, SalesforceRecordLink } from "../../../extensions/shared/sync-api";
import { canTransition, isEventStatus } from "../../sync/event-status";
import { idString } from "../../sync/normalize-ids";
import { salesforceRecordUrl } from "../admin/links";
import type { SyncResource } from "./manual-sync.server";

// What the order and customer blocks show, for one Shopify record of one shop, in one request: its
// SyncRecord, its newest event, its last attempt, the Salesforce ids (with the customer's Account and
// Contact for an order, and the order's refunds), and links into the org.

const OBJECT_BY_KEY: Record<string, string> = {
  account: "Account",
  contact: "Contact",
  opportunity: "Opportunity",
  lineItem: "OpportunityLineItem",
  order: "Order",
  orderItem: "OrderItem",
  product: "Product2",
  pricebookEntry: "PricebookEntry",
  refund: "Shopify_Refund__c",
};

/** The Salesforce object of a record key (`lineItem:123` → OpportunityLineItem). */
export function objectOfKey(key: string): string {
  const base = key.split(":")[0];
  return OBJECT_BY_KEY[base] ?? base.charAt(0).toUpperCase() + base.slice(1);
}

// A queued event whose last try failed because its parent is not in Salesforce yet (webhooks arrive in any
// order; the retry waits for the parent). "waiting" is the status a dependency-aware engine may use.
const WAITING_CODE = /DEPENDENCY|PARENT/i;
const WAITING_MESSAGE = /foreign key external id|not in Salesforce yet|waiting for/i;

interface EventRow {
  id: string;
  status: string;
  lastError: string | null;
  lastErrorCode: string | null;
  receivedAt: Date;
}

/** Where one record stands, from its SyncRecord status and its newest event (pure: unit-tested). */
export function deriveState(record: { status: string } | null, newest: Pick<EventRow, "status" | "lastError" | "lastErrorCode"> | null): RecordSyncState {
  if (!record && !newest) return "never-synced";
  if (newest && (newest.status === "waiting" || newest.status === "waiting-for-dependency")) return "waiting-for-dependency";
  if (newest && (newest.status === "queued" || newest.status === "received")) {
    const waiting = (newest.lastErrorCode && WAITING_CODE.test(newest.lastErrorCode)) || (newest.lastError && WAITING_MESSAGE.test(newest.lastError));
    return waiting ? "waiting-for-dependency" : "pending";
  }
  const status = record?.status ?? newest?.status;
  switch (status) {
    case "synced":
    case "needs-attention":
    case "dead":
    case "deleted":
    case "pending":
      return status;
    case "skipped":
      return record ? "synced" : "pending";
    default:
      return "pending";
  }
}

export function createRecordStatus(deps: { prisma: PrismaClient; instanceUrl: (shop: string) => Promise<string | null>; connected: (shop: string) => Promise<boolean> }) {
  const { prisma } = deps;

  const newestEvent = (shop: string, resource: string, shopifyId: string) =>
    prisma.webhookEvent.findFirst({
      where: { shop, resource, shopifyId },
      orderBy: [{ sourceUpdatedAt: { sort: "desc", nulls: "last" } }, { receivedAt: "desc" }],
      select: { id: true, status: true, lastError: true, lastErrorCode: true, receivedAt: true },
    });

  async function refundsOf(shop: string, orderId: string, instanceUrl: string | null): Promise<RefundSync[]> {
    const events = await prisma.$queryRaw<Array<{ shopifyId: string }>>`
      SELECT DISTINCT "shopifyId" FROM "WebhookEvent"
       WHERE shop = ${shop} AND resource = 'refund' AND payload->>'order_id' = ${orderId} AND "shopifyId" IS NOT NULL
       LIMIT 50`;
    const refundIds = events.map((row) => row.shopifyId);
    if (refundIds.length === 0) return [];
    const [records, newest] = await Promise.all([
      prisma.syncRecord.findMany({ where: { shop, resource: "refund", shopifyId: { in: refundIds } } }),
      Promise.all(refundIds.map((id) => newestEvent(shop, "refund", id))),
    ]);
    return refundIds.map((refundId, index) => {
      const record = records.find((row) => row.shopifyId === refundId) ?? null;
      const ids = (record?.salesforceIds ?? {}) as Record<string, string>;
      const salesforceId = ids.refund ?? Object.values(ids)[0] ?? null;
      return {
        shopifyId: refundId,
        state: deriveState(record, newest[index]),
        salesforceId,
        url: salesforceId ? salesforceRecordUrl(instanceUrl, salesforceId) : null,
        message: record?.lastError ?? newest[index]?.lastError ?? null,
      };
    });
  }

  function links(ids: Prisma.JsonValue | undefined, instanceUrl: string | null, only?: readonly string[]): SalesforceRecordLink[] {
    const entries = Object.entries((ids ?? {}) as Record<string, string>).filter(([key]) => !only || only.includes(key.split(":")[0]));
    return entries.map(([key, id]) => ({ key, object: objectOfKey(key), id, url: salesforceRecordUrl(instanceUrl, id) }));
  }

  return {
    /** null when the id belongs to another shop that the app also serves (Shopify ids are global). */
    async status(shop: string, resource: SyncResource, shopifyId: string): Promise<RecordSyncStatus | null> {
      const [record, newest, events, instanceUrl, connected] = await Promise.all([
        prisma.syncRecord.findUnique({ where: { shop_resource_shopifyId: { shop, resource, shopifyId } } }),
        newestEvent(shop, resource, shopifyId),
        prisma.webhookEvent.count({ where: { shop, resource, shopifyId } }),
        deps.instanceUrl(shop),
        deps.connected(shop),
      ]);
      if (!record && !newest) {
        const elsewhere = await prisma.webhookEvent.findFirst({ where: { resource, shopifyId, NOT: { shop } }, select: { id: true } });
        if (elsewhere) return null;
      }

      const records = links(record?.salesforceIds, instanceUrl);
      let refunds: RefundSync[] = [];
      if (resource === "order") {
        // The order's Account and Contact are its customer's (a shared record, tracked on the customer).
        const payload = newest ? ((await prisma.webhookEvent.findUnique({ where: { id: newest.id }, select: { payload: true } }))?.payload as Record<string, unknown> | null) : null;
        const customerId = idString((payload?.customer as Record<string, unknown> | undefined)?.id);
        const [customer, orderRefunds] = await Promise.all([
          customerId ? prisma.syncRecord.findUnique({ where: { shop_resource_shopifyId: { shop, resource: "customer", shopifyId: customerId } } }) : null,
          refundsOf(shop, shopifyId, instanceUrl),
        ]);
        const own = new Set(records.map((link) => link.id));
        records.push(...links(customer?.salesforceIds, instanceUrl, ["account", "contact"]).filter((link) => !own.has(link.id)));
        refunds = orderRefunds;
      }

      const attempt = newest
        ? await prisma.syncAttempt.findFirst({
            where: { shop, eventId: newest.id },
            orderBy: { finishedAt: "desc" },
            select: { finishedAt: true, outcome: true, errorCode: true, errorMessage: true },
          })
        : null;
      const lastAttempt: LastAttempt | null = attempt
        ? { at: attempt.finishedAt.toISOString(), outcome: attempt.outcome, errorCode: attempt.errorCode, message: newest?.lastError ?? attempt.errorMessage }
        : null;
      const eventStatus = newest && isEventStatus(newest.status) ? newest.status : null;
      return {
        resource,
        shopifyId,
        state: deriveState(record, newest),
        connected,
        records: records.sort((a, b) => rank(a.key) - rank(b.key)),
        refunds,
        lastAttempt,
        lastSyncedAt: record?.lastSyncedAt?.toISOString() ?? null,
        events,
        canReplay: eventStatus !== null && eventStatus !== "queued" && canTransition(eventStatus, "queued"),
        activityPath: `/app/activity?resource=${resource}&q=${shopifyId}`,
      };
    },
  };
}

// Parents first, as the merchant reads them: Account, Contact, Opportunity/Order, then line items.
const ORDER = ["account", "contact", "opportunity", "order", "lineItem", "orderItem", "refund", "product", "pricebookEntry"];
function rank(key: string): number {
  const index = ORDER.indexOf(key.split(":")[0]);
  return index === -1 ? ORDER.length : index;
}

export type RecordStatusService = ReturnType<typeof createRecordStatus>;
