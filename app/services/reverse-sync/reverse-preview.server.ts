import type { PrismaClient } from "@prisma/client";
import type { Connection } from "jsforce";
import type { MappingDocument } from "../../sync/mapping-schema";
import { idString } from "../../sync/normalize-ids";
import type { FieldMemory } from "../../sync/reverse/reconcile";
import { previewReverse, type ReversePreview } from "../../sync/reverse/reverse-preview";
import { reverseObjects } from "../../sync/reverse/reverse-fields";
import { batchDocument, customerParts } from "./batch-writer.server";

// The Mappings page's Salesforce → Shopify half of the preview, with the exact GraphQL the poll would send.

export type SalesforceRecordLookup = (shop: string, object: string, externalIdField: string, externalId: string, fields: readonly string[]) => Promise<Record<string, unknown> | null>;

export interface ReversePreviewView extends ReversePreview {
  /** Where Salesforce's values came from. */
  salesforceSource: "live record" | "as the forward sync would write it";
  /** The Admin GraphQL request the poll would send (null: nothing to write). */
  mutation: { query: string; variables: Record<string, unknown> } | null;
}

export async function reversePreview(
  prisma: PrismaClient,
  input: { shop: string; document: MappingDocument; payload: unknown; forwardBodies: ReadonlyArray<{ key: string; body: Record<string, unknown> }>; lookup?: SalesforceRecordLookup },
): Promise<ReversePreviewView | null> {
  const objects = reverseObjects(input.document);
  const payload = (input.payload ?? {}) as Record<string, unknown>;
  const customerId = idString(payload.id);
  if (objects.length === 0 || !customerId) return null;
  const records = new Map<string, Record<string, unknown> | null>();
  let live = true;
  for (const object of objects) {
    const found = input.lookup ? await input.lookup(input.shop, object.object, object.externalIdField, customerId, object.fields.map((field) => field.salesforceField)).catch(() => null) : null;
    if (!found) live = false;
    records.set(object.targetKey, found ?? input.forwardBodies.find((record) => record.key === object.targetKey)?.body ?? null);
  }
  const rows = await prisma.reverseSyncFieldMemory.findMany({ where: { shop: input.shop, resource: "customer", shopifyId: customerId } });
  const memories = new Map<string, FieldMemory>(
    rows.map((row) => [row.fieldKey, { shopifyValue: row.shopifyValue, salesforceValue: row.salesforceValue, shopifyWrittenAt: row.shopifyWrittenAt, pending: row.hasPending ? { value: row.pendingValue, at: row.pendingAt } : null }]),
  );
  const preview = previewReverse(input.document, payload, records, memories);
  if (!preview) return null;
  const parts = customerParts(0, `gid://shopify/Customer/${customerId}`, preview.writes);
  return { ...preview, salesforceSource: live ? "live record" : "as the forward sync would write it", mutation: parts.length > 0 ? batchDocument([{ parts }]) : null };
}

/** The live record through the shop's Salesforce connection (one SOQL query). */
export function connectionLookup(connectionFor: (shop: string) => Promise<Connection>, quote: (value: string) => string): SalesforceRecordLookup {
  return async (shop, object, externalIdField, externalId, fields) => {
    const connection = await connectionFor(shop);
    const names = [...new Set(["Id", ...fields])];
    const result = await connection.query<Record<string, unknown>>(`SELECT ${names.join(", ")} FROM ${object} WHERE ${externalIdField} = ${quote(externalId)} LIMIT 1`);
    return result.records[0] ?? null;
  };
}
