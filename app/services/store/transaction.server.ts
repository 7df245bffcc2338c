import type pg from "pg";
import type { Db } from "pg-boss";

/**
 * Runs `work` in one PostgreSQL transaction on one pooled connection: COMMIT when it resolves, ROLLBACK
 * when it throws (the error is rethrown). `db` lets pg-boss enqueue jobs inside the same transaction.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient, db: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const db: Db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
    const result = await work(client, db);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
