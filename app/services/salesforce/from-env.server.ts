import type { PrismaClient } from "@prisma/client";
import { loadEncryptionKeys } from "../crypto/encryption-keys.server";
import { createTokenCipher, type TokenCipher } from "../crypto/token-cipher.server";
import type { Logger } from "../logging/logger.server";
import { warnOnce } from "../logging/warn-once.server";
import { createSalesforceConnections, type SalesforceConnections } from "./connection-factory.server";
import { loadSalesforceConfig } from "./salesforce-config.server";

/**
 * The one way a process (web or worker) builds its Salesforce side from the environment. Throws — and so
 * stops the process from starting — in production without TOKEN_ENCRYPTION_KEYS or the connected app.
 */
export function createSalesforceFromEnv(deps: { prisma: PrismaClient; logger: Logger; env?: NodeJS.ProcessEnv; budgetRecheckMs?: number }): {
  connections: SalesforceConnections;
  cipher: TokenCipher;
} {
  const env = deps.env ?? process.env;
  const warn = warnOnce((message: string) => deps.logger.warn(message));
  const cipher = createTokenCipher(loadEncryptionKeys(env, warn));
  const oauthConfig = loadSalesforceConfig(env, warn);
  return { cipher, connections: createSalesforceConnections({ prisma: deps.prisma, cipher, oauthConfig, logger: deps.logger, budgetRecheckMs: deps.budgetRecheckMs }) };
}
