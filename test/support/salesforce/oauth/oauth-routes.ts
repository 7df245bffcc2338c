import { createHash, randomBytes } from "node:crypto";
import { html, jsonResult, redirect, type HttpResult } from "../http/http-result";
import type { Org, OrgUser } from "../org/org";
import type { OrgRegistry } from "../registry";
import {
  clientCredentialsTokenBody,
  identityUrl,
  jwtBearerTokenBody,
  passwordTokenBody,
  refreshTokenBody,
  webServerTokenBody,
  type TokenContext,
} from "./token-responses";

// OAuth 2.0 as Salesforce runs it: web-server flow with PKCE, refresh, username-password,
// client credentials, revoke and the identity URL. Error bodies match oauth_error_*.json.

const CODE_TTL_MS = 15 * 60 * 1000;
const DEFAULT_SCOPE = "api refresh_token";

function oauthError(error: string, description: string, status = 400): HttpResult {
  return jsonResult(status, { error, error_description: description });
}

function decodeJwtPayload(assertion: string): Record<string, unknown> | undefined {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString("utf8")) as unknown;
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class OAuthEndpoints {
  constructor(
    private readonly registry: OrgRegistry,
    private readonly baseUrl: () => string,
  ) {}

  /** Validates a client as Salesforce would; `undefined` means accepted. */
  private checkClient(clientId: string | null, clientSecret: string | null, secretRequired: boolean): HttpResult | undefined {
    if (!clientId) return oauthError("invalid_client_id", "client identifier invalid");
    if (!this.registry.clients) {
      return secretRequired && !clientSecret ? oauthError("invalid_client", "invalid client credentials") : undefined;
    }
    const client = this.registry.client(clientId);
    if (!client) return oauthError("invalid_client_id", "client identifier invalid");
    if ((secretRequired || clientSecret) && client.clientSecret !== undefined && client.clientSecret !== clientSecret) {
      return oauthError("invalid_client", "invalid client credentials");
    }
    return undefined;
  }

  private newRefreshToken(org: Org, user: OrgUser, clientId: string, scope: string): string {
    const token = `5Aep861${randomBytes(48).toString("base64url")}`;
    this.registry.refreshGrants.set(token, { org, user, clientId, scope });
    return token;
  }

  token(params: URLSearchParams): HttpResult {
    const grant = params.get("grant_type");
    const clientId = params.get("client_id");
    const clientSecret = params.get("client_secret");
    const base = this.baseUrl();
    const context = (org: Org, user: OrgUser, scope: string, refreshToken?: string): TokenContext => ({
      baseUrl: base,
      org,
      user,
      session: org.issueSession(user.id, clientId ?? undefined, refreshToken, scope),
      clientId: clientId ?? "",
      clientSecret: clientSecret ?? undefined,
      scope,
    });
    switch (grant) {
      case "password": {
        const bad = this.checkClient(clientId, clientSecret, true);
        if (bad) return bad;
        const found = this.registry.findUser(params.get("username") ?? "");
        if (!found) return oauthError("invalid_grant", "authentication failure");
        if (found.user.password !== params.get("password")) {
          return oauthError("invalid_grant", "authentication failure - Invalid Password");
        }
        return jsonResult(200, passwordTokenBody(context(found.org, found.user, DEFAULT_SCOPE)));
      }
      case "authorization_code": {
        const bad = this.checkClient(clientId, clientSecret, false);
        if (bad) return bad;
        const code = this.registry.authCodes.get(params.get("code") ?? "");
        // Codes are single use: a replay fails even if the first exchange succeeded.
        this.registry.authCodes.delete(params.get("code") ?? "");
        if (!code || code.expiresAt < this.registry.clock() || code.clientId !== clientId) {
          return oauthError("invalid_grant", "invalid authorization code");
        }
        if (code.redirectUri !== params.get("redirect_uri")) return oauthError("redirect_uri_mismatch", "redirect_uri must match configuration");
        if (code.codeChallenge !== undefined) {
          const verifier = params.get("code_verifier") ?? "";
          const challenge = createHash("sha256").update(verifier).digest("base64url");
          if (!verifier || challenge !== code.codeChallenge) return oauthError("invalid_grant", "invalid code verifier");
        }
        const scopes = code.scope.split(" ");
        const refresh = scopes.includes("refresh_token") || scopes.includes("offline_access") || scopes.includes("full")
          ? this.newRefreshToken(code.org, code.user, code.clientId, code.scope)
          : undefined;
        return jsonResult(200, webServerTokenBody(context(code.org, code.user, code.scope, refresh)));
      }
      case "refresh_token": {
        const token = params.get("refresh_token") ?? "";
        const refresh = this.registry.refreshGrants.get(token);
        if (!refresh || !this.registry.orgs.has(refresh.org.id)) return oauthError("invalid_grant", "expired access/refresh token");
        const bad = this.checkClient(clientId, clientSecret, false);
        if (bad) return bad;
        if (clientId !== refresh.clientId) return oauthError("invalid_grant", "expired access/refresh token");
        const body = refreshTokenBody(context(refresh.org, refresh.user, refresh.scope, token));
        // Salesforce names the org's current instance in every refresh; it changes when an org is migrated.
        if (refresh.org.refreshInstanceUrl) body.instance_url = refresh.org.refreshInstanceUrl;
        return jsonResult(200, body);
      }
      case "client_credentials": {
        const bad = this.checkClient(clientId, clientSecret, true);
        if (bad) return bad;
        const runAs = this.registry.client(clientId ?? "")?.runAs;
        const defaultOrg = this.registry.orgs.values().next().value;
        const found = runAs ? this.registry.findUser(runAs) : defaultOrg && { org: defaultOrg, user: defaultOrg.admin };
        if (!found) return oauthError("invalid_grant", "no client credentials user enabled");
        return jsonResult(200, clientCredentialsTokenBody(context(found.org, found.user, DEFAULT_SCOPE)));
      }
      case "urn:ietf:params:oauth:grant-type:jwt-bearer": {
        // The assertion's signature is not verified: tests sign with throwaway keys.
        const claims = decodeJwtPayload(params.get("assertion") ?? "");
        if (!claims || typeof claims.sub !== "string" || typeof claims.iss !== "string") return oauthError("invalid_grant", "invalid assertion");
        if (typeof claims.exp === "number" && claims.exp * 1000 < this.registry.clock()) return oauthError("invalid_grant", "invalid assertion");
        if (this.registry.clients && !this.registry.client(claims.iss)) return oauthError("invalid_client_id", "client identifier invalid");
        const found = this.registry.findUser(claims.sub);
        if (!found) return oauthError("invalid_grant", "user hasn't approved this consumer");
        return jsonResult(200, jwtBearerTokenBody(context(found.org, found.user, "api")));
      }
      default:
        return oauthError("unsupported_grant_type", "grant type not supported");
    }
  }

  /** GET shows a login form unless auto-approval applies; the form POSTs back here. */
  authorize(method: string, params: URLSearchParams): HttpResult {
    const clientId = params.get("client_id");
    const redirectUri = params.get("redirect_uri") ?? "";
    const client = clientId ? this.registry.client(clientId) : undefined;
    if (!clientId || (this.registry.clients && !client)) {
      return html(400, "<html><body><h1>error=invalid_client_id</h1><p>client identifier invalid</p></body></html>");
    }
    if (!redirectUri || (client?.redirectUris && !client.redirectUris.includes(redirectUri))) {
      return html(400, "<html><body><h1>error=redirect_uri_mismatch</h1><p>redirect_uri must match configuration</p></body></html>");
    }
    const back = new URL(redirectUri);
    const state = params.get("state");
    if (params.get("response_type") !== "code") {
      back.searchParams.set("error", "unsupported_response_type");
      back.searchParams.set("error_description", "response type not supported");
      if (state !== null) back.searchParams.set("state", state);
      return redirect(back.toString());
    }
    let user: { org: Org; user: OrgUser } | undefined;
    let problem = "";
    if (method === "POST") {
      user = this.registry.findUser(params.get("username") ?? "");
      if (!user || user.user.password !== params.get("password")) {
        user = undefined;
        problem = "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";
      }
    } else {
      const autoUser = params.get("emulator_auto_approve") === "true" ? params.get("login_hint") ?? "admin@example.com" : this.registry.autoApproveUsername;
      if (autoUser) user = this.registry.findUser(autoUser);
    }
    if (!user) return this.loginForm(params, problem);
    const code = `aPrx${randomBytes(48).toString("base64url")}`;
    this.registry.authCodes.set(code, {
      org: user.org,
      user: user.user,
      clientId,
      redirectUri,
      codeChallenge: params.get("code_challenge") ?? undefined,
      scope: params.get("scope") ?? DEFAULT_SCOPE,
      expiresAt: this.registry.clock() + CODE_TTL_MS,
    });
    back.searchParams.set("code", code);
    if (state !== null) back.searchParams.set("state", state);
    return redirect(back.toString());
  }

  private loginForm(params: URLSearchParams, problem: string): HttpResult {
    const hidden = [...params]
      .filter(([k]) => k !== "username" && k !== "password")
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("");
    return html(
      200,
      `<!doctype html><html><head><title>Login | Salesforce</title></head><body>` +
        (problem ? `<div id="error" role="alert">${escapeHtml(problem)}</div>` : "") +
        `<form method="post" action="/services/oauth2/authorize">${hidden}` +
        `<label>Username <input id="username" name="username" value="${escapeHtml(params.get("login_hint") ?? "")}"></label>` +
        `<label>Password <input id="password" name="password" type="password"></label>` +
        `<button id="Login" type="submit">Log In</button></form></body></html>`,
    );
  }

  /** Revoking a refresh token also ends the sessions issued from it; an access token ends its refresh token too. */
  revoke(params: URLSearchParams): HttpResult {
    const token = params.get("token") ?? "";
    if (this.registry.revokeRefreshToken(token)) return { status: 200, body: "" };
    const org = this.registry.orgForAccessToken(token);
    const session = org?.sessions.get(token);
    if (org && session) {
      org.sessions.delete(token);
      if (session.refreshToken) this.registry.revokeRefreshToken(session.refreshToken);
      return { status: 200, body: "" };
    }
    return {
      status: 400,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported",
    };
  }

  /** GET /id/{orgId}/{userId}, authorized by a bearer token or `oauth_token` of the same user. */
  identity(orgId: string, userId: string, token: string | undefined): HttpResult {
    const org = token ? this.registry.orgForAccessToken(token) : undefined;
    const session = org && token ? org.session(token) : undefined;
    if (!org || !session || !org.id.startsWith(orgId.slice(0, 15))) return { status: 403, headers: { "Content-Type": "text/plain" }, body: "Bad_OAuth_Token" };
    const user = org.users.find((u) => u.id === userId || u.id.slice(0, 15) === userId);
    if (!user || user.id !== session.userId) return { status: 403, headers: { "Content-Type": "text/plain" }, body: "Bad_Id" };
    const base = this.baseUrl();
    const data = `${base}/services/data/v{version}`;
    return jsonResult(200, {
      id: identityUrl(base, org, user),
      asserted_user: true,
      user_id: user.id,
      organization_id: org.id,
      username: user.username,
      nick_name: user.username.split("@")[0],
      display_name: `${user.firstName} ${user.lastName}`,
      email: user.email,
      email_verified: true,
      first_name: user.firstName,
      last_name: user.lastName,
      timezone: "America/Los_Angeles",
      photos: { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` },
      addr_street: null,
      addr_city: null,
      addr_state: null,
      addr_country: null,
      addr_zip: null,
      mobile_phone: null,
      mobile_phone_verified: false,
      is_lightning_login_user: false,
      status: { created_date: null, body: null },
      urls: {
        enterprise: `${base}/services/Soap/c/{version}/${org.id}`,
        metadata: `${base}/services/Soap/m/{version}/${org.id}`,
        partner: `${base}/services/Soap/u/{version}/${org.id}`,
        rest: `${data}/`,
        sobjects: `${data}/sobjects/`,
        search: `${data}/search/`,
        query: `${data}/query/`,
        recent: `${data}/recent/`,
        tooling_soap: `${base}/services/Soap/T/{version}/${org.id}`,
        tooling_rest: `${data}/tooling/`,
        profile: `${base}/${user.id}`,
        feeds: `${data}/chatter/feeds`,
        groups: `${data}/chatter/groups`,
        users: `${data}/chatter/users`,
        feed_items: `${data}/chatter/feed-items`,
        feed_elements: `${data}/chatter/feed-elements`,
        custom_domain: base,
      },
      active: true,
      user_type: "STANDARD",
      language: "en_US",
      locale: "en_US",
      utcOffset: -28800000,
      last_modified_date: org.nowStamp(),
      is_app_installed: true,
    });
  }
}
