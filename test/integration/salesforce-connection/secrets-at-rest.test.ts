import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCipher, loadEncryptionKeys } from "../../../app/services/crypto/index.server";
import { createLogger } from "../../../app/services/logging/logger.server";
import {
  SalesforceNeedsReauthError,
  createSalesforceConnections,
  rotateStoredTokens,
} from "../../../app/services/salesforce/index.server";
import { createPrismaClient } from "../../../app/services/store/prisma-client.server";
import { OTHER_SHOP, SHOP, caught, issuedTokens, randomKeys, startHarness, type Harness } from "./harness";

let h: Harness;
const seen = new Set<string>();
const remember = () => issuedTokens(h.emulator.defaultOrg).forEach((t) => seen.add(t));

beforeAll(async () => {
  h = await startHarness();
  // Every path that handles a token: connect, use, refresh (single and concurrent), a pending authorization,
  // a revoked grant (warn logs), a health check, disconnect.
  await h.connectShop(SHOP);
  remember();
  await (await h.sf.connectionFor(SHOP)).query("SELECT Id FROM Account");
  h.emulator.defaultOrg.expireSessions();
  await Promise.all(Array.from({ length: 4 }, async () => (await h.sf.connectionFor(SHOP)).query("SELECT Id FROM Account")));
  remember();
  await h.sf.runSetupCheck(SHOP);
  await h.sf.oauth.begin({ shop: SHOP, environment: "custom", myDomain: h.emulator.url });
  await h.connectShop(OTHER_SHOP);
  remember();
});
afterAll(async () => {
  await h.close();
});

describe("tokens at rest and in logs", () => {
  it("the raw SalesforceConnection and SalesforceOAuthState rows hold no token plaintext", async () => {
    expect(seen.size).toBeGreaterThanOrEqual(4);
    const dump = JSON.stringify([
      ...(await h.sql.query(`SELECT * FROM "SalesforceConnection"`)).rows,
      ...(await h.sql.query(`SELECT * FROM "SalesforceOAuthState"`)).rows,
    ]);
    for (const token of seen) expect(dump).not.toContain(token);
    const { rows } = await h.sql.query(`SELECT "accessTokenEncrypted" AS a, "refreshTokenEncrypted" AS r, "encryptionKeyId" AS k FROM "SalesforceConnection"`);
    for (const row of rows) {
      expect(row.a).toMatch(/^v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
      expect(row.r).toMatch(/^v1:k1:/);
      expect(row.k).toBe("k1");
    }
  });

  it("the captured logs hold no token, client secret or state secret, even after failures", async () => {
    const row = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: OTHER_SHOP } });
    const refresh = h.cipher.decrypt(row.refreshTokenEncrypted!, `salesforce-connection:${OTHER_SHOP}:refreshToken`);
    await fetch(`${h.emulator.url}/services/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: refresh }) });
    await caught((await h.sf.connectionFor(OTHER_SHOP)).query("SELECT Id FROM Account"));
    await h.sf.oauth.disconnect(SHOP);
    const logs = h.logs.join("");
    expect(logs).toContain("salesforce session refreshed");
    expect(logs).toContain("salesforce refresh token rejected");
    for (const secret of [...seen, h.config.clientSecret!, h.config.stateSecret]) expect(logs).not.toContain(secret);
  });

  it("a ciphertext moved to another shop's row does not decrypt", async () => {
    const one = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: OTHER_SHOP } });
    await h.connectShop(SHOP);
    const two = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(() => h.cipher.decrypt(two.accessTokenEncrypted!, `salesforce-connection:${one.shop}:accessToken`)).toThrow(/failed authentication/);
    expect(() => h.cipher.decrypt(two.accessTokenEncrypted!, `salesforce-connection:${SHOP}:refreshToken`)).toThrow(/failed authentication/);
  });
});

describe("key rotation (npm run rotate-key)", () => {
  it("re-encrypts every token with the new first key; the old key can then be dropped", async () => {
    await h.connectShop(SHOP);
    await h.connectShop(OTHER_SHOP);
    const newKey = randomKeys("k2");
    const logger = createLogger({ level: "silent" });
    const prisma = createPrismaClient(h.db.url, 2);
    try {
      const onlyNew = createTokenCipher(loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: newKey }));
      const withOnlyNew = createSalesforceConnections({ prisma, cipher: onlyNew, oauthConfig: h.config, logger });
      // Without the old key, stored tokens cannot be read: a classified error, not a crash.
      await expect(withOnlyNew.connectionFor(SHOP)).rejects.toBeInstanceOf(SalesforceNeedsReauthError);
      expect((await rotateStoredTokens({ prisma, cipher: onlyNew, logger })).connections).toEqual({ checked: 2, reencrypted: 0, failed: 2 });

      // TOKEN_ENCRYPTION_KEYS="k2:<new>,k1:<old>", then `npm run rotate-key`.
      const rotating = createTokenCipher(loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: `${newKey},${h.encryptionKeys}` }));
      const result = await rotateStoredTokens({ prisma, cipher: rotating, logger });
      expect(result.connections).toEqual({ checked: 2, reencrypted: 2, failed: 0 });
      const { rows } = await h.sql.query(`SELECT "accessTokenEncrypted" AS a, "refreshTokenEncrypted" AS r, "encryptionKeyId" AS k FROM "SalesforceConnection"`);
      for (const row of rows) expect([row.a.split(":")[1], row.r.split(":")[1], row.k]).toEqual(["k2", "k2", "k2"]);
      // Idempotent.
      expect((await rotateStoredTokens({ prisma, cipher: rotating, logger })).connections).toEqual({ checked: 2, reencrypted: 0, failed: 0 });
      // Old key gone: everything still works, refresh included.
      const conn = await withOnlyNew.connectionFor(SHOP);
      h.emulator.defaultOrg.expireSessions();
      expect((await conn.query("SELECT Id FROM Account")).done).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });
});
