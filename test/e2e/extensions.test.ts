import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminPreview, type AdminPreview } from "../../scripts/admin-preview/server";
import { generateShopHistory, startShopifyEmulator, type ShopifyEmulator } from "../support/shopify";
import { scriptedStream } from "../support/shopify-stream";
import { API_KEY, API_SECRET, startE2EStack, type E2EStack } from "./support/e2e-stack";
import { buildIfStale } from "./support/production-server";

// The admin UI extensions' bundles (built as the Shopify CLI builds them) running in Chromium in the local
// preview's harness page, as the admin runs them: `shopify.data.selected`, Shopify's web components, and
// fetches to the app's backend carrying session tokens. Everything behind is real: the production server,
// PostgreSQL, the sync worker, the Salesforce emulator, and the Shopify Admin API emulator for "Sync now".
// The same preview serves the embedded admin pages; a newcomer's click through them is the first test.

const SHOP = "e2e-blocks.myshopify.com";
const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "__screenshots__");
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

let shopify: ShopifyEmulator;
let stack: E2EStack;
let preview: AdminPreview;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const fresh = generateShopHistory({ seed: 21, customers: 3, orders: 4, now: Date.now(), historyDays: 20 });

beforeAll(async () => {
  buildIfStale();
  await mkdir(SCREENSHOTS, { recursive: true });
  shopify = await startShopifyEmulator();
  const shop = shopify.createShop({ domain: SHOP, accessToken: "shpat_e2e" });
  shop.putCustomers(fresh.customers);
  shop.putOrders(fresh.orders);
  stack = await startE2EStack({ serverEnv: { SHOPIFY_ADMIN_EMULATOR_URL: shopify.url } });
  await stack.connect(SHOP);
  stack.orgFor(SHOP).addValidationRule({ object: "Contact", errorCondition: "Email = 'customer3@example.com'", message: "Contacts from this domain need a phone number", field: "Email" });
  await stack.deliver(scriptedStream({ shop: SHOP }));
  await stack.settle(SHOP);
  preview = await startAdminPreview({ appUrl: stack.server.url, shop: SHOP, apiKey: API_KEY, apiSecret: API_SECRET, env: { NODE_ENV: "test" } });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, userAgent: USER_AGENT });
  // Only loopback: the font stylesheet is swapped by the preview; anything else would be a bug.
  await context.route("**/*", (route) => (["127.0.0.1", "localhost"].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort("blockedbyclient")));
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await stack?.close();
  await shopify?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
const badge = () => page.locator("s-admin-block s-badge");
const sql = (text: string, params: unknown[] = []) => stack.sql.query(text, params).then((result) => result.rows);

async function openExtension(handle: string, target: string, gids: string[]): Promise<void> {
  await page.goto(`${preview.url}__preview/extensions/${handle}/${target}?ids=${encodeURIComponent(gids.join(","))}`);
  await page.waitForFunction((expected) => document.documentElement.dataset.extensionTarget === expected, target);
}

async function waitForBadge(label: string, reloadWith?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if ((await badge().count()) > 0 && (await badge().textContent()) === label) return;
    if (Date.now() > deadline) throw new Error(`the block never showed "${label}" (shows "${await badge().textContent().catch(() => "nothing")}")`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (reloadWith) await reloadWith();
  }
}

describe("the local admin preview", () => {
  it("opens the embedded admin pages from its URL and clicks through every one from the nav bar", async () => {
    await page.goto(preview.url);
    await page.getByRole("heading", { level: 1, name: "Salesforce Sync" }).waitFor();
    const nav = page.getByRole("navigation", { name: /Admin navigation/ });
    for (const [link, title] of [["Sync activity", "Sync activity"], ["Field mappings", "Field mappings"], ["Validation rules", "Validation rules"], ["Salesforce connection", "Salesforce connection"], ["Home", "Salesforce Sync"]]) {
      await nav.getByRole("link", { name: link }).click();
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
    }
    await shot("preview-home");
  });
});

describe("order and customer blocks", () => {
  it("an order synced with a refund: its records with links into the org, refund and last attempt", async () => {
    const [{ orderId }] = await sql(`SELECT payload->>'order_id' AS "orderId" FROM "WebhookEvent" WHERE shop = $1 AND resource = 'refund' LIMIT 1`, [SHOP]);
    await openExtension("salesforce-order-block", "admin.order-details.block.render", [`gid://shopify/Order/${orderId}`]);
    await waitForBadge("Synced");
    const opportunity = page.getByRole("link", { name: /^Open Opportunity 006\w+ in Salesforce$/ });
    expect(await opportunity.getAttribute("href")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/006\w{15}$/);
    expect(await page.getByRole("link", { name: /^Open Account 001\w+ in Salesforce$/ }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /^Open Contact 003\w+ in Salesforce$/ }).count()).toBe(1);
    expect(await page.getByText(/^\d+ line items?\b/).count()).toBe(1);
    expect(await page.getByRole("link", { name: /^Refund \d+ · Synced$/ }).getAttribute("href")).toMatch(/\/a\w+$/);
    expect(await page.getByText(/^Synced · /).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Replay" }).count()).toBe(1);
    await shot("extension-order-block-synced");
  });

  it("a customer Salesforce refused: the explanation, then Replay once the org is fixed", async () => {
    const [{ id }] = await sql(`SELECT "shopifyId" AS id FROM "WebhookEvent" WHERE shop = $1 AND status = 'needs-attention' AND resource = 'customer' LIMIT 1`, [SHOP]);
    await openExtension("salesforce-customer-block", "admin.customer-details.block.render", [`gid://shopify/Customer/${id}`]);
    await waitForBadge("Needs attention");
    const explanation = page.locator("s-banner[heading='FIELD_CUSTOM_VALIDATION_EXCEPTION']");
    expect(await explanation.textContent()).toContain("Contacts from this domain need a phone number");
    await shot("extension-customer-block-needs-attention");

    stack.orgFor(SHOP).clearRules();
    await page.getByRole("button", { name: "Replay" }).click();
    await waitForBadge("Synced", async () => {
      if ((await badge().textContent()) !== "Synced") await openExtension("salesforce-customer-block", "admin.customer-details.block.render", [`gid://shopify/Customer/${id}`]);
    });
    expect(await page.getByRole("link", { name: /^Open Contact 003\w+ in Salesforce$/ }).count()).toBe(1);
    await shot("extension-customer-block-replayed");
  });

  it("an order never synced: Sync now reads it from Shopify, queues it, and the block follows it to Synced", async () => {
    const order = fresh.orders[0];
    const open = () => openExtension("salesforce-order-block", "admin.order-details.block.render", [`gid://shopify/Order/${order.id}`]);
    await open();
    await waitForBadge("Not synced");
    expect(await page.getByText("This record has not been sent to Salesforce yet.").count()).toBe(1);
    await shot("extension-order-block-never-synced");
    await page.getByRole("button", { name: "Sync now" }).click();
    await waitForBadge("Synced", async () => {
      if ((await badge().textContent()) !== "Synced") await open();
    });
    expect(await page.getByRole("link", { name: /^Open Opportunity 006\w+ in Salesforce$/ }).count()).toBe(1);
    const events = await sql(`SELECT topic, status FROM "WebhookEvent" WHERE shop = $1 AND "shopifyId" = $2`, [SHOP, String(order.id)]);
    expect(events).toEqual([{ topic: "orders/updated", status: "synced" }]);
  });
});

describe("Sync to Salesforce actions", () => {
  it("a selection on the orders index: queued once, links to Activity, a second click queues nothing", async () => {
    const gids = fresh.orders.slice(1).map((order) => `gid://shopify/Order/${order.id}`);
    await openExtension("salesforce-order-sync", "admin.order-index.selection-action.render", gids);
    expect(await page.getByText(`Read the current version of ${gids.length} orders from Shopify`).count()).toBe(1);
    await page.getByRole("button", { name: "Sync to Salesforce" }).click();
    await page.getByText(`${gids.length} orders queued to sync to Salesforce.`).waitFor();
    expect(await page.getByRole("link", { name: "See their progress in Activity" }).getAttribute("href")).toBe("app:app/activity?resource=order");
    await shot("extension-order-selection-action");
    await openExtension("salesforce-order-sync", "admin.order-index.selection-action.render", gids);
    await page.getByRole("button", { name: "Sync to Salesforce" }).click();
    await page.getByText(`No new orders queued; ${gids.length} already queued or up to date.`).waitFor();
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND "shopifyId" = ANY($2::text[])`, [SHOP, fresh.orders.slice(1).map((order) => String(order.id))]);
    expect(n).toBe(gids.length);
    await page.getByRole("button", { name: "Done" }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.extensionClosed)).toBe("true");
  });

  it("a customer's More actions: Sync to Salesforce", async () => {
    await openExtension("salesforce-customer-sync", "admin.customer-details.action.render", [`gid://shopify/Customer/${fresh.customers[0].id}`]);
    await page.getByRole("button", { name: "Sync to Salesforce" }).click();
    await page.getByText("1 customer queued to sync to Salesforce.").waitFor();
    await shot("extension-customer-action");
    expect(pageErrors, pageErrors.join("\n").slice(0, 1500)).toEqual([]);
  });
});
