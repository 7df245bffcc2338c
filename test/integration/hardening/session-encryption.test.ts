import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCipher, loadEncryptionKeys } from "../../../app/services/crypto/index.server";
import { rotateSessionTokens } from "../../../app/services/shopify/encrypted-session-storage.server";
import { createPrismaClient } from "../../../app/services/store/prisma-client.server";
import { startAppUnderTest, type AppUnderTest } from "../../support/app-under-test";

// Shopify's session tokens are encrypted at rest by the app's own session storage (Shopify's
// PrismaSessionStorage, wrapped), and `npm run rotate-key` covers them.

const SHOP = "sealed.myshopify.com";
const ACCESS = `shpat_${randomBytes(16).toString("hex")}`;
const REFRESH = `shprt_${randomBytes(16).toString("hex")}`;
const K1 = `k1:${randomBytes(32).toString("base64")}`;
const K2 = `k2:${randomBytes(32).toString("base64")}`;

let app: AppUnderTest;
beforeAll(async () => {
  process.env.TOKEN_ENCRYPTION_KEYS = K1;
  app = await startAppUnderTest();
});
afterAll(async () => {
  await app.close();
});

const rawMatches = async (needle: string) =>
  (await app.sql.query(`SELECT count(*)::int AS n FROM "Session" s WHERE s::text LIKE '%' || $1 || '%'`, [needle])).rows[0].n as number;

describe("Shopify session tokens at rest", () => {
  it("stores no plaintext token: a search over the raw Session table finds nothing, and the app reads them back", async () => {
    const { sessionStorage } = await import("../../../app/shopify.server");
    const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "s", isOnline: false, accessToken: ACCESS, refreshToken: REFRESH, refreshTokenExpires: new Date(Date.now() + 3600_000) });
    await sessionStorage.storeSession(session);
    expect(await rawMatches(ACCESS)).toBe(0);
    expect(await rawMatches(REFRESH)).toBe(0);
    expect(await rawMatches(ACCESS.slice(6, 20))).toBe(0);
    const loaded = await sessionStorage.loadSession(`offline_${SHOP}`);
    expect(loaded).toMatchObject({ accessToken: ACCESS, refreshToken: REFRESH, shop: SHOP });
    expect((await sessionStorage.findSessionsByShop(SHOP))[0].accessToken).toBe(ACCESS);
  });

  it("does not decrypt a token copied into another session's row", async () => {
    const { sessionStorage } = await import("../../../app/shopify.server");
    await app.sql.query(`INSERT INTO "Session" (id, shop, state, "accessToken") SELECT 'offline_thief.myshopify.com', 'thief.myshopify.com', 's', "accessToken" FROM "Session" WHERE id = $1`, [`offline_${SHOP}`]);
    await expect(sessionStorage.loadSession("offline_thief.myshopify.com")).rejects.toThrow(/failed authentication/);
    await app.sql.query(`DELETE FROM "Session" WHERE shop = 'thief.myshopify.com'`);
  });

  it("npm run rotate-key seals plaintext sessions written before encryption and re-seals under the new key", async () => {
    const legacy = `shpat_${randomBytes(16).toString("hex")}`;
    await app.sql.query(`INSERT INTO "Session" (id, shop, state, "accessToken") VALUES ('offline_legacy.myshopify.com', 'legacy.myshopify.com', 's', $1)`, [legacy]);
    const prisma = createPrismaClient(app.db.url, 2);
    try {
      const rotated = await rotateSessionTokens(prisma, createTokenCipher(loadEncryptionKeys({ NODE_ENV: "test", TOKEN_ENCRYPTION_KEYS: `${K2},${K1}` })));
      expect(rotated).toEqual({ checked: 2, reencrypted: 2, failed: 0 });
      expect(await rawMatches(legacy)).toBe(0);
      const { rows } = await app.sql.query(`SELECT "accessToken", "refreshToken" FROM "Session" ORDER BY id`);
      for (const row of rows) expect(row.accessToken).toMatch(/^v1:k2:/);
      expect(rows.some((row) => String(row.refreshToken).startsWith("v1:k2:"))).toBe(true);
      const cipher = createTokenCipher(loadEncryptionKeys({ NODE_ENV: "test", TOKEN_ENCRYPTION_KEYS: K2 }));
      expect(cipher.decrypt(rows[0].accessToken, "shopify-session:offline_legacy.myshopify.com:accessToken")).toBe(legacy);
    } finally {
      await prisma.$disconnect();
    }
  });
});
