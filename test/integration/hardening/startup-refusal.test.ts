import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../app/services/logging/logger.server";
import { startAppProcess } from "../../../app/services/runtime/app-process.server";
import { checkStartupConfiguration } from "../../../app/services/runtime/startup-checks.server";

// Secrets and configuration fail closed: `npm start`'s start-up refuses each unsafe configuration before
// anything starts (no embedded database, no port), naming every problem.

const scratch = mkdtempSync(path.join(os.tmpdir(), "sfsync-refusal-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const strong = () => randomBytes(24).toString("hex");
type Env = Record<string, string | undefined>;
const SAFE_PRODUCTION: Env = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "5f1b6a0e4b3c2d1e0f9a8b7c6d5e4f3a",
  SHOPIFY_API_SECRET: strong(),
  SHOPIFY_APP_URL: "https://sync.example.com",
  DATABASE_URL: `postgresql://app:${strong()}@127.0.0.1:1/app`,
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  OAUTH_STATE_SECRET: randomBytes(32).toString("base64"),
  SALESFORCE_CLIENT_ID: "client",
  SALESFORCE_CLIENT_SECRET: strong(),
};

const UNSAFE: Array<[string, Env, RegExp]> = [
  ["an unset NODE_ENV with a public app URL and no Shopify secrets", { SHOPIFY_APP_URL: "https://sync.example.com" }, /SHOPIFY_API_KEY must be set[\s\S]*SHOPIFY_API_SECRET must be set/],
  ["production without Shopify credentials", { ...SAFE_PRODUCTION, SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined }, /SHOPIFY_API_KEY must be set in production[\s\S]*SHOPIFY_API_SECRET must be set in production/],
  ["production on the development Shopify secret", { ...SAFE_PRODUCTION, SHOPIFY_API_SECRET: "dev-shopify-secret" }, /SHOPIFY_API_SECRET is a public development value/],
  ["production with a low-entropy Shopify secret", { ...SAFE_PRODUCTION, SHOPIFY_API_SECRET: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }, /SHOPIFY_API_SECRET has low entropy/],
  ["production without DATABASE_URL (the embedded database)", { ...SAFE_PRODUCTION, DATABASE_URL: undefined }, /DATABASE_URL must be set in production/],
  ["production without TOKEN_ENCRYPTION_KEYS", { ...SAFE_PRODUCTION, TOKEN_ENCRYPTION_KEYS: undefined }, /TOKEN_ENCRYPTION_KEYS must be set/],
  ["production with a low-entropy encryption key", { ...SAFE_PRODUCTION, TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}` }, /key "k1" has low entropy/],
  ["production on the development OAuth state secret", { ...SAFE_PRODUCTION, OAUTH_STATE_SECRET: "development-oauth-state-secret-NOT-SECRET" }, /OAUTH_STATE_SECRET is a public development value/],
  ["production over plain http", { ...SAFE_PRODUCTION, SHOPIFY_APP_URL: "http://sync.example.com" }, /must be an https URL/],
  ["production with a weak metrics token", { ...SAFE_PRODUCTION, METRICS_TOKEN: "metrics" }, /METRICS_TOKEN has low entropy/],
];

describe("production start is refused for each unsafe configuration", () => {
  it("accepts a safe production configuration and the loopback development default", () => {
    expect(checkStartupConfiguration(SAFE_PRODUCTION)).toEqual([]);
    expect(checkStartupConfiguration({})).toEqual([]);
    expect(checkStartupConfiguration({ SHOPIFY_APP_URL: "http://localhost:3000" })).toEqual([]);
  });

  it.each(UNSAFE)("refuses %s", async (_name, env, message) => {
    const dataDir = path.join(scratch, randomBytes(4).toString("hex"));
    const started = startAppProcess(createLogger({ level: "silent" }), { ...env, EMBEDDED_PG_DIR: dataDir, PORT: "0" } as unknown as NodeJS.ProcessEnv);
    await expect(started).rejects.toThrow(message);
    await expect(started).rejects.toMatchObject({ name: "UnsafeConfigurationError" });
    expect(existsSync(dataDir)).toBe(false);
  });

  it("`npm start` exits 1 naming every missing variable, without a stack trace", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: path.resolve(import.meta.dirname, "../../.."),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", EMBEDDED_PG_DIR: path.join(scratch, "never") },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "DATABASE_URL", "TOKEN_ENCRYPTION_KEYS"]) expect(run.stderr).toContain(name);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(scratch, "never"))).toBe(false);
  });
});
