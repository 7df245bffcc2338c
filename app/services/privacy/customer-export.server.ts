import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logging/logger.server";
import type { SalesforceConnections } from "../salesforce/index.server";
import { findCustomerFootprint } from "./customer-footprint.server";

// The answer to customers/data_request: what we hold about the customer (the stored webhook payloads that
// name them, their sync records) and what we wrote to Salesforce for them (record ids and the current
// values of the fields our mapping writes). The merchant downloads it from the Activity page.

export interface CustomerExportDocument {
  shop: string;
  customerId: string;
  dataRequestId: string | null;
  requestedAt: string;
  generatedAt: string;
  webhookEvents: Array<{ topic: string; receivedAt: string; status: string; payload: unknown }>;
  syncRecords: Array<{ resource: string; shopifyId: string; status: string; salesforceIds: unknown; lastSyncedAt: string | null }>;
  salesforce: { records: Array<{ object: string; id: string; fields: Record<string, unknown> }>; note?: string };
}

export async function buildCustomerExport(input: {
  prisma: PrismaClient;
  connections: SalesforceConnections;
  shop: string;
  customerId: string;
  ordersRequested: string[];
  requestedAt: Date;
  dataRequestId: string | null;
  logger: Logger;
}): Promise<CustomerExportDocument> {
  const { prisma, shop, customerId } = input;
  const footprint = await findCustomerFootprint(prisma, shop, customerId, input.ordersRequested);
  const events = await prisma.webhookEvent.findMany({
    where: { id: { in: footprint.eventIds }, resource: { not: "compliance" } },
    orderBy: { receivedAt: "asc" },
    select: { topic: true, receivedAt: true, status: true, payload: true },
  });
  const records = await prisma.syncRecord.findMany({ where: { id: { in: footprint.syncRecordIds } }, orderBy: { createdAt: "asc" } });
  const salesforce: CustomerExportDocument["salesforce"] = { records: [] };
  if (footprint.salesforce.length > 0) {
    try {
      const conn = await input.connections.connectionFor(shop);
      for (const target of footprint.salesforce) {
        const fields = ["Id", ...target.mappedFields];
        const rows = (await conn.sobject(target.object).retrieve([target.id], { fields })) as Array<Record<string, unknown> | null>;
        const row = rows[0];
        salesforce.records.push({ object: target.object, id: target.id, fields: row ? Object.fromEntries(target.mappedFields.map((field) => [field, row[field] ?? null])) : {} });
      }
    } catch (error) {
      // Not connected (or unreachable): the ids are still part of the answer; the values are named missing.
      input.logger.warn({ shop, err: { name: (error as Error).name, message: (error as Error).message } }, "data request: salesforce values not read");
      salesforce.records = footprint.salesforce.map((target) => ({ object: target.object, id: target.id, fields: {} }));
      salesforce.note = "Salesforce could not be read when this export was built; the record ids are listed, their values are not.";
    }
  }
  return {
    shop,
    customerId,
    dataRequestId: input.dataRequestId,
    requestedAt: input.requestedAt.toISOString(),
    generatedAt: new Date().toISOString(),
    webhookEvents: events.map((event) => ({ topic: event.topic, receivedAt: event.receivedAt.toISOString(), status: event.status, payload: event.payload })),
    syncRecords: records.map((record) => ({
      resource: record.resource,
      shopifyId: record.shopifyId,
      status: record.status,
      salesforceIds: record.salesforceIds,
      lastSyncedAt: record.lastSyncedAt?.toISOString() ?? null,
    })),
    salesforce,
  };
}
