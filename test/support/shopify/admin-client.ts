import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { ShopifyEmulator } from "./emulator";
import type { EmulatedShop } from "./shop";

/**
 * Shopify's own Admin GraphQL client (`@shopify/shopify-api`, the one `admin.graphql` of
 * shopify-app-remix wraps), pointed at the emulator: the library always speaks https to the shop's
 * domain, so its fetch is swapped for one that sends the shop's /admin requests to the emulator.
 */
export function emulatorAdminClient(emulator: ShopifyEmulator, shop: EmulatedShop) {
  setAbstractFetchFunc(emulator.fetch);
  const api = shopifyApi({
    apiKey: "test-api-key",
    apiSecretKey: "hush",
    apiVersion: ApiVersion.October26,
    hostName: "app.example.com",
    isEmbeddedApp: true,
    scopes: [...shop.scopes],
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  const session = new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "", isOnline: false, accessToken: shop.accessToken });
  return new api.clients.Graphql({ session });
}
