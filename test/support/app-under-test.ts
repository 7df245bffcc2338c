import type { ActionFunctionArgs } from "@remix-run/node";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const TEST_API_SECRET = "hush"; // the secret of fixtures/shopify/_hmac_test_vectors.generated.json

export interface AppUnderTest {
  db: TestDatabase;
  sql: pg.Pool;
  /** Calls the real route module's action for `topic`, as Remix would. */
  postWebhook(topic: string, request: Request): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The web app's route handlers wired to a fresh database, configured through the environment exactly
 * like production (the modules read it at import, so this must run before anything imports app/).
 */
export async function startAppUnderTest(): Promise<AppUnderTest> {
  const db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.SHOPIFY_API_KEY = "test-api-key";
  process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
  process.env.SHOPIFY_APP_URL = "https://app.example.com";
  process.env.WEBHOOK_MAX_BODY_BYTES = String(1024 * 1024);
  process.env.LOG_LEVEL = "silent";
  const sql = new pg.Pool({ connectionString: db.url, max: 4 });
  const routes = new Map<string, { action: (args: ActionFunctionArgs) => Promise<Response> }>();
  return {
    db,
    sql,
    async postWebhook(topic, request) {
      const file = `webhooks.${topic.replace("/", ".")}`;
      if (!routes.has(file)) routes.set(file, await import(`../../app/routes/${file}.tsx`));
      return await routes.get(file)!.action({ request, params: {}, context: {} });
    },
    async close() {
      const { closeAppContext } = await import("../../app/context.server");
      await closeAppContext();
      const { default: prisma } = await import("../../app/db.server");
      await prisma.$disconnect();
      await sql.end();
      await db.drop();
    },
  };
}
