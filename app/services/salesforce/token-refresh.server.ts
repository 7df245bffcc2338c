import type { PrismaClient } from "@prisma/client";
import type { Connection, OAuth2 } from "jsforce";
import type { Logger } from "../logging/logger.server";
import type { ConnectionStore } from "./connection-store.server";
import { SalesforceNeedsReauthError, SalesforceNotConnectedError, SalesforceRefreshFailedError } from "./errors.server";
import { pauseShopSync } from "./shop-pause.server";

// One refresh per expired session, whoever notices it: callers in this process share a promise, and
// processes serialise on a PostgreSQL advisory lock per shop, then re-read the row — so a process that
// waited uses the token the first one stored instead of spending (and racing) a second refresh.

export interface FreshSession {
  accessToken: string;
  instanceUrl: string;
}

export interface TokenRefresher {
  /** `failedAccessToken`: the token Salesforce just rejected; a different stored token is used as is. */
  refresh(shop: string, failedAccessToken: string | undefined): Promise<FreshSession>;
  /** A jsforce `refreshFn` for the shop's connections, wired to `refresh`. */
  refreshFnFor(shop: string): (conn: Connection, callback: (err: Error | null | undefined, accessToken?: string) => void) => void;
}

// First key of pg_advisory_xact_lock(int, int): keeps our locks apart from any other advisory lock user.
const LOCK_NAMESPACE = 0x5f_5c_0001;
// Error codes of the token endpoint that no retry will fix: the grant is gone.
const DEAD_GRANT_ERRORS = new Set(["invalid_grant", "inactive_user", "inactive_org"]);

type Outcome =
  | { kind: "ok"; session: FreshSession; refreshed: boolean }
  | { kind: "not-connected" }
  | { kind: "needs-reauth"; message: string }
  | { kind: "failed"; error: unknown };

export function createTokenRefresher(deps: {
  prisma: PrismaClient;
  store: ConnectionStore;
  oauth2For: (loginUrl: string) => OAuth2;
  /** The same check as at connect: a refreshed session must point at a Salesforce host over https. */
  isTrustedInstanceUrl: (instanceUrl: string) => boolean;
  logger: Logger;
  clock?: () => Date;
}): TokenRefresher {
  const { prisma, store, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const inFlight = new Map<string, Promise<Outcome>>();

  async function refreshUnderLock(shop: string, failedAccessToken: string | undefined): Promise<Outcome> {
    return prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${shop}))`;
        const row = await store.find(shop, tx);
        if (!row || row.status === "disconnected") return { kind: "not-connected" };
        if (row.status === "needs-reauth") return { kind: "needs-reauth", message: row.statusMessage ?? reauthMessage() };
        const stored = store.accessTokenOf(row);
        if (stored && stored !== failedAccessToken && row.instanceUrl) {
          return { kind: "ok", session: { accessToken: stored, instanceUrl: row.instanceUrl }, refreshed: false };
        }
        const refreshToken = store.refreshTokenOf(row);
        if (!refreshToken) {
          const message = reauthMessage("Salesforce did not grant offline access (no refresh token)");
          await store.markNeedsReauth(tx, shop, message);
          await pauseShopSync(tx, shop, "salesforce-needs-reauth", clock());
          return { kind: "needs-reauth", message };
        }
        try {
          const response = await deps.oauth2For(row.loginUrl).refreshToken(refreshToken);
          const session = { accessToken: response.access_token, instanceUrl: response.instance_url || row.instanceUrl || "" };
          if (!deps.isTrustedInstanceUrl(session.instanceUrl)) {
            // Never send the token (or our records) to a host that is not Salesforce's: stop until the merchant reconnects.
            const message = reauthMessage("Salesforce's token refresh named an instance URL outside Salesforce");
            await store.markNeedsReauth(tx, shop, message);
            await pauseShopSync(tx, shop, "salesforce-needs-reauth", clock());
            return { kind: "needs-reauth", message };
          }
          await store.saveRefreshed(tx, shop, { ...session, refreshToken: response.refresh_token ?? refreshToken }, clock());
          return { kind: "ok", session, refreshed: true };
        } catch (error) {
          const code = error instanceof Error ? error.name : "";
          if (!DEAD_GRANT_ERRORS.has(code)) return { kind: "failed", error };
          const message = reauthMessage(`Salesforce answered ${code}: ${error instanceof Error ? error.message : ""}`);
          await store.markNeedsReauth(tx, shop, message);
          await pauseShopSync(tx, shop, "salesforce-needs-reauth", clock());
          return { kind: "needs-reauth", message };
        }
      },
      // The token request runs inside the transaction (that is what holds the lock): allow it time.
      { maxWait: 30_000, timeout: 60_000 },
    );
  }

  async function refresh(shop: string, failedAccessToken: string | undefined): Promise<FreshSession> {
    let pending = inFlight.get(shop);
    if (!pending) {
      pending = refreshUnderLock(shop, failedAccessToken).finally(() => inFlight.delete(shop));
      inFlight.set(shop, pending);
    }
    const outcome = await pending;
    switch (outcome.kind) {
      case "ok":
        if (outcome.refreshed) logger.info({ shop }, "salesforce session refreshed");
        return outcome.session;
      case "not-connected":
        throw new SalesforceNotConnectedError(shop);
      case "needs-reauth":
        logger.warn({ shop }, "salesforce refresh token rejected: sync paused until the merchant reconnects");
        throw new SalesforceNeedsReauthError(shop, outcome.message);
      case "failed":
        logger.warn({ shop, err: describeError(outcome.error) }, "salesforce session refresh failed");
        throw new SalesforceRefreshFailedError(shop, { cause: outcome.error });
    }
  }

  return {
    refresh,
    refreshFnFor(shop) {
      return (conn, callback) => {
        refresh(shop, conn.accessToken ?? undefined).then(
          (session) => {
            conn.instanceUrl = session.instanceUrl;
            callback(null, session.accessToken);
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      };
    },
  };
}

function reauthMessage(detail?: string): string {
  return (
    "Salesforce no longer accepts this app's access" +
    (detail ? ` (${detail})` : "") +
    ". Sync is paused and new events are kept; open Salesforce connection and click Connect to resume."
  );
}

/** Name and message only: token endpoint errors never carry tokens, but request objects might. */
function describeError(error: unknown): { name?: string; message?: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
