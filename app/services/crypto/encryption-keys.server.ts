import { createHash } from "node:crypto";

/** One AES-256 key and the id stored beside every secret it encrypted, so old ciphertexts stay readable. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface EncryptionKeyring {
  /** Encrypts every new secret. */
  current: EncryptionKey;
  /** Every key that may still have ciphertexts, current first. */
  all: EncryptionKey[];
  /** True when running on the built-in development key (never in production). */
  isDevelopmentKey: boolean;
}

export const KEYS_ENV = "TOKEN_ENCRYPTION_KEYS";
export const HOW_TO_MAKE_A_KEY =
  `Set ${KEYS_ENV}="k1:$(openssl rand -base64 32)" (a key id, a colon and 32 random bytes in base64). ` +
  `To rotate, put the new key first and keep the old ones after it: "k2:<new>,k1:<old>", then run \`npm run rotate-key\`.`;

// Derived from a public string on purpose: anyone can compute it, so it protects nothing and is refused in production.
const DEV_KEY_ID = "dev-insecure";
const DEV_KEY = createHash("sha256").update("salesforce-sync-for-shopify development key - NOT SECRET").digest();

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `TOKEN_ENCRYPTION_KEYS` ("k2:base64,k1:base64", first = current). Production refuses to run without
 * it; development and tests fall back to a clearly labelled, publicly known key and say so through `warn`.
 */
export function loadEncryptionKeys(
  env: { NODE_ENV?: string; TOKEN_ENCRYPTION_KEYS?: string },
  warn: (message: string) => void = () => {},
): EncryptionKeyring {
  const raw = env.TOKEN_ENCRYPTION_KEYS?.trim();
  if (!raw) {
    if (env.NODE_ENV === "production") {
      throw new Error(`${KEYS_ENV} is not set: Salesforce tokens cannot be stored without an encryption key. ${HOW_TO_MAKE_A_KEY}`);
    }
    warn(`${KEYS_ENV} is not set: using the built-in DEVELOPMENT key "${DEV_KEY_ID}", which is public. ${HOW_TO_MAKE_A_KEY}`);
    const dev = { id: DEV_KEY_ID, key: DEV_KEY };
    return { current: dev, all: [dev], isDevelopmentKey: true };
  }
  const all = raw.split(",").map((entry) => parseKey(entry.trim()));
  const ids = new Set(all.map((k) => k.id));
  if (ids.size !== all.length) throw new Error(`${KEYS_ENV} lists a key id twice. ${HOW_TO_MAKE_A_KEY}`);
  if (env.NODE_ENV === "production" && ids.has(DEV_KEY_ID)) throw new Error(`${KEYS_ENV} must not use the development key id in production.`);
  return { current: all[0], all, isDevelopmentKey: false };
}

function parseKey(entry: string): EncryptionKey {
  const colon = entry.indexOf(":");
  const id = colon > 0 ? entry.slice(0, colon) : "";
  // The key material itself never appears in an error message.
  if (!KEY_ID.test(id)) throw new Error(`${KEYS_ENV}: each entry must be "<id>:<base64 key>" with id of [A-Za-z0-9_-]. ${HOW_TO_MAKE_A_KEY}`);
  const key = Buffer.from(entry.slice(colon + 1), "base64");
  if (key.length !== 32) throw new Error(`${KEYS_ENV}: key "${id}" must be exactly 32 bytes (base64 of 32 random bytes). ${HOW_TO_MAKE_A_KEY}`);
  return { id, key };
}
