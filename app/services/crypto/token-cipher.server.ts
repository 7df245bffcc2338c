import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EncryptionKeyring } from "./encryption-keys.server";

/**
 * AES-256-GCM for secrets at rest. Format: `v1:<keyId>:<iv>:<tag>:<data>` (base64url parts). The key id
 * travels with the ciphertext so keys can rotate; the associated data (e.g. the shop) binds a ciphertext
 * to its row, so one shop's token copied into another shop's row fails to decrypt.
 */
export interface TokenCipher {
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(ciphertext: string, associatedData?: string): string;
  /** The key id a ciphertext was written with. */
  keyIdOf(ciphertext: string): string;
  /** True when a ciphertext was not written with the current key (rotate-key re-encrypts it). */
  needsRotation(ciphertext: string): boolean;
  readonly currentKeyId: string;
}

const VERSION = "v1";
const IV_BYTES = 12; // GCM's recommended nonce size
const TAG_BYTES = 16;

export class TokenDecryptionError extends Error {
  override name = "TokenDecryptionError";
}

export function createTokenCipher(keyring: EncryptionKeyring): TokenCipher {
  const keys = new Map(keyring.all.map((k) => [k.id, k.key]));
  return {
    currentKeyId: keyring.current.id,
    encrypt(plaintext, associatedData = "") {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keyring.current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, keyring.current.id, b64(iv), b64(cipher.getAuthTag()), b64(data)].join(":");
    },
    decrypt(ciphertext, associatedData = "") {
      const { keyId, iv, tag, data } = parse(ciphertext);
      const key = keys.get(keyId);
      if (!key) throw new TokenDecryptionError(`No key "${keyId}" in TOKEN_ENCRYPTION_KEYS: keep old keys listed until \`npm run rotate-key\` has run.`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(associatedData, "utf8"));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenDecryptionError(`A stored secret failed authentication with key "${keyId}" (tampered, or copied from another row).`);
      }
    },
    keyIdOf(ciphertext) {
      return parse(ciphertext).keyId;
    },
    needsRotation(ciphertext) {
      return parse(ciphertext).keyId !== keyring.current.id;
    },
  };
}

function parse(ciphertext: string): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } {
  const parts = ciphertext.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenDecryptionError("Not a v1 ciphertext.");
  const [, keyId, iv, tag, data] = parts;
  return { keyId, iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url"), data: Buffer.from(data, "base64url") };
}

function b64(buffer: Buffer): string {
  return buffer.toString("base64url");
}
