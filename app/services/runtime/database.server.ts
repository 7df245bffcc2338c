import net from "node:net";
import path from "node:path";
import pg from "pg";
import type { Logger } from "../logging/logger.server";
import { EmbeddedDatabaseError, embeddedUrl, passwordFileOf, readEmbeddedPassword, startEmbeddedPostgres } from "../postgres/embedded-postgres.server";
import { migrateDatabase } from "../store/migrate.server";

export interface RuntimeDatabase {
  url: string;
  /** Whether this process started the embedded PostgreSQL (and so must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = "salesforce_sync";
const DEFAULT_EMBEDDED_PORT = 54329;

/**
 * The database for `npm start`, `npm run worker` and `npm run demo`: DATABASE_URL when set; otherwise
 * the embedded PostgreSQL under EMBEDDED_PG_DIR (default .data/postgres) on EMBEDDED_PG_PORT — started
 * here, or reused when another local process (the app, when this is a worker) already runs it.
 * Migrations are applied either way (`prisma migrate deploy` is idempotent).
 */
export async function openRuntimeDatabase(logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeDatabase> {
  if (env.DATABASE_URL) {
    if (env.MIGRATE_ON_START !== "false") await migrateDatabase(env.DATABASE_URL);
    return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const port = Number(env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  const dataDir = path.resolve(env.EMBEDDED_PG_DIR ?? ".data/postgres");
  let stop = async () => {};
  let embedded = false;
  let adminUrl: string;
  if (await isListening(port)) {
    // Only our own cluster, proven by its password (in the 0600 file beside its data), is used.
    const password = readEmbeddedPassword(dataDir);
    adminUrl = embeddedUrl(password ?? "", port, "postgres");
    if (!password || !(await acceptsPassword(adminUrl))) {
      throw new EmbeddedDatabaseError(
        `Something is listening on 127.0.0.1:${port} that does not accept this app's embedded database password (${passwordFileOf(dataDir)}). ` +
          "Stop it, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use that server on purpose.",
      );
    }
    logger.info({ port }, "using the embedded PostgreSQL already running on this machine");
  } else {
    const started = Date.now();
    const server = await startEmbeddedPostgres({ dataDir, port, persistent: true, onNotice: (message) => logger.warn(message) });
    logger.info({ port, dataDir, ms: Date.now() - started }, "embedded PostgreSQL started");
    adminUrl = server.adminUrl;
    stop = () => server.stop();
    embedded = true;
  }
  await ensureDatabaseExists(adminUrl, EMBEDDED_DATABASE_NAME);
  const url = adminUrl.replace(/\/postgres$/, `/${EMBEDDED_DATABASE_NAME}`);
  await migrateDatabase(url);
  return { url, embedded, stop };
}

async function acceptsPassword(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    // Two processes starting at once may both try; the loser sees duplicate_database (42P04).
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
