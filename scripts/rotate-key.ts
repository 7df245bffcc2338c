// `npm run rotate-key`: re-encrypts every stored Salesforce token and Shopify session token with the current key, i.e. the first
// entry of TOKEN_ENCRYPTION_KEYS ("k2:<new>,k1:<old>"). Keep the old keys listed until this reports
// failed: 0, then remove them. Uses DATABASE_URL, or the embedded PostgreSQL like `npm start`.
import { createTokenCipher, loadEncryptionKeys } from "../app/services/crypto/index.server";
import { createLogger } from "../app/services/logging/logger.server";
import { openRuntimeDatabase } from "../app/services/runtime/database.server";
import { rotateStoredTokens } from "../app/services/salesforce/index.server";
import { rotateSessionTokens } from "../app/services/shopify/encrypted-session-storage.server";
import { createPrismaClient } from "../app/services/store/prisma-client.server";

const logger = createLogger({ name: "rotate-key" });
const keyring = loadEncryptionKeys(process.env, (message) => logger.warn(message));
const database = await openRuntimeDatabase(logger);
const prisma = createPrismaClient(database.url, 2);
try {
  const cipher = createTokenCipher(keyring);
  const result = await rotateStoredTokens({ prisma, cipher, logger });
  const shopifySessions = await rotateSessionTokens(prisma, cipher);
  logger.info({ currentKey: keyring.current.id, ...result, shopifySessions }, "token encryption key rotation finished");
  process.exitCode = result.connections.failed > 0 || shopifySessions.failed > 0 ? 1 : 0;
} finally {
  await prisma.$disconnect();
  await database.stop();
}
