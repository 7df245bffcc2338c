import type { PrismaClient } from "@prisma/client";
import { defaultMappingDocument } from "../../sync/default-mappings";
import type { MappingDocument } from "../../sync/mapping-schema";
import { parseMappingDocument } from "../../sync/parse-mapping-document";
import { personalFieldsByTarget, targetKeyOfRecordKey } from "../../sync/privacy/personal-fields";
import { SYNC_RESOURCES, type SyncResource } from "../../sync/sync-resource";

// Everything this app holds about one customer of one shop: the events that name them (their customer
// events, their orders' and those orders' refunds' events, compliance requests about them), the
// SyncRecords of those Shopify records, and the Salesforce records we wrote for them with the personal
// fields our mapping writes there. customers/redact erases it; customers/data_request exports it.

export interface SalesforceTarget {
  object: string;
  id: string;
  /** Mapped fields that carry personal data (anonymize blanks them). */
  personalFields: string[];
  /** Every field our mapping writes on the record (the export reads them back). */
  mappedFields: string[];
  /** Mapping order of the target (delete runs in reverse: children first). */
  order: number;
  resource: SyncResource;
}

export interface CustomerFootprint {
  customerId: string;
  orderIds: string[];
  eventIds: string[];
  syncRecordIds: string[];
  salesforce: SalesforceTarget[];
}

export async function findCustomerFootprint(prisma: PrismaClient, shop: string, customerId: string, ordersToRedact: string[]): Promise<CustomerFootprint> {
  const orderRows = await prisma.$queryRaw<Array<{ shopifyId: string }>>`
    SELECT DISTINCT "shopifyId" FROM "WebhookEvent"
     WHERE shop = ${shop} AND resource = 'order' AND payload->'customer'->>'id' = ${customerId} AND "shopifyId" IS NOT NULL`;
  const orderIds = [...new Set([...ordersToRedact, ...orderRows.map((row) => row.shopifyId)])];
  const events = await prisma.$queryRaw<Array<{ id: string; resource: string; shopifyId: string | null }>>`
    SELECT id, resource, "shopifyId" FROM "WebhookEvent" WHERE shop = ${shop} AND (
         (resource = 'customer' AND "shopifyId" = ${customerId})
      OR (resource = 'order' AND "shopifyId" = ANY(${orderIds}::text[]))
      OR (resource = 'refund' AND payload->>'order_id' = ANY(${orderIds}::text[]))
      OR (resource = 'compliance' AND payload->'customer'->>'id' = ${customerId}))`;
  const refundIds = events.filter((event) => event.resource === "refund" && event.shopifyId).map((event) => event.shopifyId as string);
  const records = await prisma.syncRecord.findMany({
    where: {
      shop,
      OR: [
        { resource: "customer", shopifyId: customerId },
        { resource: "order", shopifyId: { in: orderIds } },
        { resource: "refund", shopifyId: { in: refundIds } },
        { resource: "shared:Account", shopifyId: customerId },
      ],
    },
  });
  const mappings = await activeMappings(prisma, shop);
  const ownIds = new Set(
    records.filter((record) => record.resource === "customer" || record.resource === "shared:Account").flatMap((record) => Object.values(asIds(record.salesforceIds))),
  );
  const byId = new Map<string, SalesforceTarget>();
  for (const record of records) {
    if (!isResource(record.resource)) continue;
    const targets = personalFieldsByTarget(mappings[record.resource]);
    const ordered = mappings[record.resource].targets.map((target) => target.key);
    for (const [recordKey, id] of Object.entries(asIds(record.salesforceIds))) {
      const entry = targets.get(targetKeyOfRecordKey(recordKey));
      if (!entry) continue;
      // A shared record (a product, the guest account) belongs to the customer only when it is theirs.
      if (entry.target.shared && !ownIds.has(id)) continue;
      const existing = byId.get(id);
      const mappedFields = entry.target.fields.map((field) => field.target);
      byId.set(id, {
        object: entry.target.object,
        id,
        personalFields: [...new Set([...(existing?.personalFields ?? []), ...entry.fields])],
        mappedFields: [...new Set([...(existing?.mappedFields ?? []), ...mappedFields])],
        order: Math.min(existing?.order ?? Infinity, SYNC_RESOURCES.indexOf(record.resource) * 100 + ordered.indexOf(entry.target.key)),
        resource: existing?.resource ?? record.resource,
      });
    }
  }
  return { customerId, orderIds, eventIds: events.map((event) => event.id), syncRecordIds: records.map((record) => record.id), salesforce: [...byId.values()] };
}

/** The shop's active mapping per resource, or the built-in default it syncs with. */
export async function activeMappings(prisma: PrismaClient, shop: string): Promise<Record<SyncResource, MappingDocument>> {
  const rows = await prisma.mappingSet.findMany({ where: { shop, isActive: true }, orderBy: { version: "desc" } });
  const connection = await prisma.salesforceConnection.findUnique({ where: { shop }, select: { describeCache: true } });
  const personAccounts = JSON.stringify(connection?.describeCache ?? {}).includes('"IsPersonAccount"');
  const result = {} as Record<SyncResource, MappingDocument>;
  for (const resource of SYNC_RESOURCES) {
    const row = rows.find((candidate) => candidate.resource === resource);
    const parsed = row ? parseMappingDocument(row.document) : undefined;
    result[resource] = parsed?.ok ? parsed.value : defaultMappingDocument(resource, { personAccounts });
  }
  return result;
}

function asIds(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function isResource(value: string): value is SyncResource {
  return (SYNC_RESOURCES as readonly string[]).includes(value);
}
