import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { readEnv, resolveShopifyConfig } from "./config.server";
import prisma from "./db.server";
import { createTokenCipher, loadEncryptionKeys } from "./services/crypto/index.server";
import { createEncryptedSessionStorage } from "./services/shopify/encrypted-session-storage.server";

const config = resolveShopifyConfig(readEnv());
// The key ring that seals Salesforce tokens seals Shopify's too (TOKEN_ENCRYPTION_KEYS; refused unset in production).
const sessionCipher = createTokenCipher(loadEncryptionKeys(process.env));

const shopify = shopifyApp({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecretKey,
  // One API version for the whole app: the same string is in shopify.app.toml ([webhooks] api_version).
  apiVersion: ApiVersion.October26,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: createEncryptedSessionStorage(new PrismaSessionStorage(prisma), sessionCipher),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      // A (re)install: the shop is ours to sync again.
      await prisma.shop.upsert({
        where: { shop: session.shop },
        create: { shop: session.shop, status: "installed" },
        update: { status: "installed", uninstalledAt: null },
      });
    },
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
