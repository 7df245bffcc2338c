import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../app/services/postgres/embedded-postgres.server";
import { migrateDatabase } from "../../app/services/store/migrate.server";

export const TEMPLATE_DATABASE = "app_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDatabase: string;
  }
}

/**
 * One real PostgreSQL for the whole run. Migrations are applied once to a template database; every
 * test file clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds and isolates files.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "sfsync-test-pg-"));
  // PostgreSQL runs as its own system user when the tests run as root (see embedded-postgres.server.ts).
  await chmod(dataDir, 0o755);
  let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), persistent: false });
    await pg.createDatabase(TEMPLATE_DATABASE);
    await migrateDatabase(pg.urlFor(TEMPLATE_DATABASE));
  } catch (error) {
    // vitest reports a failed global setup tersely (sometimes only an exit code): say what and what to do.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`\nThe test suite's PostgreSQL could not be prepared (test/support/global-setup.ts):\n${message}\n`);
    await rm(dataDir, { recursive: true, force: true });
    throw error instanceof Error ? error : new Error(message);
  }
  project.provide("pgAdminUrl", pg.adminUrl);
  project.provide("pgTemplateDatabase", TEMPLATE_DATABASE);
  return async () => {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
