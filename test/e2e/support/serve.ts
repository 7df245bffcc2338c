// The production server as `npm start` runs it (the built Remix app on Express), in a child process of
// the e2e test, with outbound network blocked like the rest of the suite. Prints one line when listening.
import "../../support/block-network";
import { startWebServer } from "../../../app/services/runtime/web-server.server";

const server = await startWebServer({ port: Number(process.env.PORT), host: "127.0.0.1" });
await routeShopifyAdminApi(process.env.SHOPIFY_ADMIN_EMULATOR_URL);
console.log(`LISTENING ${server.url}`);

/**
 * With the Shopify Admin API emulator running in the test, Shopify's client (which always speaks https to
 * the shop's domain) is pointed at it, as the integration tests do with `emulator.fetch`. After the build
 * is loaded, because Shopify's node adapter installs the global fetch when imported.
 */
async function routeShopifyAdminApi(emulatorUrl: string | undefined): Promise<void> {
  if (!emulatorUrl) return;
  const { setAbstractFetchFunc } = await import("@shopify/shopify-api/runtime");
  setAbstractFetchFunc((input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.hostname.endsWith(".myshopify.com") || !url.pathname.startsWith("/admin/")) return fetch(input, init);
    const target = `${emulatorUrl}/${url.host}${url.pathname}${url.search}`;
    return input instanceof Request ? fetch(new Request(target, input), init) : fetch(target, init);
  });
}

process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
