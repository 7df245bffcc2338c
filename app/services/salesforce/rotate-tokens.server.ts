import type { PrismaClient } from "@prisma/client";
import type { TokenCipher } from "../crypto/token-cipher.server";
import type { Logger } from "../logging/logger.server";
import { createConnectionStore } from "./connection-store.server";

export interface RotationResult {
  connections: { checked: number; reencrypted: number; failed: number };
  pendingStates: { deleted: number };
}

/**
 * Re-encrypts every stored Salesforce token with the current key (`npm run rotate-key`). Safe to run while
 * the app runs (compare-and-swap per row) and to run again. A row whose key is no longer configured is
 * counted as failed and left alone: put the old key back in TOKEN_ENCRYPTION_KEYS and run again.
 */
export async function rotateStoredTokens(deps: { prisma: PrismaClient; cipher: TokenCipher; logger: Logger; batchSize?: number }): Promise<RotationResult> {
  const { prisma, cipher, logger } = deps;
  const store = createConnectionStore({ prisma, cipher });
  const result: RotationResult = { connections: { checked: 0, reencrypted: 0, failed: 0 }, pendingStates: { deleted: 0 } };
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.salesforceConnection.findMany({
      where: { OR: [{ accessTokenEncrypted: { not: null } }, { refreshTokenEncrypted: { not: null } }] },
      orderBy: { id: "asc" },
      take: deps.batchSize ?? 100,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      result.connections.checked++;
      try {
        if (await store.reencrypt(row)) result.connections.reencrypted++;
      } catch (error) {
        result.connections.failed++;
        logger.error({ shop: row.shop, err: { name: (error as Error).name, message: (error as Error).message } }, "could not re-encrypt a salesforce connection");
      }
    }
    cursor = rows[rows.length - 1].id;
  }
  // Authorizations in progress live 10 minutes; dropping them is simpler than re-encrypting (the merchant clicks Connect again).
  const stale = await prisma.salesforceOAuthState.deleteMany({ where: { NOT: { codeVerifierEncrypted: { startsWith: `v1:${cipher.currentKeyId}:` } } } });
  result.pendingStates.deleted = stale.count;
  return result;
}
