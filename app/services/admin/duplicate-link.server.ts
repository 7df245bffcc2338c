import type { PrismaClient } from "@prisma/client";
import type { Connection } from "jsforce";
import { parseMappingDocument } from "../../sync/parse-mapping-document";
import type { SObjectDescribe } from "../../sync/sobject-describe";
import { isSyncResource } from "../../sync/sync-resource";
import { soqlString } from "../salesforce/soql-literal.server";
import type { ReplayService } from "../store/replay.server";
import { createMappingStore, defaultOptionsFor } from "./mapping-store.server";

/** What the event page offers after a duplicate rule blocked one of its records. */
export interface DuplicateOffer {
  object: string;
  /** The existing records the rule matched (from Salesforce's duplicateResult). */
  ids: string[];
}

export type LinkOutcome = { ok: true; count: number } | { ok: false; message: string };

// The parked message names the matching ids (explain-salesforce-error.ts): "It matches the existing Contact 003…, 003…:".
const MATCHES = /It matches the existing (\w+) ([A-Za-z0-9]{15,18}(?:, [A-Za-z0-9]{15,18})*):/;

/**
 * "Link to this record": the merchant picks one of the records a duplicate rule matched. Our external id is
 * written onto it (an update by Id, with duplicate rules honoured), then the event is replayed: its upsert
 * by external id now finds that record instead of creating a duplicate.
 */
export function createDuplicateLinker(deps: {
  prisma: PrismaClient;
  salesforce: { connectionFor(shop: string): Promise<Connection>; describes(shop: string): Promise<Record<string, SObjectDescribe>> };
  replay: () => Promise<ReplayService>;
}) {
  const mappings = createMappingStore(deps.prisma);

  async function offer(shop: string, eventId: string): Promise<DuplicateOffer | null> {
    const event = await deps.prisma.webhookEvent.findFirst({ where: { id: eventId, shop }, select: { status: true } });
    if (!event || event.status !== "needs-attention") return null;
    const attempt = await deps.prisma.syncAttempt.findFirst({ where: { shop, eventId }, orderBy: { finishedAt: "desc" }, select: { errorCode: true, errorMessage: true } });
    if (attempt?.errorCode !== "DUPLICATES_DETECTED") return null;
    const found = MATCHES.exec(attempt.errorMessage ?? "");
    return found ? { object: found[1] as string, ids: (found[2] as string).split(", ") } : null;
  }

  /** The mapped target writing `object` keyed by the event's own Shopify id, if the mapping has one. */
  async function externalIdFieldOf(shop: string, resource: string, object: string): Promise<string | null> {
    if (!isSyncResource(resource)) return null;
    const active = await mappings.active(shop, resource, defaultOptionsFor(await deps.salesforce.describes(shop)));
    const parsed = parseMappingDocument(active.document);
    if (!parsed.ok) return null;
    const target = parsed.value.targets.find((candidate) => candidate.object === object && candidate.externalIdSource === "id" && !candidate.forEach);
    return target?.externalIdField ?? null;
  }

  return {
    offer,

    async link(shop: string, eventId: string, salesforceId: string): Promise<LinkOutcome> {
      const offered = await offer(shop, eventId);
      if (!offered || !offered.ids.includes(salesforceId)) return { ok: false, message: "That record is not one the duplicate rule matched for this event." };
      const event = await deps.prisma.webhookEvent.findUniqueOrThrow({ where: { id: eventId }, select: { resource: true, shopifyId: true } });
      const field = await externalIdFieldOf(shop, event.resource, offered.object);
      if (!field || !event.shopifyId) return { ok: false, message: `The ${event.resource} mapping has no ${offered.object} keyed by the Shopify id, so it cannot be linked.` };
      const connection = await deps.salesforce.connectionFor(shop);
      const current = await connection.query<Record<string, unknown>>(`SELECT Id, ${field} FROM ${offered.object} WHERE Id = ${soqlString(salesforceId)}`);
      const row = current.records[0];
      if (!row) return { ok: false, message: `${offered.object} ${salesforceId} no longer exists in Salesforce.` };
      const linked = row[field];
      if (linked != null && linked !== "" && String(linked) !== event.shopifyId) {
        return { ok: false, message: `${offered.object} ${salesforceId} is already linked to Shopify record ${String(linked)}.` };
      }
      const saved = await connection.sobject(offered.object).update({ Id: salesforceId, [field]: event.shopifyId }, {
        headers: { "Sforce-Duplicate-Rule-Header": "allowSave=false; includeRecordDetails=false; runAsCurrentUser=false" },
      });
      if (!saved.success) return { ok: false, message: `Salesforce refused the link: ${saved.errors.map((error) => error.message).join("; ")}` };
      return { ok: true, count: await (await deps.replay()).replayEvents(shop, [eventId]) };
    },
  };
}
