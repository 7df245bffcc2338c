import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedStream } from "../support/shopify-stream";
import { openAdminBrowser, type AdminBrowser } from "./support/admin-browser";
import { startE2EStack, type E2EStack } from "./support/e2e-stack";
import { buildIfStale } from "./support/production-server";

// The admin pages in headless Chromium against the production build and server, for a shop seeded with
// the demo's scripted stream synced through the real worker into the Salesforce emulator. One scenario
// builds on the previous one (a merchant's session), so the tests run in order and share the browser.

const SHOP = "e2e-demo.myshopify.com";
const OTHER_SHOP = "e2e-neighbour.myshopify.com";
const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "__screenshots__");

let stack: E2EStack;
let browser: AdminBrowser;
let page: Page;
const pageErrors: string[] = [];
let started = 0;

beforeAll(async () => {
  started = Date.now();
  const build = buildIfStale();
  console.info(build.built ? `e2e: built the app in ${build.ms} ms` : "e2e: build/ is up to date");
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startE2EStack();
  await stack.connect(SHOP);
  // One customer Salesforce refuses (the org's own validation rule), so there is something to fix and replay.
  // Its two events fail, and so do its order's two (the order writes its buyer's Contact): four in all.
  stack.orgFor(SHOP).addValidationRule({ object: "Contact", errorCondition: "Email = 'customer3@example.com'", message: "Contacts from this domain need a phone number", field: "Email" });
  await stack.deliver(scriptedStream({ shop: SHOP }));
  await stack.settle(SHOP);
  browser = await openAdminBrowser({ baseUrl: stack.server.url, shop: SHOP, sessionToken: () => stack.sessionToken(SHOP) });
  page = browser.page;
  // Fail fast with the locator that did not show up, well inside the test timeout.
  page.setDefaultTimeout(8_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => void (message.type() === "error" && pageErrors.push(message.text())));
  console.info(`e2e: stack seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  console.info(`e2e: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });
const toast = (text: string | RegExp) => page.getByRole("status", { name: "Admin toasts" }).getByText(text);
const eventIdFromUrl = () => /\/app\/activity\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";

async function eventStatus(id: string): Promise<string> {
  return (await stack.sql.query(`SELECT status FROM "WebhookEvent" WHERE id = $1`, [id])).rows[0]?.status;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("admin pages in Chromium", { sequential: true }, () => {
  it("home shows the connection, today's numbers, the chart and the latest problems", async () => {
    await browser.open("/app");
    await heading("Salesforce Sync").waitFor();
    expect(await page.getByText("Connected", { exact: true }).isVisible()).toBe(true);
    const synced = await page.getByRole("link", { name: /^Synced: \d+/ }).getAttribute("aria-label");
    expect(Number(/\d+/.exec(synced ?? "")?.[0])).toBeGreaterThan(20);
    expect(await page.getByRole("link", { name: /^Failed: 4\./ }).isVisible()).toBe(true);
    expect(await page.getByRole("img", { name: /Events synced and failed per day/ }).isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: /customers\/update · 9007200254740996/ }).isVisible()).toBe(true);
    await shot("home");
  });

  it("navigates from the admin's nav menu to activity, filters failures and opens one", async () => {
    await page.evaluate(() => (window as unknown as { __e2eAdminNavigate(href: string): void }).__e2eAdminNavigate("/app/activity"));
    await heading("Sync activity").waitFor();
    await page.getByLabel("Status").selectOption("failed");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/status=failed/);
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => rows.count()).toBe(4);
    await shot("activity");
    await rows.filter({ hasText: "customers/update" }).first().getByRole("link").first().click();
    await heading(/^customers\/update · 9007200254740996$/).waitFor();
    expect(await page.getByText("Needs attention").first().isVisible()).toBe(true);
    expect(await page.getByText(/FIELD_CUSTOM_VALIDATION_EXCEPTION/).first().isVisible()).toBe(true);
    expect(await page.getByLabel("Payload JSON").inputValue()).toContain('"id": "9007200254740996"');
    expect(await page.getByRole("link", { name: /opens in Shopify admin/ }).getAttribute("href")).toBe(`https://${SHOP}/admin/customers/9007200254740996`);
    await shot("event-needs-attention");
  });

  it("replays the failed event once the org is fixed, and then every other one that needs attention", async () => {
    const id = eventIdFromUrl();
    stack.orgFor(SHOP).clearRules();
    await page.getByRole("button", { name: "Replay", exact: true }).click();
    await toast("Event queued to sync again").waitFor();
    await waitFor(async () => (await eventStatus(id)) === "synced", "the replayed event to sync");
    await browser.open(`/app/activity/${id}`);
    expect(await page.getByText("Synced", { exact: true }).first().isVisible()).toBe(true);
    const contact = page.getByRole("link", { name: /^Open contact 003/ });
    expect(await contact.getAttribute("href")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/003\w{15}$/);
    await shot("event-replayed");

    await page.getByRole("link", { name: "Sync activity" }).click();
    await heading("Sync activity").waitFor();
    await page.getByRole("button", { name: "Replay all that need attention" }).click();
    await toast("3 events queued to sync again").waitFor();
    await stack.settle(SHOP);
    const { rows } = await stack.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE shop = $1 AND status IN ('needs-attention', 'dead')`, [SHOP]);
    expect(rows[0].n).toBe(0);
  });

  it("edits a customer mapping row by row: inline errors first, then a preview and a saved version", async () => {
    await browser.open("/app/mappings");
    await heading("Field mappings").waitFor();
    await shot("mappings");
    await page.getByRole("link", { name: "Edit the customer mapping" }).click();
    await heading("Customers mapping").waitFor();

    const firstName = page.getByRole("group", { name: "Contact.FirstName" });
    await firstName.getByLabel("From").selectOption("expression");
    await firstName.getByLabel("JSONata expression").fill("$uppercase(first_name");
    await page.getByRole("button", { name: "Add a field to Account" }).click();
    const added = page.getByRole("group", { name: "Account.new field" });
    await added.getByLabel("Salesforce field").fill("Loyalty_Tier__c");
    const loyalty = page.getByRole("group", { name: "Account.Loyalty_Tier__c" });
    await loyalty.getByLabel("Shopify field").fill("tags");
    // The org's describe flags the field as soon as it is typed…
    expect(await loyalty.getByText("Account has no field Loyalty_Tier__c in your org's describe.").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    // …and the server refuses the save with each problem on its row.
    await page.getByText("The mapping was not saved").waitFor();
    expect(await firstName.locator(".Polaris-InlineError").textContent()).toMatch(/\S/);
    expect(await page.getByText("targets[0].fields[8].target").isVisible()).toBe(true);
    expect((await stack.sql.query(`SELECT count(*)::int AS n FROM "MappingSet" WHERE shop = $1`, [SHOP])).rows[0].n).toBe(0);
    await shot("mapping-errors");

    await firstName.getByLabel("JSONata expression").fill("$uppercase(first_name)");
    await loyalty.getByRole("button", { name: "Remove Account.Loyalty_Tier__c" }).click();
    await page.getByRole("button", { name: "Run preview" }).click();
    const preview = page.getByRole("status", { name: "Preview result" });
    await preview.waitFor();
    expect(JSON.parse(await preview.getByLabel("Contact request body").inputValue())).toMatchObject({ FirstName: "BOB", Shopify_Customer_Id__c: "706405506930370084" });
    expect(await preview.getByText("PATCH /composite/sobjects/Contact/Shopify_Customer_Id__c · 706405506930370084").isVisible()).toBe(true);

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await toast("Saved as version 1").waitFor();
    await page.getByText("Version 1", { exact: true }).first().waitFor();
    const saved = await stack.sql.query(`SELECT version, "isActive", document FROM "MappingSet" WHERE shop = $1`, [SHOP]);
    expect(saved.rows).toEqual([expect.objectContaining({ version: 1, isActive: true })]);
    expect(JSON.stringify(saved.rows[0].document)).toContain("$uppercase(first_name)");
    await page.getByRole("button", { name: "Run preview" }).click();
    await preview.waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await shot("mapping");
  });

  it("creates a validation rule after fixing an invalid one, and tests it on a payload", async () => {
    await browser.open("/app/rules");
    await page.getByText("No validation rules yet").waitFor();
    await page.getByRole("link", { name: "Add rule" }).first().click();
    await heading("New validation rule").waitFor();
    await page.getByLabel("Check").selectOption("pattern");
    await page.getByLabel("Field", { exact: true }).fill("Contact.Email");
    await page.getByLabel("Regular expression").fill("(@example");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("The rule was not saved").waitFor();
    expect(await page.getByText(/not a valid regular expression/).first().isVisible()).toBe(true);

    await page.getByLabel("Check").selectOption("required");
    await page.getByLabel("Field", { exact: true }).fill("phone");
    await page.getByLabel("When it fails").selectOption("warn");
    await page.getByRole("button", { name: "Run test" }).click();
    await page.getByText("phone is required but the customer has no value.").waitFor();
    await shot("rule");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await heading("Edit validation rule").waitFor();
    await page.evaluate(() => (window as unknown as { __e2eAdminNavigate(href: string): void }).__e2eAdminNavigate("/app/rules"));
    await heading("Validation rules").waitFor();
    expect(await page.getByRole("link", { name: /phone\s+is required/ }).isVisible()).toBe(true);
    await shot("rules");
  });

  it("shows the connection page with the org and its setup check", async () => {
    await browser.open("/app/connection");
    await heading("Salesforce connection").waitFor();
    expect(await page.getByText("Ready", { exact: true }).isVisible()).toBe(true);
    await shot("connection");
  });

  it("stays usable at a phone's width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [pathname, name] of [["/app", "home-narrow"], ["/app/activity", "activity-narrow"], ["/app/mappings/customers", "mapping-narrow"], ["/app/rules", "rules-narrow"]]) {
      await browser.open(pathname);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(name);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("answers another shop's event with not found, and never left loopback", async () => {
    expect(pageErrors).toEqual([]);
    const { rows } = await stack.sql.query(
      `INSERT INTO "WebhookEvent" (id, shop, topic, resource, "shopifyId", "dedupeKey", "webhookId", "apiVersion", payload, "payloadBytes", status, "updatedAt")
       VALUES (gen_random_uuid(), $1, 'orders/create', 'order', '1', 'x', 'x', '2026-10', '{"id":"1"}', 10, 'needs-attention', now()) RETURNING id`,
      [OTHER_SHOP],
    );
    await browser.open(`/app/activity/${rows[0].id}`, { hydrated: false });
    await page.getByText("This event does not exist").waitFor();
    await shot("not-found");
    expect(browser.blocked).toEqual([]);
  });
});
