import type { PrismaClient } from "@prisma/client";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { Connection, type OAuth2 } from "jsforce";
import type { Logger } from "../logging/logger.server";
import type { ConnectionStore } from "./connection-store.server";
import { isTrustedInstanceUrl, resolveLoginUrl, type SalesforceEnvironment } from "./login-url.server";
import type { OAuthStateStore, StateRejection } from "./oauth-state.server";
import { resetForOrgSwitch, type OrgSwitchResult } from "./org-switch.server";
import type { SalesforceOAuthConfig } from "./salesforce-config.server";
import { pauseShopSync, resumeShopSync } from "./shop-pause.server";

// The OAuth 2.0 web-server flow with PKCE: begin() (from the embedded admin) builds the authorize URL,
// complete() (the top-level callback) checks the state, exchanges the code, reads the identity and
// stores the connection; disconnect() revokes at Salesforce and forgets the tokens here.

export type BeginResult = { ok: true; authorizeUrl: string; /** With bindToBrowser: the secret for the starting browser's cookie. */ browserBinding?: string } | { ok: false; message: string };

export type CallbackFailure = StateRejection | "salesforce-denied" | "exchange-failed" | "untrusted-instance";

export type CallbackResult =
  | { ok: true; shop: string; orgId: string; username: string; orgSwitch?: OrgSwitchResult }
  /** `shop` only when the state was validly signed, so a redirect can go back to that admin. */
  | { ok: false; reason: CallbackFailure; message: string; shop?: string };

export interface OAuthFlow {
  /**
   * `bindToBrowser`: only the browser that receives `browserBinding` (as a cookie, see auth.salesforce.start)
   * can complete the flow, so a callback link that leaks or is forged into another browser is refused.
   */
  begin(input: { shop: string; environment: SalesforceEnvironment; myDomain?: string; bindToBrowser?: boolean }): Promise<BeginResult>;
  complete(callbackParams: URLSearchParams, options?: { browserBinding?: string }): Promise<CallbackResult>;
  /** Whether `authorizeUrl` is the login page of a pending, browser-bound flow whose binding is `browserBinding`. */
  verifyStart(authorizeUrl: string, browserBinding: string): Promise<boolean>;
  disconnect(shop: string): Promise<{ revoked: boolean }>;
}

const STATE_MESSAGES: Record<StateRejection, string> = {
  malformed: "This Salesforce sign-in link is not valid. Start again from the app's Salesforce connection page.",
  "bad-signature": "This Salesforce sign-in link was not issued by this app. Start again from the app's Salesforce connection page.",
  expired: "This Salesforce sign-in took longer than 10 minutes. Start again from the app's Salesforce connection page.",
  "unknown-or-used": "This Salesforce sign-in link was already used. Start again from the app's Salesforce connection page.",
  "shop-mismatch": "This Salesforce sign-in link belongs to another store. Start again from the app's Salesforce connection page.",
  "other-browser": "This Salesforce sign-in was started in another browser or admin session. Start again from the app's Salesforce connection page.",
};

interface IdentityResponse {
  user_id: string;
  organization_id: string;
  username: string;
}

export function createOAuthFlow(deps: {
  prisma: PrismaClient;
  config: SalesforceOAuthConfig;
  states: OAuthStateStore;
  store: ConnectionStore;
  oauth2For: (loginUrl: string) => OAuth2;
  logger: Logger;
  clock?: () => Date;
}): OAuthFlow {
  const { prisma, config, states, store, oauth2For, logger } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function revokeQuietly(loginUrl: string, token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      await oauth2For(loginUrl).revokeToken(token);
      return true;
    } catch (error) {
      // Already revoked or expired at Salesforce: nothing left to revoke, which is the goal.
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "salesforce token revoke failed");
      return false;
    }
  }

  return {
    async begin({ shop, environment, myDomain, bindToBrowser }) {
      const login = resolveLoginUrl(environment, myDomain, config.loginUrls);
      if (!login.ok) return login;
      const browserBinding = bindToBrowser ? randomBytes(32).toString("base64url") : undefined;
      const { state, codeChallenge } = await states.issue({ shop, environment, loginUrl: login.loginUrl, browserBindingHash: browserBinding && bindingHash(browserBinding) });
      const authorizeUrl = oauth2For(login.loginUrl).getAuthorizationUrl({ scope: config.scope, state, code_challenge: codeChallenge });
      return { ok: true, authorizeUrl, ...(browserBinding ? { browserBinding } : {}) };
    },

    async verifyStart(authorizeUrl, browserBinding) {
      let url: URL;
      try {
        url = new URL(authorizeUrl);
      } catch {
        return false;
      }
      const pending = await states.peek(url.searchParams.get("state") ?? "");
      // The redirect goes only to the login host the flow was started for: no open redirect.
      if (!pending?.browserBindingHash || new URL(pending.loginUrl).origin !== url.origin) return false;
      return sameHash(pending.browserBindingHash, browserBinding);
    },

    async complete(params, options = {}) {
      const consumed = await states.consume(params.get("state") ?? "");
      if (!consumed.ok) {
        logger.warn({ reason: consumed.reason, shop: consumed.shop }, "salesforce oauth callback rejected");
        return { ok: false, reason: consumed.reason, message: STATE_MESSAGES[consumed.reason], shop: consumed.shop };
      }
      const { shop, environment, loginUrl, codeVerifier, browserBindingHash } = consumed.pending;
      const denied = params.get("error");
      const code = params.get("code");
      if (denied || !code) {
        const detail = params.get("error_description") ?? denied ?? "no authorization code";
        return { ok: false, shop, reason: "salesforce-denied", message: `Salesforce did not authorize the connection: ${detail}.` };
      }
      // Before the code is exchanged: a code delivered to another browser never becomes a connection.
      if (browserBindingHash && !sameHash(browserBindingHash, options.browserBinding)) {
        logger.warn({ shop }, "salesforce oauth callback from another browser rejected");
        return { ok: false, reason: "other-browser", message: STATE_MESSAGES["other-browser"], shop };
      }
      const oauth2 = oauth2For(loginUrl);
      let tokens: Awaited<ReturnType<OAuth2["requestToken"]>>;
      try {
        tokens = await oauth2.requestToken(code, { code_verifier: codeVerifier });
      } catch (error) {
        logger.warn({ shop, err: { name: (error as Error).name, message: (error as Error).message } }, "salesforce code exchange failed");
        return { ok: false, shop, reason: "exchange-failed", message: `Salesforce refused the sign-in (${(error as Error).message}). Try connecting again.` };
      }
      if (!isTrustedInstanceUrl(tokens.instance_url, config.loginUrls)) {
        await revokeQuietly(loginUrl, tokens.refresh_token ?? tokens.access_token);
        return { ok: false, shop, reason: "untrusted-instance", message: "Salesforce returned an instance URL outside salesforce.com; the connection was not saved." };
      }
      let identity: IdentityResponse;
      try {
        const conn = new Connection({ instanceUrl: tokens.instance_url, accessToken: tokens.access_token, version: config.apiVersion });
        // The Authorization header, not jsforce's identity() which puts the token in the query string.
        identity = await conn.request<IdentityResponse>({ method: "GET", url: tokens.id });
      } catch (error) {
        await revokeQuietly(loginUrl, tokens.refresh_token ?? tokens.access_token);
        return { ok: false, shop, reason: "exchange-failed", message: `Salesforce signed you in but its identity service failed (${(error as Error).message}). Try again.` };
      }
      const previous = await store.find(shop);
      const previousRefresh = previous ? safely(() => store.refreshTokenOf(previous)) : undefined;
      await store.saveAuthorized(
        {
          shop,
          environment,
          loginUrl,
          instanceUrl: tokens.instance_url,
          orgId: identity.organization_id,
          userId: identity.user_id,
          username: identity.username,
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token,
          apiVersion: config.apiVersion,
        },
        clock(),
      );
      // Another org than before: the ids and hashes we hold belong to the old one.
      const orgSwitch =
        previous?.orgId && previous.orgId !== identity.organization_id
          ? await resetForOrgSwitch(prisma, shop, previous.orgId, identity.organization_id, clock())
          : undefined;
      if (orgSwitch) logger.info({ shop, ...orgSwitch }, "salesforce org switched: sync ids reset");
      await resumeShopSync(prisma, shop, ["salesforce-needs-reauth", "salesforce-not-connected"]);
      // Reconnecting replaces the grant: the old one must not stay valid at Salesforce.
      if (previousRefresh && previousRefresh !== tokens.refresh_token && previous) await revokeQuietly(previous.loginUrl, previousRefresh);
      logger.info({ shop, orgId: identity.organization_id, environment }, "salesforce connected");
      return { ok: true, shop, orgId: identity.organization_id, username: identity.username, orgSwitch };
    },

    async disconnect(shop) {
      const row = await store.find(shop);
      if (!row) return { revoked: false };
      // Revoking the refresh token also ends every access token issued from it.
      const token = safely(() => store.refreshTokenOf(row)) ?? safely(() => store.accessTokenOf(row));
      const revoked = await revokeQuietly(row.loginUrl, token);
      await store.clearTokens(shop, "Disconnected by the merchant.");
      await pauseShopSync(prisma, shop, "salesforce-not-connected", clock());
      logger.info({ shop, revoked }, "salesforce disconnected");
      return { revoked };
    },
  };
}

/** A token that no longer decrypts (e.g. its key was removed) is as good as absent here. */
function safely(read: () => string | undefined): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function bindingHash(binding: string): string {
  return createHash("sha256").update(`salesforce-oauth-binding:${binding}`).digest("base64url");
}

function sameHash(expected: string, binding: string | undefined): boolean {
  if (!binding) return false;
  const given = Buffer.from(bindingHash(binding));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
