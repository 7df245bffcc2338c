import type pg from "pg";
import type { FieldMemoryPort } from "../../sync/reverse/echo-guard";
import type { FieldMemory } from "../../sync/reverse/reconcile";

// ReverseSyncFieldMemory rows: what we last wrote or read on each side, per customer and field.

/** Customers of a shop with a held Shopify edit on one of these fields (the poll must read them). */
export async function customersWithHeldEdits(pool: pg.Pool, shop: string, fieldKeys: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ shopifyId: string }>(
    `SELECT DISTINCT "shopifyId" FROM "ReverseSyncFieldMemory" WHERE shop = $1 AND resource = 'customer' AND "hasPending" AND "fieldKey" = ANY($2::text[])`,
    [shop, [...fieldKeys]],
  );
  return rows.map((row) => row.shopifyId);
}

export function createFieldMemoryStore(pool: pg.Pool): FieldMemoryPort {
  return {
    async load(shop, resource, shopifyIds) {
      const out = new Map<string, Map<string, FieldMemory>>();
      if (shopifyIds.length === 0) return out;
      const { rows } = await pool.query<{ shopifyId: string; fieldKey: string; shopifyValue: string | null; salesforceValue: string | null; shopifyWrittenAt: Date | null; hasPending: boolean; pendingValue: string | null; pendingAt: Date | null }>(
        `SELECT "shopifyId", "fieldKey", "shopifyValue", "salesforceValue", "shopifyWrittenAt" AT TIME ZONE 'UTC' AS "shopifyWrittenAt",
                "hasPending", "pendingValue", "pendingAt" AT TIME ZONE 'UTC' AS "pendingAt" FROM "ReverseSyncFieldMemory"
          WHERE shop = $1 AND resource = $2 AND "shopifyId" = ANY($3::text[])`,
        [shop, resource, [...shopifyIds]],
      );
      for (const row of rows) {
        const fields = out.get(row.shopifyId) ?? new Map<string, FieldMemory>();
        fields.set(row.fieldKey, {
          shopifyValue: row.shopifyValue,
          salesforceValue: row.salesforceValue,
          shopifyWrittenAt: row.shopifyWrittenAt,
          pending: row.hasPending ? { value: row.pendingValue, at: row.pendingAt } : null,
        });
        out.set(row.shopifyId, fields);
      }
      return out;
    },
    async save(shop, resource, entries) {
      if (entries.length === 0) return;
      await pool.query(
        `INSERT INTO "ReverseSyncFieldMemory" (shop, resource, "shopifyId", "fieldKey", "shopifyValue", "salesforceValue", "shopifyWrittenAt", "hasPending", "pendingValue", "pendingAt", "updatedAt")
         SELECT $1, $2, e.id, e.key, e.shopify, e.salesforce, e.written, e.held, e.pending, e.pending_at, now()
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[], $8::boolean[], $9::text[], $10::timestamp[])
             AS e(id, key, shopify, salesforce, written, held, pending, pending_at)
         ON CONFLICT (shop, resource, "shopifyId", "fieldKey") DO UPDATE
           SET "shopifyValue" = EXCLUDED."shopifyValue", "salesforceValue" = EXCLUDED."salesforceValue",
               "shopifyWrittenAt" = EXCLUDED."shopifyWrittenAt", "hasPending" = EXCLUDED."hasPending",
               "pendingValue" = EXCLUDED."pendingValue", "pendingAt" = EXCLUDED."pendingAt", "updatedAt" = now()`,
        [
          shop,
          resource,
          entries.map((entry) => entry.shopifyId),
          entries.map((entry) => entry.fieldKey),
          entries.map((entry) => entry.memory.shopifyValue),
          entries.map((entry) => entry.memory.salesforceValue),
          entries.map((entry) => entry.memory.shopifyWrittenAt?.toISOString() ?? null),
          entries.map((entry) => Boolean(entry.memory.pending)),
          entries.map((entry) => entry.memory.pending?.value ?? null),
          entries.map((entry) => entry.memory.pending?.at?.toISOString() ?? null),
        ],
      );
    },
  };
}
