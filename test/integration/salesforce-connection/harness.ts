import { loginThroughForm } from "../../support/connect-salesforce";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import pino from "pino";
import { createTokenCipher, loadEncryptionKeys, type TokenCipher } from "../../../app/services/crypto/index.server";
import { REDACTED_PATHS, type Logger } from "../../../app/services/logging/logger.server";
import { createSalesforceConnections, loadSalesforceConfig, type SalesforceConnections, type SalesforceOAuthConfig } from "../../../app/services/salesforce/index.server";
import { createPrismaClient } from "../../../app/services/store/prisma-client.server";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "../../support/salesforce";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

// One emulator, one database and the real Salesforce services per test file, with a clock shared by the
// app and the emulator (so "25 hours later" needs no sleeping) and every log line captured as text.

export const SHOP = "shop-one.myshopify.com";
export const OTHER_SHOP = "shop-two.myshopify.com";

export interface Harness {
  db: TestDatabase;
  sql: pg.Pool;
  prisma: PrismaClient;
  emulator: SalesforceEmulator;
  cipher: TokenCipher;
  /** The TOKEN_ENCRYPTION_KEYS value behind `cipher` ("k1:<base64>"). */
  encryptionKeys: string;
  config: SalesforceOAuthConfig;
  sf: SalesforceConnections;
  logs: string[];
  now(): Date;
  advance(ms: number): void;
  /** Another app process: its own database pool and in-process state, same database and emulator. */
  secondProcess(): SalesforceConnections;
  /** Connect → Salesforce login form → callback, as a merchant's browser would. */
  connectShop(shop: string, org?: OrgHandle): Promise<void>;
  /** Follows an authorize URL through the login form; returns the callback's query. */
  authorizeInBrowser(authorizeUrl: string, org?: OrgHandle): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export function randomKeys(...ids: string[]): string {
  return ids.map((id) => `${id}:${randomBytes(32).toString("base64")}`).join(",");
}

export async function startHarness(options: { budgetRecheckMs?: number } = {}): Promise<Harness> {
  let now = Date.now();
  const clock = () => new Date(now);
  const emulator = await startSalesforceEmulator({ clock: () => now });
  const db = await createTestDatabase();
  const sql = new pg.Pool({ connectionString: db.url, max: 4 });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger: Logger = pino({ level: "trace", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, sink);
  const encryptionKeys = randomKeys("k1");
  const cipher = createTokenCipher(loadEncryptionKeys({ NODE_ENV: "test", TOKEN_ENCRYPTION_KEYS: encryptionKeys }));
  const config = loadSalesforceConfig({
    NODE_ENV: "test",
    SHOPIFY_APP_URL: "https://app.example.com",
    SALESFORCE_CLIENT_ID: "shopify-sync-client",
    SALESFORCE_CLIENT_SECRET: "shopify-sync-secret",
    OAUTH_STATE_SECRET: randomBytes(32).toString("base64"),
    SALESFORCE_ALLOWED_LOGIN_HOSTS: emulator.url,
  });
  const clients: PrismaClient[] = [];
  const build = () => {
    const prisma = createPrismaClient(db.url, 5);
    clients.push(prisma);
    return createSalesforceConnections({ prisma, cipher, oauthConfig: config, logger, clock, budgetRecheckMs: options.budgetRecheckMs });
  };
  const sf = build();

  const authorizeInBrowser = (authorizeUrl: string, org: OrgHandle = emulator.defaultOrg) => loginThroughForm(authorizeUrl, org);

  return {
    db,
    sql,
    prisma: clients[0],
    emulator,
    cipher,
    encryptionKeys,
    config,
    sf,
    logs,
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    secondProcess: build,
    authorizeInBrowser,
    async connectShop(shop, org = emulator.defaultOrg) {
      const begun = await sf.oauth.begin({ shop, environment: "custom", myDomain: emulator.url });
      if (!begun.ok) throw new Error(begun.message);
      const result = await sf.oauth.complete(await authorizeInBrowser(begun.authorizeUrl, org));
      if (!result.ok) throw new Error(result.message);
    },
    async close() {
      await Promise.all(clients.map((c) => c.$disconnect()));
      await sql.end();
      await emulator.close();
      await db.drop();
    },
  };
}

/** Every access and refresh token the emulator ever issued to `org` and still knows. */
export function issuedTokens(org: OrgHandle): string[] {
  const tokens = new Set<string>();
  for (const [access, session] of org.org.sessions) {
    tokens.add(access);
    if (session.refreshToken) tokens.add(session.refreshToken);
  }
  return [...tokens];
}

/** What a call threw (jsforce's Query is thenable but not a Promise, so .catch() is typed narrowly). */
export async function caught(work: PromiseLike<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

export { loginThroughForm };
