export { createTokenCipher, TokenDecryptionError, type TokenCipher } from "./token-cipher.server";
export { loadEncryptionKeys, HOW_TO_MAKE_A_KEY, type EncryptionKey, type EncryptionKeyring } from "./encryption-keys.server";
