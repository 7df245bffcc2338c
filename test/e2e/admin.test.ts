import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedStream, toShopifyJson } from "../support/shopify-stream";
import { openAdminBrowser, type AdminBrowser } from "./support/admin-browser";
import { startE2EStack, type E2EStack } from "./support/e2e-stack";
import { buildIfStale } from "./support/production-server";

// The admin pages in headless Chromium against the production build, seeded with the demo's stream.

const SHOP = "e2e-demo.myshopify.com";
const OTHER_SHOP = "e2e-neighbour.myshopify.com";
const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "__screenshots__");

let stack: E2EStack;
let browser: AdminBrowser;
let started = 0;

beforeAll(async () => {
  started = Date.now();
  const build = buildIfStale();
  console.info(build.built ? `built the app in ${build.ms} ms` : "build/ is up to date");
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startE2EStack();
  await stack.connect(SHOP);
  // One record Salesforce refuses (the org's own validation rule), so there is something to fix.
  stack.orgFor(SHOP).addValidationRule({ object: "Contact", errorCondition: "Email = 'customer3@example.com'", message: "Contacts from this domain need a phone number", field: "Email" });
  await stack.deliver(scriptedStream({ shop: SHOP }));
  await stack.settle(SHOP);
  browser = await openAdminBrowser({ baseUrl: stack.server.url, shop: SHOP, sessionToken: () => stack.sessionToken(SHOP) });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  console.info(`e2e total ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const shot = (name: string) => browser.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe("admin pages in Chromium", () => {
  it("home: connection, today's numbers, the chart and the latest problems", async () => {
    const { page } = browser;
    await browser.open("/app");
    await shot("home");
    console.info(page.url(), (await page.content()).slice(0, 3000), browser.blocked);
    await expect(page.getByRole("heading", { name: "Salesforce Sync", level: 1 }).isVisible()).resolves.toBe(true);
    await shot("home");
  });
});
