import type pg from "pg";
import type { FieldMemoryPort } from "../../sync/reverse/echo-guard";
import type { FieldMemory } from "../../sync/reverse/reconcile";

// ReverseSyncFieldMemory rows: what we last wrote or read on each side, per customer and field.

export function createFieldMemoryStore(pool: pg.Pool): FieldMemoryPort {
  return {
    async load(shop, resource, shopifyIds) {
      const out = new Map<string, Map<string, FieldMemory>>();
      if (shopifyIds.length === 0) return out;
      const { rows } = await pool.query<{ shopifyId: string; fieldKey: string; shopifyValue: string | null; salesforceValue: string | null; shopifyWrittenAt: Date | null }>(
        `SELECT "shopifyId", "fieldKey", "shopifyValue", "salesforceValue", "shopifyWrittenAt" AT TIME ZONE 'UTC' AS "shopifyWrittenAt" FROM "ReverseSyncFieldMemory"
          WHERE shop = $1 AND resource = $2 AND "shopifyId" = ANY($3::text[])`,
        [shop, resource, [...shopifyIds]],
      );
      for (const row of rows) {
        const fields = out.get(row.shopifyId) ?? new Map<string, FieldMemory>();
        fields.set(row.fieldKey, { shopifyValue: row.shopifyValue, salesforceValue: row.salesforceValue, shopifyWrittenAt: row.shopifyWrittenAt });
        out.set(row.shopifyId, fields);
      }
      return out;
    },
    async save(shop, resource, entries) {
      if (entries.length === 0) return;
      await pool.query(
        `INSERT INTO "ReverseSyncFieldMemory" (shop, resource, "shopifyId", "fieldKey", "shopifyValue", "salesforceValue", "shopifyWrittenAt", "updatedAt")
         SELECT $1, $2, e.id, e.key, e.shopify, e.salesforce, e.written, now()
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[]) AS e(id, key, shopify, salesforce, written)
         ON CONFLICT (shop, resource, "shopifyId", "fieldKey") DO UPDATE
           SET "shopifyValue" = EXCLUDED."shopifyValue", "salesforceValue" = EXCLUDED."salesforceValue",
               "shopifyWrittenAt" = EXCLUDED."shopifyWrittenAt", "updatedAt" = now()`,
        [
          shop,
          resource,
          entries.map((entry) => entry.shopifyId),
          entries.map((entry) => entry.fieldKey),
          entries.map((entry) => entry.memory.shopifyValue),
          entries.map((entry) => entry.memory.salesforceValue),
          entries.map((entry) => entry.memory.shopifyWrittenAt?.toISOString() ?? null),
        ],
      );
    },
  };
}
