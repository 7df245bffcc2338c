import { Prisma, type PrismaClient, type SalesforceConnection } from "@prisma/client";
import type { TokenCipher } from "../crypto/token-cipher.server";
import type { SalesforceEnvironment } from "./login-url.server";

// The only code that reads or writes token columns. Tokens are encrypted with the shop and the column as
// associated data, so a ciphertext moved to another row or column does not decrypt.

export const CONNECTION_STATUSES = ["disconnected", "connected", "needs-reauth", "error"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export type Db = PrismaClient | Prisma.TransactionClient;

export interface AuthorizedConnection {
  shop: string;
  environment: SalesforceEnvironment;
  loginUrl: string;
  instanceUrl: string;
  orgId: string;
  userId: string;
  username: string;
  accessToken: string;
  refreshToken: string | undefined;
  apiVersion: string;
}

export interface ConnectionStore {
  find(shop: string, db?: Db): Promise<SalesforceConnection | null>;
  accessTokenOf(row: SalesforceConnection): string | undefined;
  refreshTokenOf(row: SalesforceConnection): string | undefined;
  saveAuthorized(input: AuthorizedConnection, at: Date): Promise<SalesforceConnection>;
  /** `refreshToken`: the rotated one, or the one just used (re-sealed with the current key either way). */
  saveRefreshed(db: Db, shop: string, update: { accessToken: string; instanceUrl: string; refreshToken: string }, at: Date): Promise<void>;
  markNeedsReauth(db: Db, shop: string, message: string): Promise<void>;
  /** Forgets the tokens (disconnect); keeps settings such as the reserve and the environment. */
  clearTokens(shop: string, message: string | null): Promise<void>;
  /** Re-encrypts both tokens with the current key (key rotation). Returns whether anything changed. */
  reencrypt(row: SalesforceConnection): Promise<boolean>;
}

export function createConnectionStore({ prisma, cipher }: { prisma: PrismaClient; cipher: TokenCipher }): ConnectionStore {
  const aad = (shop: string, column: "accessToken" | "refreshToken") => `salesforce-connection:${shop}:${column}`;
  const seal = (shop: string, column: "accessToken" | "refreshToken", value: string | undefined) =>
    value === undefined ? null : cipher.encrypt(value, aad(shop, column));
  const open = (shop: string, column: "accessToken" | "refreshToken", value: string | null) =>
    value === null ? undefined : cipher.decrypt(value, aad(shop, column));

  return {
    find: (shop, db = prisma) => db.salesforceConnection.findUnique({ where: { shop } }),
    accessTokenOf: (row) => open(row.shop, "accessToken", row.accessTokenEncrypted),
    refreshTokenOf: (row) => open(row.shop, "refreshToken", row.refreshTokenEncrypted),

    async saveAuthorized(input, at) {
      const data = {
        environment: input.environment,
        loginUrl: input.loginUrl,
        instanceUrl: input.instanceUrl,
        orgId: input.orgId,
        userId: input.userId,
        username: input.username,
        accessTokenEncrypted: seal(input.shop, "accessToken", input.accessToken),
        refreshTokenEncrypted: seal(input.shop, "refreshToken", input.refreshToken),
        encryptionKeyId: cipher.currentKeyId,
        apiVersion: input.apiVersion,
        status: "connected" satisfies ConnectionStatus,
        statusMessage: null,
        connectedAt: at,
        tokenRefreshedAt: at,
      };
      return prisma.salesforceConnection.upsert({
        where: { shop: input.shop },
        create: { shop: input.shop, ...data },
        // Another org may be connected now: its describe and usage no longer apply.
        update: { ...data, describeCache: Prisma.DbNull, describeCachedAt: null, healthReport: Prisma.DbNull, lastHealthCheckAt: null, apiUsed: null, apiLimit: null, apiUsageSeenAt: null },
      });
    },

    async saveRefreshed(db, shop, update, at) {
      await db.salesforceConnection.update({
        where: { shop },
        data: {
          accessTokenEncrypted: seal(shop, "accessToken", update.accessToken),
          refreshTokenEncrypted: seal(shop, "refreshToken", update.refreshToken),
          encryptionKeyId: cipher.currentKeyId,
          instanceUrl: update.instanceUrl,
          tokenRefreshedAt: at,
        },
      });
    },

    async markNeedsReauth(db, shop, message) {
      // The access token is useless too; dropping both leaves nothing to leak or to retry with.
      await db.salesforceConnection.update({
        where: { shop },
        data: { status: "needs-reauth" satisfies ConnectionStatus, statusMessage: message, accessTokenEncrypted: null, refreshTokenEncrypted: null },
      });
    },

    async clearTokens(shop, message) {
      await prisma.salesforceConnection.updateMany({
        where: { shop },
        data: {
          status: "disconnected" satisfies ConnectionStatus,
          statusMessage: message,
          accessTokenEncrypted: null,
          refreshTokenEncrypted: null,
          encryptionKeyId: null,
        },
      });
    },

    async reencrypt(row) {
      const stale = [row.accessTokenEncrypted, row.refreshTokenEncrypted].some((value) => value !== null && cipher.needsRotation(value));
      if (!stale) return false;
      const access = open(row.shop, "accessToken", row.accessTokenEncrypted);
      const refresh = open(row.shop, "refreshToken", row.refreshTokenEncrypted);
      // Compare-and-swap on the old ciphertexts: a refresh that ran meanwhile already wrote with the current key.
      const { count } = await prisma.salesforceConnection.updateMany({
        where: { shop: row.shop, accessTokenEncrypted: row.accessTokenEncrypted, refreshTokenEncrypted: row.refreshTokenEncrypted },
        data: {
          accessTokenEncrypted: seal(row.shop, "accessToken", access),
          refreshTokenEncrypted: seal(row.shop, "refreshToken", refresh),
          encryptionKeyId: cipher.currentKeyId,
        },
      });
      return count > 0;
    },
  };
}
