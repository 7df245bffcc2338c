import { createHmac } from "node:crypto";
import type { Org, OrgUser, Session } from "../org/org";

// Token endpoint bodies with the keys, in the order, of the fixtures oauth_token_*.json.

export function identityUrl(baseUrl: string, org: Org, user: OrgUser): string {
  return `${baseUrl}/id/${org.id}/${user.id}`;
}

/** Salesforce signs `id + issued_at` with the client secret (HMAC-SHA256, base64). */
function signature(secret: string | undefined, id: string, issuedAt: string): string {
  return createHmac("sha256", secret ?? "salesforce-emulator").update(id + issuedAt).digest("base64");
}

function idToken(baseUrl: string, org: Org, user: OrgUser, clientId: string, secret: string | undefined): string {
  const header = Buffer.from(JSON.stringify({ kid: "220", typ: "JWT", alg: "HS256" })).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(
    JSON.stringify({
      sub: identityUrl(baseUrl, org, user),
      aud: clientId,
      iss: baseUrl,
      exp: now + 300,
      iat: now,
      preferred_username: user.username,
      email: user.email,
    }),
  ).toString("base64url");
  const sig = createHmac("sha256", secret ?? "salesforce-emulator").update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${sig}`;
}

export interface TokenContext {
  baseUrl: string;
  org: Org;
  user: OrgUser;
  session: Session;
  clientId: string;
  clientSecret: string | undefined;
  scope: string;
}

export function passwordTokenBody(c: TokenContext): Record<string, string> {
  const id = identityUrl(c.baseUrl, c.org, c.user);
  const issuedAt = String(c.session.issuedAt);
  return {
    id,
    issued_at: issuedAt,
    instance_url: c.baseUrl,
    signature: signature(c.clientSecret, id, issuedAt),
    access_token: c.session.accessToken,
  };
}

export function webServerTokenBody(c: TokenContext): Record<string, string> {
  const id = identityUrl(c.baseUrl, c.org, c.user);
  const issuedAt = String(c.session.issuedAt);
  const scopes = c.scope.split(" ");
  const out: Record<string, string> = { access_token: c.session.accessToken };
  if (c.session.refreshToken) out.refresh_token = c.session.refreshToken;
  out.signature = signature(c.clientSecret, id, issuedAt);
  out.scope = c.scope;
  if (scopes.includes("openid")) out.id_token = idToken(c.baseUrl, c.org, c.user, c.clientId, c.clientSecret);
  out.instance_url = c.baseUrl;
  out.id = id;
  out.token_type = "Bearer";
  out.issued_at = issuedAt;
  return out;
}

export function refreshTokenBody(c: TokenContext): Record<string, string> {
  const id = identityUrl(c.baseUrl, c.org, c.user);
  const issuedAt = String(c.session.issuedAt);
  return {
    id,
    issued_at: issuedAt,
    instance_url: c.baseUrl,
    signature: signature(c.clientSecret, id, issuedAt),
    access_token: c.session.accessToken,
    token_type: "Bearer",
    scope: c.scope,
  };
}

export function clientCredentialsTokenBody(c: TokenContext): Record<string, string> {
  const id = identityUrl(c.baseUrl, c.org, c.user);
  const issuedAt = String(c.session.issuedAt);
  return {
    access_token: c.session.accessToken,
    signature: signature(c.clientSecret, id, issuedAt),
    scope: c.scope,
    instance_url: c.baseUrl,
    id,
    token_type: "Bearer",
    issued_at: issuedAt,
  };
}

export function jwtBearerTokenBody(c: TokenContext): Record<string, string> {
  return {
    access_token: c.session.accessToken,
    scope: c.scope,
    instance_url: c.baseUrl,
    id: identityUrl(c.baseUrl, c.org, c.user),
    token_type: "Bearer",
  };
}
