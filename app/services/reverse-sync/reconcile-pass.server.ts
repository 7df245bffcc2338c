import type pg from "pg";

// Initial reconciliation. The SystemModstamp poll only sees records that change after two-way sync was
// switched on; records that already differ would stay different until someone edits them. So when an
// object's two-way fields include one that no finished pass covered, the poll also walks every record that
// carries our external id, in Id order (keyset: `Id > last`, no OFFSET), one bounded page per poll, and
// compares existing values on both sides (decideInitialField). Changes made meanwhile are still caught by
// the SystemModstamp poll, so the pass may take as many polls as it needs.

export const DEFAULT_RECONCILE_PAGE = 2000;

export interface PassState {
  /** Whether a pass is under way (or must start) for these fields. */
  active: boolean;
  afterId: string | null;
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((key, index) => key === [...b].sort()[index]);

export async function loadPass(pool: pg.Pool, shop: string, object: string, fieldKeys: readonly string[]): Promise<PassState> {
  const { rows } = await pool.query<{ reconciledFields: string[]; reconcilingFields: string[]; reconcileAfterId: string | null }>(
    `SELECT "reconciledFields", "reconcilingFields", "reconcileAfterId" FROM "ReverseSyncCursor" WHERE shop = $1 AND object = $2`,
    [shop, object],
  );
  const row = rows[0];
  const reconciled = new Set(row?.reconciledFields ?? []);
  if (fieldKeys.every((key) => reconciled.has(key))) return { active: false, afterId: null };
  // A pass for exactly these fields continues where it stopped; a changed set of fields starts over.
  return { active: true, afterId: row && sameKeys(row.reconcilingFields, fieldKeys) ? row.reconcileAfterId : null };
}

/** After a page: `afterId` to continue from, or null when the pass read the last record (done). Call after the cursor row exists. */
export async function savePass(pool: pg.Pool, shop: string, object: string, fieldKeys: readonly string[], afterId: string | null): Promise<void> {
  if (afterId === null) {
    await pool.query(
      `UPDATE "ReverseSyncCursor" SET "reconciledFields" = $3::text[], "reconcilingFields" = ARRAY[]::text[], "reconcileAfterId" = NULL, "updatedAt" = now() WHERE shop = $1 AND object = $2`,
      [shop, object, [...fieldKeys]],
    );
    return;
  }
  await pool.query(`UPDATE "ReverseSyncCursor" SET "reconcilingFields" = $3::text[], "reconcileAfterId" = $4, "updatedAt" = now() WHERE shop = $1 AND object = $2`, [shop, object, [...fieldKeys], afterId]);
}
