import type { PrismaClient } from "@prisma/client";
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { TokenCipher } from "../crypto/token-cipher.server";

// Shopify's access and refresh tokens are encrypted at rest with the key ring that seals Salesforce tokens.
// Shopify's own PrismaSessionStorage does the storing; this wrapper only seals the two token fields on the
// way in and opens them on the way out (the session id and column are the associated data, so a token
// copied to another row does not decrypt). Rows written before encryption (plaintext) are still read,
// and `npm run rotate-key` seals them.

const SEALED = /^v1:[A-Za-z0-9_-]{1,32}:/;
type TokenField = "accessToken" | "refreshToken";

export function createEncryptedSessionStorage(inner: SessionStorage, cipher: TokenCipher): SessionStorage {
  const aad = (id: string, field: TokenField) => `shopify-session:${id}:${field}`;
  const seal = (id: string, field: TokenField, value: string | undefined) => (value ? cipher.encrypt(value, aad(id, field)) : value);
  const open = (id: string, field: TokenField, value: string | undefined) => (value && SEALED.test(value) ? cipher.decrypt(value, aad(id, field)) : value);
  const transform = (session: Session, through: typeof seal): Session =>
    new Session({
      ...session.toObject(),
      accessToken: through(session.id, "accessToken", session.accessToken),
      refreshToken: through(session.id, "refreshToken", session.refreshToken),
    });

  return {
    storeSession: (session) => inner.storeSession(transform(session, seal)),
    async loadSession(id) {
      const stored = await inner.loadSession(id);
      return stored ? transform(stored, open) : undefined;
    },
    deleteSession: (id) => inner.deleteSession(id),
    deleteSessions: (ids) => inner.deleteSessions(ids),
    async findSessionsByShop(shop) {
      return (await inner.findSessionsByShop(shop)).map((session) => transform(session, open));
    },
  };
}

/** `npm run rotate-key`: seals plaintext session tokens and re-seals those under an older key. */
export async function rotateSessionTokens(prisma: PrismaClient, cipher: TokenCipher): Promise<{ checked: number; reencrypted: number; failed: number }> {
  const result = { checked: 0, reencrypted: 0, failed: 0 };
  const rows = await prisma.session.findMany({ select: { id: true, accessToken: true, refreshToken: true } });
  const reseal = (id: string, field: TokenField, value: string | null) => {
    if (!value) return { value, changed: false };
    if (!SEALED.test(value)) return { value: cipher.encrypt(value, `shopify-session:${id}:${field}`), changed: true };
    if (!cipher.needsRotation(value)) return { value, changed: false };
    return { value: cipher.encrypt(cipher.decrypt(value, `shopify-session:${id}:${field}`), `shopify-session:${id}:${field}`), changed: true };
  };
  for (const row of rows) {
    result.checked++;
    try {
      const access = reseal(row.id, "accessToken", row.accessToken);
      const refresh = reseal(row.id, "refreshToken", row.refreshToken);
      if (!access.changed && !refresh.changed) continue;
      // Compare-and-swap: a session Shopify refreshed meanwhile is already sealed with the current key.
      const { count } = await prisma.session.updateMany({
        where: { id: row.id, accessToken: row.accessToken, refreshToken: row.refreshToken },
        data: { accessToken: access.value ?? "", refreshToken: refresh.value },
      });
      result.reencrypted += count;
    } catch {
      result.failed++;
    }
  }
  return result;
}
