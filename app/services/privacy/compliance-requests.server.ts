import { Prisma, type PrismaClient } from "@prisma/client";
import type { JsonValue } from "../../sync/json-value";
import { DEFAULT_REDACTION_POLICY, isRedactionPolicy, type RedactionPolicy } from "../../sync/privacy/redaction-policy";
import { scrubPayload } from "../../sync/privacy/scrub-payload";
import type { Logger } from "../logging/logger.server";
import type { SalesforceConnections } from "../salesforce/index.server";
import { customerIdOf, subjectHash, type ComplianceJobData } from "./compliance-queue.server";
import { findCustomerFootprint } from "./customer-footprint.server";
import { buildCustomerExport } from "./customer-export.server";
import { redactInSalesforce, type SalesforceRedactionResult } from "./salesforce-redaction.server";

// Acting on Shopify's compliance webhooks (the audit row was written at intake, with the request):
// customers/redact erases the customer here and, by the shop's policy, in Salesforce; shop/redact erases
// the shop; customers/data_request builds the export shown on the Activity page; app/uninstalled revokes
// the Salesforce grant. Every outcome lands on the audit row as counts, never as personal data.

export interface ComplianceProcessor {
  process(job: ComplianceJobData): Promise<void>;
}

export function createComplianceProcessor(deps: { prisma: PrismaClient; connections: SalesforceConnections; logger: Logger; clock?: () => Date }): ComplianceProcessor {
  const { prisma, connections, logger } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function finish(requestId: string | undefined, data: { policy?: string | null; erased: Record<string, unknown> }) {
    if (!requestId) return;
    await prisma.complianceRequest.update({
      where: { id: requestId },
      data: { status: "done", completedAt: clock(), error: null, policy: data.policy ?? null, erased: data.erased as Prisma.InputJsonValue },
    });
  }

  async function redactCustomer(job: ComplianceJobData) {
    const event = await prisma.webhookEvent.findUnique({ where: { id: job.eventId }, select: { payload: true } });
    // shop/redact may have erased the shop meanwhile: nothing of the customer is left.
    if (!event) return finish(job.requestId, { erased: { note: "shop already redacted" } });
    const payload = event.payload as { orders_to_redact?: unknown[] };
    const customerId = customerIdOf(payload);
    if (!customerId) return finish(job.requestId, { erased: { note: "no customer id in the request" } });
    const ordersToRedact = (payload.orders_to_redact ?? []).map(String);
    const shopRow = await prisma.shop.findUnique({ where: { shop: job.shop }, select: { redactionPolicy: true } });
    const policy: RedactionPolicy = isRedactionPolicy(shopRow?.redactionPolicy) ? shopRow.redactionPolicy : DEFAULT_REDACTION_POLICY;
    const footprint = await findCustomerFootprint(prisma, job.shop, customerId, ordersToRedact);

    // Salesforce first (it needs the ids we are about to forget); a failure throws and the job retries.
    let salesforce: SalesforceRedactionResult | { recordedForAdmin: Array<{ object: string; id: string }> } | { skipped: string } | undefined;
    if (footprint.salesforce.length === 0) salesforce = { skipped: "nothing was synced to Salesforce" };
    else if (policy === "record-only") salesforce = { recordedForAdmin: footprint.salesforce.map(({ object, id }) => ({ object, id })) };
    else {
      const conn = await connections.connectionFor(job.shop);
      const describes = await connections.describes(job.shop);
      const required = (object: string) => new Set((describes[object]?.fields ?? []).filter((field) => !field.nillable && field.createable).map((field) => field.name));
      salesforce = await redactInSalesforce(conn, policy, footprint.salesforce, required);
      if (salesforce.failed.length > 0) {
        throw new Error(`Salesforce refused ${salesforce.failed.length} record(s): ${[...new Set(salesforce.failed.map((failure) => failure.errorCode))].join(", ")}`);
      }
    }

    const erased = await prisma.$transaction(async (tx) => {
      const events = await tx.webhookEvent.findMany({ where: { id: { in: footprint.eventIds } }, select: { id: true, payload: true, status: true } });
      for (const row of events) {
        await tx.webhookEvent.update({
          where: { id: row.id },
          data: {
            payload: scrubPayload(row.payload as JsonValue) as Prisma.InputJsonValue,
            payloadScrubbedAt: clock(),
            lastError: null,
            // Not yet synced: there is nothing left to sync, so it never writes the customer again.
            ...(row.status === "received" || row.status === "queued" ? { status: "skipped", lastErrorCode: "REDACTED" } : {}),
          },
        });
      }
      const attempts = await tx.syncAttempt.updateMany({ where: { eventId: { in: footprint.eventIds } }, data: { errorMessage: null, warnings: Prisma.DbNull } });
      const records = await tx.syncRecord.updateMany({
        where: { id: { in: footprint.syncRecordIds } },
        data: { lastError: null, contentHashes: {}, ...(policy === "delete" ? { salesforceIds: {}, status: "deleted" } : {}) },
      });
      const exports = await tx.customerDataExport.deleteMany({ where: { shop: job.shop, subjectHash: subjectHash(job.shop, customerId) } });
      return { webhookEvents: events.length, syncAttempts: attempts.count, syncRecords: records.count, dataExports: exports.count };
    });
    await finish(job.requestId, { policy, erased: { database: erased, salesforce } });
    logger.info({ shop: job.shop, requestId: job.requestId, policy }, "customer redacted");
  }

  async function redactShop(job: ComplianceJobData) {
    const shop = job.shop;
    // Revoke at Salesforce before forgetting the tokens (a revoked or unreachable grant is logged, not fatal).
    const revoked = await connections.oauth.disconnect(shop).then((outcome) => outcome.revoked, () => false);
    const erased = await prisma.$transaction(async (tx) => {
      const counts: Record<string, number> = {};
      counts.syncAttempts = (await tx.syncAttempt.deleteMany({ where: { shop } })).count;
      counts.syncRecords = (await tx.syncRecord.deleteMany({ where: { shop } })).count;
      counts.webhookEvents = (await tx.webhookEvent.deleteMany({ where: { shop } })).count;
      counts.mappingSets = (await tx.mappingSet.deleteMany({ where: { shop } })).count;
      counts.validationRules = (await tx.validationRule.deleteMany({ where: { shop } })).count;
      counts.salesforceConnections = (await tx.salesforceConnection.deleteMany({ where: { shop } })).count;
      counts.oauthStates = (await tx.salesforceOAuthState.deleteMany({ where: { shop } })).count;
      counts.dataExports = (await tx.customerDataExport.deleteMany({ where: { shop } })).count;
      counts.sessions = (await tx.session.deleteMany({ where: { shop } })).count;
      counts.shops = (await tx.shop.deleteMany({ where: { shop } })).count;
      // Queued work of the shop would find nothing; drop it with the rest.
      await tx.$executeRaw`DELETE FROM pgboss.job WHERE name = 'sync-events' AND data->>'shop' = ${shop} AND state IN ('created', 'retry')`;
      return counts;
    });
    await finish(job.requestId, { erased: { database: erased, salesforce: { refreshTokenRevoked: revoked } } });
    logger.info({ shop, requestId: job.requestId }, "shop redacted");
  }

  async function exportCustomer(job: ComplianceJobData) {
    const event = await prisma.webhookEvent.findUnique({ where: { id: job.eventId }, select: { payload: true, receivedAt: true } });
    if (!event || !job.requestId) return finish(job.requestId, { erased: { note: "shop already redacted" } });
    const customerId = customerIdOf(event.payload);
    if (!customerId) return finish(job.requestId, { erased: { note: "no customer id in the request" } });
    const payload = event.payload as { orders_requested?: unknown[]; data_request?: { id?: unknown } };
    const document = await buildCustomerExport({
      prisma,
      connections,
      shop: job.shop,
      customerId,
      ordersRequested: (payload.orders_requested ?? []).map(String),
      requestedAt: event.receivedAt,
      dataRequestId: payload.data_request?.id === undefined ? null : String(payload.data_request.id),
      logger,
    });
    await prisma.customerDataExport.upsert({
      where: { requestId: job.requestId },
      create: { shop: job.shop, requestId: job.requestId, subjectHash: subjectHash(job.shop, customerId), document: document as unknown as Prisma.InputJsonValue },
      update: { document: document as unknown as Prisma.InputJsonValue },
    });
    await finish(job.requestId, { erased: { exported: { webhookEvents: document.webhookEvents.length, syncRecords: document.syncRecords.length, salesforceRecords: document.salesforce.records.length } } });
  }

  async function uninstalled(job: ComplianceJobData) {
    // Shopify already revoked our access; ours at Salesforce goes too. Data stays until shop/redact.
    const row = await prisma.salesforceConnection.findUnique({ where: { shop: job.shop }, select: { refreshTokenEncrypted: true, accessTokenEncrypted: true } });
    if (!row?.refreshTokenEncrypted && !row?.accessTokenEncrypted) return;
    const { revoked } = await connections.oauth.disconnect(job.shop);
    logger.info({ shop: job.shop, revoked }, "app uninstalled: salesforce grant revoked");
  }

  return {
    async process(job) {
      try {
        switch (job.topic) {
          case "customers/redact":
            return await redactCustomer(job);
          case "shop/redact":
            return await redactShop(job);
          case "customers/data_request":
            return await exportCustomer(job);
          case "app/uninstalled":
            return await uninstalled(job);
        }
      } catch (error) {
        if (job.requestId) {
          const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          await prisma.complianceRequest.updateMany({ where: { id: job.requestId, status: { not: "done" } }, data: { status: "failed", error: message.slice(0, 500) } });
        }
        throw error;
      }
    },
  };
}
