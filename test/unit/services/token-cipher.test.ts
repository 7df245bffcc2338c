import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenCipher, loadEncryptionKeys } from "../../../app/services/crypto/index.server";

const key = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

describe("loadEncryptionKeys", () => {
  it("refuses to run in production without a key and says how to make one", () => {
    expect(() => loadEncryptionKeys({ NODE_ENV: "production" })).toThrow(/TOKEN_ENCRYPTION_KEYS is not set.*openssl rand -base64 32/);
  });

  it("uses a labelled development key outside production, with a warning", () => {
    const warnings: string[] = [];
    const keyring = loadEncryptionKeys({ NODE_ENV: "development" }, (m) => warnings.push(m));
    expect(keyring).toMatchObject({ isDevelopmentKey: true, current: { id: "dev-insecure" } });
    expect(warnings.join()).toMatch(/DEVELOPMENT key "dev-insecure", which is public/);
  });

  it("takes the first key as current and keeps the others for reading", () => {
    const keyring = loadEncryptionKeys({ NODE_ENV: "production", TOKEN_ENCRYPTION_KEYS: `${key("k2")}, ${key("k1")}` });
    expect(keyring.current.id).toBe("k2");
    expect(keyring.all.map((k) => k.id)).toEqual(["k2", "k1"]);
  });

  it("rejects short keys, bad ids and duplicates without echoing key material", () => {
    const short = `k1:${randomBytes(16).toString("base64")}`;
    expect(() => loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: short })).toThrow(/exactly 32 bytes/);
    try {
      loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: short });
    } catch (error) {
      expect((error as Error).message).not.toContain(short.slice(3));
    }
    expect(() => loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: randomBytes(32).toString("base64") })).toThrow(/<id>:<base64 key>/);
    const k = key("k1");
    expect(() => loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: `${k},${k}` })).toThrow(/twice/);
  });
});

describe("TokenCipher (AES-256-GCM)", () => {
  const cipher = createTokenCipher(loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: key("k1") }));

  it("round-trips with the v1:<keyId>:<iv>:<tag>:<data> format and a fresh IV each time", () => {
    const a = cipher.encrypt("00Dxx!secret", "ctx");
    const b = cipher.encrypt("00Dxx!secret", "ctx");
    expect(a).toMatch(/^v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a, "ctx")).toBe("00Dxx!secret");
    expect(cipher.keyIdOf(a)).toBe("k1");
    expect(cipher.needsRotation(a)).toBe(false);
  });

  it("detects tampering and a different associated data", () => {
    const sealed = cipher.encrypt("token", "shop-a");
    const parts = sealed.split(":");
    const data = Buffer.from(parts[4], "base64url");
    data[0] ^= 1;
    parts[4] = data.toString("base64url");
    expect(() => cipher.decrypt(parts.join(":"), "shop-a")).toThrow(/failed authentication/);
    expect(() => cipher.decrypt(sealed, "shop-b")).toThrow(/failed authentication/);
    expect(() => cipher.decrypt("not-a-ciphertext")).toThrow(/Not a v1 ciphertext/);
  });

  it("reads old keys, writes the current one, and names a missing key", () => {
    const oldKey = key("k1");
    const old = createTokenCipher(loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: oldKey }));
    const rotated = createTokenCipher(loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: `${key("k2")},${oldKey}` }));
    const sealed = old.encrypt("token");
    expect(rotated.decrypt(sealed)).toBe("token");
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.keyIdOf(rotated.encrypt("token"))).toBe("k2");
    const withoutOld = createTokenCipher(loadEncryptionKeys({ TOKEN_ENCRYPTION_KEYS: key("k2") }));
    expect(() => withoutOld.decrypt(sealed)).toThrow(/No key "k1"/);
  });
});
