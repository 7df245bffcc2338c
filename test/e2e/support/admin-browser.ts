import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { APP_BRIDGE_STUB } from "./app-bridge-stub";

// Debian's Chromium, headless, in a fresh profile, with every request that leaves loopback refused
// (and counted). Pages open as the Shopify admin opens an embedded app: /app/...?embedded=1&shop=…&host=…
// &id_token=<session token>; after that, App Bridge (stubbed) adds a fresh token to every fetch.

export interface AdminBrowser {
  page: Page;
  /** Non-loopback requests the pages tried (and that were refused), App Bridge and fonts excepted. */
  blocked: string[];
  /**
   * A document load of an admin path, as the admin iframe would request it; resolves once React has
   * hydrated (the pages' loading-bar hook has called shopify.loading), unless `hydrated` is false.
   */
  open(pathname: string, options?: { hydrated?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

export async function openAdminBrowser(options: { baseUrl: string; shop: string; sessionToken: () => string }): Promise<AdminBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "sfsync-e2e-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    viewport: { width: 1280, height: 900 },
    // authenticate.admin answers 410 to bots, and isbot counts "HeadlessChrome" as one.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
  });
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
    if (url.href.startsWith(APP_BRIDGE_URL)) return route.fulfill({ status: 200, contentType: "text/javascript", body: APP_BRIDGE_STUB });
    // The Inter font stylesheet root.tsx links: the system font stands in.
    if (url.hostname === "cdn.shopify.com" && url.pathname.endsWith(".css")) return route.fulfill({ status: 200, contentType: "text/css", body: "" });
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  await context.exposeFunction("__e2eSessionToken", () => options.sessionToken());
  const page = context.pages()[0] ?? (await context.newPage());
  const host = Buffer.from(`admin.shopify.com/store/${options.shop.replace(".myshopify.com", "")}`).toString("base64");

  return {
    page,
    blocked,
    async open(pathname, { hydrated = true } = {}) {
      const url = new URL(pathname, options.baseUrl);
      for (const [key, value] of Object.entries({ embedded: "1", shop: options.shop, host, id_token: options.sessionToken() })) url.searchParams.set(key, value);
      const response = await page.goto(url.toString(), { waitUntil: "load" });
      if (!response) throw new Error(`no response for ${pathname}`);
      if (response.status() >= 500) throw new Error(`${pathname} answered ${response.status()}`);
      // A click before hydration would be a plain document navigation without a session token.
      if (hydrated) await page.waitForFunction(() => document.documentElement.dataset.adminLoading !== undefined);
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
