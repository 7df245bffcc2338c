import pg from "pg";
import { expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";

it("clones a migrated database", async () => {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM "WebhookEvent"`);
  await client.end();
  await db.drop();
  expect(rows[0].n).toBe(0);
});
