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
  // PostgreSQL runs as its own system user (see embedded-postgres.server.ts), which must reach the folder.
  await chmod(dataDir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), persistent: false });
  await pg.createDatabase(TEMPLATE_DATABASE);
  await migrateDatabase(pg.urlFor(TEMPLATE_DATABASE));
  project.provide("pgAdminUrl", pg.adminUrl);
  project.provide("pgTemplateDatabase", TEMPLATE_DATABASE);
  return async () => {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
