import type { PrismaClient } from "@prisma/client";
import type { MappingContext } from "../../sync/apply-mapping";
import { compileMapping } from "../../sync/compile-mapping";
import { isSyncRecordStatus } from "../../sync/sync-record-status";
import type { MappingDocument } from "../../sync/mapping-schema";
import { idString } from "../../sync/normalize-ids";
import type { SyncRecordState } from "../../sync/ports";
import { finalizeEvent, trackingFor, type Disposition } from "../../sync/prepare-event";
import { createDescribeLookup, type SObjectDescribe } from "../../sync/sobject-describe";
import type { SyncResource } from "../../sync/sync-resource";
import { previewSandbox } from "../sandbox/preview-sandbox.server";
import type { ValidationRule } from "../../sync/validation-rule";
import type { Violation } from "../../sync/violation";

// One payload through the same steps the worker runs — map, the merchant's rules, ownership against what
// this shop already synced, the describe pre-flight, the unchanged check — without calling Salesforce or
// writing anything. Match-key lookups need Salesforce, so a preview treats records as not matched.

export interface DryRunRecord {
  key: string;
  object: string;
  externalIdField: string;
  externalId: string;
  /** Exactly the body of the upsert (fields plus the external id), as execute-plan.ts sends it. */
  body: Record<string, unknown>;
  exists: boolean;
  disposition: Disposition;
}

export interface DryRunResult {
  records: DryRunRecord[];
  violations: Violation[];
}

export interface DryRunInput {
  shop: string;
  resource: SyncResource;
  document: MappingDocument;
  rules: readonly ValidationRule[];
  /** Violations to report as they are (stored rules that no longer parse). */
  ruleWarnings?: readonly Violation[];
  payload: unknown;
  describes: Readonly<Record<string, SObjectDescribe>>;
  context: MappingContext;
}

export async function dryRun(prisma: PrismaClient, input: DryRunInput): Promise<DryRunResult> {
  const mapping = compileMapping(input.document, `preview:${input.shop}:${input.resource}`);
  const shopifyId = idString((input.payload as { id?: unknown } | null)?.id) ?? "(no id)";
  const own = await loadRecord(prisma, input.shop, input.resource, shopifyId);
  // Merchant code runs in the sandbox thread, so a runaway preview never holds webhooks or /healthz.
  const [mapped] = await previewSandbox().mapEvents([{ kind: "upsert", payload: input.payload, mapping, rules: input.rules, context: input.context, syncRecord: own }]);
  const sharedKeys = mapped.records.filter((record) => record.shared).map((record) => trackingFor(record, input.resource, shopifyId));
  const shared = new Map<string, SyncRecordState>();
  if (sharedKeys.length > 0) {
    const rows = await prisma.syncRecord.findMany({
      where: { shop: input.shop, OR: sharedKeys.map((key) => ({ resource: key.resource, shopifyId: key.shopifyId })) },
    });
    for (const row of rows) shared.set(`${row.resource}|${row.shopifyId}`, toState(row));
  }
  const finalized = finalizeEvent({
    mapped: { ...mapped, violations: [...(input.ruleWarnings ?? []), ...mapped.violations] },
    kind: "upsert",
    resource: input.resource,
    shopifyId,
    own,
    shared,
    matches: null,
    describes: createDescribeLookup(input.describes),
    force: false,
  });
  return {
    records: finalized.records.map((prepared) => ({
      key: prepared.record.key,
      object: prepared.record.object,
      externalIdField: prepared.record.externalIdField,
      externalId: prepared.record.externalId,
      body: { ...prepared.record.fields, [prepared.record.externalIdField]: prepared.record.externalId },
      exists: prepared.exists,
      disposition: prepared.disposition,
    })),
    violations: finalized.violations,
  };
}

type SyncRecordRow = Awaited<ReturnType<PrismaClient["syncRecord"]["findMany"]>>[number];

function toState(row: SyncRecordRow): SyncRecordState {
  return {
    resource: row.resource,
    shopifyId: row.shopifyId,
    salesforceIds: (row.salesforceIds ?? {}) as Record<string, string>,
    contentHashes: (row.contentHashes ?? {}) as Record<string, string>,
    sourceUpdatedAt: row.sourceUpdatedAt,
    status: isSyncRecordStatus(row.status) ? row.status : "pending",
    lastEventId: row.lastEventId,
    lastSyncedAt: row.lastSyncedAt,
  };
}

async function loadRecord(prisma: PrismaClient, shop: string, resource: string, shopifyId: string): Promise<SyncRecordState | null> {
  const row = await prisma.syncRecord.findUnique({ where: { shop_resource_shopifyId: { shop, resource, shopifyId } } });
  return row ? toState(row) : null;
}
