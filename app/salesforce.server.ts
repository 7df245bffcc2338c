import { readEnv, resolveShopifyConfig } from "./config.server";
import prisma from "./db.server";
import { createLogger } from "./services/logging/logger.server";
import { createSalesforceFromEnv } from "./services/salesforce/index.server";

// The web process's Salesforce side, built once (like shopify.server.ts). Importing it validates the
// configuration: in production a missing TOKEN_ENCRYPTION_KEYS stops the server build from loading.

const env = readEnv();
const logger = createLogger({ level: env.LOG_LEVEL, name: "salesforce" });
const { connections } = createSalesforceFromEnv({ prisma, logger });

export const salesforce = connections;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/** Where the OAuth callback sends the merchant back: the connection page inside the Shopify admin. */
export function embeddedConnectionUrl(shop: string, query: Record<string, string> = {}): string | undefined {
  const custom = process.env.SHOP_CUSTOM_DOMAIN;
  if (!SHOP_DOMAIN.test(shop) && !(custom && shop.endsWith(`.${custom}`))) return undefined;
  const url = new URL(`https://${shop}/admin/apps/${resolveShopifyConfig(env).apiKey}/app/connection`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}
