import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../app/services/logging/logger.server";
import { passwordFileOf, startEmbeddedPostgres, type EmbeddedDatabase } from "../../../app/services/postgres/embedded-postgres.server";
import { openRuntimeDatabase } from "../../../app/services/runtime/database.server";

// The embedded PostgreSQL has a random password in a 0600 file beside its data, and the app uses a server
// already on its port only when that server accepts the password.

const scratch = mkdtempSync(path.join(os.tmpdir(), "sfsync-embedded-"));
let foreign: EmbeddedDatabase;
let port: number;

beforeAll(async () => {
  foreign = await startEmbeddedPostgres({ dataDir: path.join(scratch, "foreign", "postgres"), persistent: false });
  port = Number(new URL(foreign.adminUrl).port);
}, 120_000);
afterAll(async () => {
  await foreign?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the embedded PostgreSQL's password", () => {
  it("is random and kept in a 0600 file beside the data", () => {
    const file = passwordFileOf(path.join(scratch, "foreign", "postgres"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new URL(foreign.adminUrl).password).not.toBe("postgres");
    expect(decodeURIComponent(new URL(foreign.adminUrl).password).length).toBeGreaterThanOrEqual(32);
  });

  it("refuses a server on the embedded port that does not accept this app's password, saying what to do", async () => {
    const opened = openRuntimeDatabase(createLogger({ level: "silent" }), { NODE_ENV: "development", EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_DIR: path.join(scratch, "mine", "postgres") });
    await expect(opened).rejects.toMatchObject({ name: "EmbeddedDatabaseError", message: expect.stringMatching(/does not accept this app's embedded database password[\s\S]*EMBEDDED_PG_PORT/) });
  });

  it("uses a server on the port that accepts the password (a worker next to the running app)", async () => {
    const opened = await openRuntimeDatabase(createLogger({ level: "silent" }), { NODE_ENV: "development", EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_DIR: path.join(scratch, "foreign", "postgres") });
    expect(opened.embedded).toBe(false);
    expect(new URL(opened.url).pathname).toBe("/salesforce_sync");
    await opened.stop();
  }, 120_000);
});
