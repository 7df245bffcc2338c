import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { TokenCipher } from "../crypto/token-cipher.server";
import type { SalesforceEnvironment } from "./login-url.server";

// The OAuth `state` is both signed (HMAC, so nobody can mint one) and backed by a row (so each one works
// once, and the PKCE verifier never leaves the server). Payload: nonce, shop, expiry.

export const STATE_TTL_MS = 10 * 60 * 1000;

export interface PendingAuthorization {
  shop: string;
  environment: SalesforceEnvironment;
  loginUrl: string;
  codeVerifier: string;
  /** Set when the flow is bound to the browser that started it (see oauth-flow.server.ts). */
  browserBindingHash: string | null;
}

export interface IssuedState {
  state: string;
  /** S256 PKCE challenge of the verifier kept server-side. */
  codeChallenge: string;
}

export const STATE_REJECTIONS = ["malformed", "bad-signature", "expired", "unknown-or-used", "shop-mismatch", "other-browser"] as const;
export type StateRejection = (typeof STATE_REJECTIONS)[number];

export type ConsumedState =
  | { ok: true; pending: PendingAuthorization }
  | { ok: false; reason: StateRejection; /** Only from a validly signed state. */ shop?: string };

export interface OAuthStateStore {
  issue(input: { shop: string; environment: SalesforceEnvironment; loginUrl: string; browserBindingHash?: string }): Promise<IssuedState>;
  /** A validly signed, unexpired, unused state's binding hash and login URL, without consuming it. */
  peek(state: string): Promise<{ loginUrl: string; browserBindingHash: string | null } | null>;
  /** Verifies and deletes: a second call with the same state fails with "unknown-or-used". */
  consume(state: string): Promise<ConsumedState>;
}

interface StatePayload {
  n: string;
  s: string;
  x: number;
}

export function createOAuthStateStore(deps: {
  prisma: PrismaClient;
  cipher: TokenCipher;
  secret: string;
  clock?: () => Date;
  ttlMs?: number;
}): OAuthStateStore {
  const { prisma, cipher } = deps;
  const clock = deps.clock ?? (() => new Date());
  const ttlMs = deps.ttlMs ?? STATE_TTL_MS;
  // A dedicated key, so the configured secret is never used directly for two purposes.
  const key = createHmac("sha256", deps.secret).update("salesforce-oauth-state/v1").digest();
  const sign = (body: string) => createHmac("sha256", key).update(body).digest();

  return {
    async issue({ shop, environment, loginUrl, browserBindingHash }) {
      const now = clock();
      const nonce = randomBytes(24).toString("base64url");
      const codeVerifier = randomBytes(64).toString("base64url"); // 86 chars, within RFC 7636's 43–128
      const expiresAt = new Date(now.getTime() + ttlMs);
      // Abandoned attempts would otherwise accumulate; deleting them here needs no scheduler.
      await prisma.salesforceOAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
      await prisma.salesforceOAuthState.create({
        data: { nonce, shop, environment, loginUrl, expiresAt, browserBindingHash: browserBindingHash ?? null, codeVerifierEncrypted: cipher.encrypt(codeVerifier, aad(nonce)) },
      });
      const body = Buffer.from(JSON.stringify({ n: nonce, s: shop, x: expiresAt.getTime() } satisfies StatePayload)).toString("base64url");
      return {
        state: `${body}.${sign(body).toString("base64url")}`,
        codeChallenge: createHash("sha256").update(codeVerifier).digest("base64url"),
      };
    },

    async peek(state) {
      const verified = verify(state);
      if (!verified.ok || verified.payload.x <= clock().getTime()) return null;
      const row = await prisma.salesforceOAuthState.findUnique({ where: { nonce: verified.payload.n }, select: { loginUrl: true, browserBindingHash: true, shop: true } });
      return row && row.shop === verified.payload.s ? { loginUrl: row.loginUrl, browserBindingHash: row.browserBindingHash } : null;
    },

    async consume(state) {
      const verified = verify(state);
      if (!verified.ok) return verified;
      const payload = verified.payload;
      // Deleting first makes the state single-use even under concurrent callbacks: one DELETE wins.
      const rows = await prisma.$queryRaw<Array<{ shop: string; environment: string; loginUrl: string; codeVerifierEncrypted: string; expiresAt: Date; browserBindingHash: string | null }>>`
        DELETE FROM "SalesforceOAuthState" WHERE nonce = ${payload.n}
        RETURNING shop, environment, "loginUrl", "codeVerifierEncrypted", "expiresAt", "browserBindingHash"`;
      const now = clock().getTime();
      if (payload.x <= now) return { ok: false, reason: "expired", shop: payload.s };
      const row = rows[0];
      if (!row) return { ok: false, reason: "unknown-or-used", shop: payload.s };
      if (row.shop !== payload.s) return { ok: false, reason: "shop-mismatch", shop: payload.s };
      if (row.expiresAt.getTime() <= now) return { ok: false, reason: "expired", shop: payload.s };
      return {
        ok: true,
        pending: {
          shop: row.shop,
          environment: row.environment as SalesforceEnvironment,
          loginUrl: row.loginUrl,
          codeVerifier: cipher.decrypt(row.codeVerifierEncrypted, aad(payload.n)),
          browserBindingHash: row.browserBindingHash,
        },
      };
    },
  };

  function verify(state: string): { ok: true; payload: StatePayload } | { ok: false; reason: "malformed" | "bad-signature" } {
    const [body, signature, extra] = state.split(".");
    if (!body || !signature || extra !== undefined) return { ok: false, reason: "malformed" };
    const given = Buffer.from(signature, "base64url");
    const expected = sign(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad-signature" };
    const payload = parsePayload(body);
    return payload ? { ok: true, payload } : { ok: false, reason: "malformed" };
  }
}

function aad(nonce: string): string {
  return `oauth-state:${nonce}:codeVerifier`;
}

function parsePayload(body: string): StatePayload | undefined {
  try {
    const value = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<StatePayload>;
    if (typeof value.n === "string" && typeof value.s === "string" && typeof value.x === "number") return value as StatePayload;
  } catch {
    // fall through: not our payload
  }
  return undefined;
}
