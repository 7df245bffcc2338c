import type { PrismaClient } from "@prisma/client";
import { Connection } from "jsforce";
import type { SObjectDescribe } from "../../sync/sobject-describe";
import type { TokenCipher } from "../crypto/token-cipher.server";
import type { Logger } from "../logging/logger.server";
import { createApiBudget, type ApiUsage, type BudgetDecision } from "./api-budget.server";
import { createConnectionStore } from "./connection-store.server";
import { readConnectionStatus, type ConnectionStatusView } from "./connection-status.server";
import { cachedDescribes, readDescribeCache } from "./describe-cache.server";
import { SalesforceNeedsReauthError, SalesforceNotConnectedError } from "./errors.server";
import { createOAuth2Factory } from "./oauth-client.server";
import { isTrustedInstanceUrl } from "./login-url.server";
import { createOAuthFlow, type OAuthFlow } from "./oauth-flow.server";
import { createOAuthStateStore } from "./oauth-state.server";
import type { SalesforceOAuthConfig } from "./salesforce-config.server";
import { createSetupCheck, type HealthReport, type SetupCheckOptions } from "./setup-check.server";
import { createTokenRefresher, type FreshSession } from "./token-refresh.server";

export interface SalesforceConnectionsDeps {
  prisma: PrismaClient;
  cipher: TokenCipher;
  oauthConfig: SalesforceOAuthConfig;
  logger: Logger;
  clock?: () => Date;
  /** How long a budget pause waits before asking Salesforce again (default 15 minutes). */
  budgetRecheckMs?: number;
}

export interface SalesforceConnections {
  /**
   * A ready jsforce Connection for the shop; an expired session is refreshed once for all callers.
   * Throws SalesforceNotConnectedError / SalesforceNeedsReauthError (see `pausesSync`).
   */
  connectionFor(shop: string): Promise<Connection>;
  /** Stores `conn.limitInfo.apiUsage` (from Sforce-Limit-Info); pauses or resumes the shop around the reserve. */
  recordApiUsage(shop: string, usage: ApiUsage): Promise<void>;
  /** Whether the shop may spend API calls now; a budget pause re-checks /limits itself once resumeAt passed. */
  budgetAllows(shop: string): Promise<BudgetDecision>;
  /** The org's describes cached by the last setup check, in the sync core's shape. */
  describes(shop: string): Promise<Record<string, SObjectDescribe>>;
  /** Forces the shared single-flight refresh (normally jsforce calls it on INVALID_SESSION_ID). */
  refreshSession(shop: string, failedAccessToken?: string): Promise<FreshSession>;
  runSetupCheck(shop: string, options?: SetupCheckOptions): Promise<HealthReport>;
  status(shop: string): Promise<ConnectionStatusView>;
  setApiReservePercent(shop: string, percent: number): Promise<void>;
  oauth: OAuthFlow;
}

export function createSalesforceConnections(deps: SalesforceConnectionsDeps): SalesforceConnections {
  const { prisma, cipher, oauthConfig, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const store = createConnectionStore({ prisma, cipher });
  const oauth2For = createOAuth2Factory(oauthConfig);
  const refresher = createTokenRefresher({
    prisma,
    store,
    oauth2For,
    isTrustedInstanceUrl: (instanceUrl) => isTrustedInstanceUrl(instanceUrl, oauthConfig.loginUrls),
    logger,
    clock,
  });

  async function connectionFor(shop: string): Promise<Connection> {
    const row = await store.find(shop);
    if (row?.status === "needs-reauth") throw new SalesforceNeedsReauthError(shop, row.statusMessage ?? "Salesforce needs you to reconnect.");
    if (!row || row.status !== "connected" || !row.accessTokenEncrypted || !row.instanceUrl) throw new SalesforceNotConnectedError(shop);
    let accessToken: string | undefined;
    try {
      accessToken = store.accessTokenOf(row);
    } catch (error) {
      // The key that sealed it is gone from TOKEN_ENCRYPTION_KEYS: restoring the key or reconnecting fixes it.
      throw new SalesforceNeedsReauthError(shop, "The stored Salesforce credentials cannot be read with the current encryption keys. Reconnect Salesforce.", { cause: error });
    }
    return new Connection({
      oauth2: oauth2For(row.loginUrl),
      instanceUrl: row.instanceUrl,
      accessToken,
      version: row.apiVersion,
      // No refresh token in the Connection: the shared refresher reads it from the database under a lock.
      refreshFn: refresher.refreshFnFor(shop),
    });
  }

  const budget = createApiBudget({
    prisma,
    logger,
    clock,
    recheckMs: deps.budgetRecheckMs,
    probe: async (shop) => {
      const limits = (await (await connectionFor(shop)).limits()) as unknown as { DailyApiRequests: { Max: number; Remaining: number } };
      return { used: limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining, limit: limits.DailyApiRequests.Max };
    },
  });
  const recordApiUsage = async (shop: string, usage: ApiUsage) => void (await budget.record(shop, usage));
  const setupCheck = createSetupCheck({ prisma, connectionFor, recordApiUsage, logger, clock });
  const states = createOAuthStateStore({ prisma, cipher, secret: oauthConfig.stateSecret, clock });

  return {
    connectionFor,
    recordApiUsage,
    budgetAllows: (shop) => budget.allows(shop),
    async describes(shop) {
      const row = await prisma.salesforceConnection.findUnique({ where: { shop }, select: { describeCache: true } });
      return cachedDescribes(readDescribeCache(row?.describeCache ?? null));
    },
    refreshSession: (shop, failedAccessToken) => refresher.refresh(shop, failedAccessToken),
    runSetupCheck: (shop, options) => setupCheck.run(shop, options),
    status: (shop) => readConnectionStatus(prisma, shop),
    async setApiReservePercent(shop, percent) {
      const clamped = Math.min(90, Math.max(0, Math.round(percent)));
      const row = await prisma.salesforceConnection.update({ where: { shop }, data: { apiReservePercent: clamped } });
      // Re-evaluate against the last usage seen, so a lowered reserve resumes at once.
      if (row.apiUsed != null && row.apiLimit) await budget.record(shop, { used: row.apiUsed, limit: row.apiLimit });
    },
    oauth: createOAuthFlow({ prisma, config: oauthConfig, states, store, oauth2For, logger, clock }),
  };
}
