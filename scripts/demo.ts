// `npm run demo`: the whole product on one machine. Starts the local Salesforce emulator, the app on its
// embedded default (PostgreSQL, web server, sync worker), connects a demo shop to the emulated org through
// the app's own OAuth flow, sends a realistic stream of signed Shopify webhooks over HTTP, prints what
// landed in Salesforce, and keeps everything running until Ctrl-C.
import { createLogger } from "../app/services/logging/logger.server";
import { startAppProcess } from "../app/services/runtime/app-process.server";
import { onShutdown } from "../app/services/runtime/shutdown.server";
import { exitOnStartupFailure } from "../app/services/runtime/startup-failure.server";
import { createSalesforceFromEnv } from "../app/services/salesforce/index.server";
import { createPrismaClient } from "../app/services/store/prisma-client.server";
import { readEnv, resolveShopifyConfig } from "../app/config.server";
import { startAdminPreview } from "./admin-preview/server";
import { connectShopToOrg } from "../test/support/connect-salesforce";
import { startSalesforceEmulator } from "../test/support/salesforce";
import { DEMO_EDITED_ORDER_ID, DEMO_REFUNDED_ORDER_ID, demoMoneyStream } from "../test/support/demo-money-stream";
import { SYNCED_OBJECTS } from "../test/support/salesforce-snapshot";
import { scriptedStream, toShopifyJson, type Delivery } from "../test/support/shopify-stream";
import { shopifyFixture, webhookHeaders } from "../test/support/shopify-webhooks";
import { parseExactJson } from "../app/sync/exact-json";

const SHOP = process.env.DEMO_SHOP ?? "demo-shop.myshopify.com";
const logger = createLogger({ name: "demo", level: process.env.LOG_LEVEL ?? "warn" });

const emulator = await startSalesforceEmulator({ port: Number(process.env.SF_EMULATOR_PORT ?? 8787) });
const org = emulator.defaultOrg;
// A Salesforce admin's validation rule, so the demo also shows a record Salesforce rejects and why.
org.addValidationRule({
  object: "Contact",
  errorCondition: (record) => String(record.Email ?? "").endsWith("@blocked.example"),
  message: "Contacts from blocked.example must be reviewed by sales operations first",
  field: "Email",
});
process.env.SALESFORCE_ALLOWED_LOGIN_HOSTS ??= emulator.url;

const app = await startAppProcess(logger).catch(exitOnStartupFailure("The demo"));
const running: { preview?: Awaited<ReturnType<typeof startAdminPreview>> } = {};
onShutdown(logger, [
  ["admin preview", async () => running.preview?.close()],
  ["app", () => app.stop()],
  ["salesforce emulator", () => emulator.close()],
]);

const prisma = createPrismaClient(app.database.url, 2);
const { connections } = createSalesforceFromEnv({ prisma, logger });
// The emulator starts empty each run: forget what the demo shop synced before, then connect it afresh.
await prisma.$transaction([
  prisma.syncAttempt.deleteMany({ where: { shop: SHOP } }),
  prisma.syncRecord.deleteMany({ where: { shop: SHOP } }),
  prisma.webhookEvent.deleteMany({ where: { shop: SHOP } }),
]);
await connectShopToOrg(connections, emulator, SHOP, org);
await prisma.shop.upsert({ where: { shop: SHOP }, create: { shop: SHOP }, update: { status: "installed", syncPausedAt: null } });

const stream: Delivery[] = [
  ...scriptedStream({ shop: SHOP, customers: 8, orders: 12, copies: 2, shuffle: true, seed: Date.now() % 1000 }),
  ...fixtureDeliveries(),
  blockedCustomer(),
  // In order, after the rest: an order edited after it was placed, and a refund pending then settled.
  ...demoMoneyStream(SHOP),
];
const shopifyConfig = resolveShopifyConfig(readEnv());
const secret = shopifyConfig.apiSecretKey;
const sentAt = Date.now();
let accepted = 0;
for (const delivery of stream) {
  const response = await fetch(`${app.web.url.replace("localhost", "127.0.0.1")}/webhooks/${delivery.topic}`, {
    method: "POST",
    headers: webhookHeaders({ ...delivery, secret }),
    body: delivery.body,
  });
  if (response.status === 200) accepted += 1;
  else console.error(`${delivery.topic} answered ${response.status}: ${await response.text()}`);
}
console.log(`\nSent ${stream.length} signed webhooks (${accepted} answered 200) in ${Date.now() - sentAt} ms; waiting for the sync worker…`);

await waitForSync();
await printReport();
const preview = (running.preview = await startLocalAdminPreview());
console.log(`\nApp:        ${app.web.url}   (webhooks: POST ${app.web.url}/webhooks/<topic>)`);
console.log(`Salesforce: ${emulator.url}   (login ${org.username} / ${org.password}; records: GET ${emulator.url}/__emulator/orgs/default/records/Account)`);
if (preview) console.log(`\nAdmin preview: ${preview.url}   (open it in any browser: Home, Salesforce, Mappings, Rules, Activity for ${SHOP}; admin extensions at ${preview.url}__preview/extensions)`);
console.log("Still running — send more webhooks (README → 'Send a signed webhook'), Ctrl-C to stop.");

// The embedded admin pages in a plain browser, for the demo shop, without a Shopify store (development only,
// loopback only). The app's authenticate.admin loads the shop's offline session, so the demo needs one.
async function startLocalAdminPreview() {
  if (process.env.NODE_ENV === "production") return undefined;
  await prisma.session.upsert({
    where: { id: `offline_${SHOP}` },
    create: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: shopifyConfig.scopes.join(","), accessToken: "shpat_local_preview" },
    update: {},
  });
  const [orders, customers] = await Promise.all([
    prisma.webhookEvent.findMany({ where: { shop: SHOP, resource: "order" }, distinct: ["shopifyId"], select: { shopifyId: true }, take: 3 }),
    prisma.webhookEvent.findMany({ where: { shop: SHOP, resource: "customer" }, distinct: ["shopifyId"], select: { shopifyId: true }, take: 3 }),
  ]);
  return startAdminPreview({
    appUrl: app.web.url.replace("localhost", "127.0.0.1"),
    shop: SHOP,
    apiKey: shopifyConfig.apiKey,
    apiSecret: shopifyConfig.apiSecretKey,
    port: Number(process.env.ADMIN_PREVIEW_PORT ?? 3001),
    samples: {
      order: orders.map((row) => `gid://shopify/Order/${row.shopifyId}`),
      customer: customers.map((row) => `gid://shopify/Customer/${row.shopifyId}`),
    },
  });
}

function fixtureDeliveries(): Delivery[] {
  const base = { shop: SHOP, triggeredAt: new Date().toISOString() };
  return (["customers/create:customers_create.json", "orders/create:orders_create.json", "refunds/create:refunds_create.json"] as const).map((entry) => {
    const [topic, file] = entry.split(":") as [Delivery["topic"], string];
    return { ...base, topic, body: shopifyFixture(file).toString("utf8"), eventId: `fixture-${file}`, webhookId: `fixture-${file}` };
  });
}

function blockedCustomer(): Delivery {
  const customer = parseExactJson(shopifyFixture("customers_create.json").toString("utf8")) as Record<string, unknown>;
  Object.assign(customer, { id: "9007199254749999", email: "ops@blocked.example", first_name: "Blocked", last_name: "Example" });
  return { topic: "customers/create", shop: SHOP, body: toShopifyJson(customer), eventId: "blocked-1", webhookId: "blocked-1", triggeredAt: new Date().toISOString() };
}

async function waitForSync(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const open = await prisma.webhookEvent.count({ where: { shop: SHOP, status: { in: ["received", "queued"] }, resource: { in: ["customer", "order", "refund"] } } });
    if (open === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function printReport(): Promise<void> {
  const events = await prisma.webhookEvent.groupBy({ by: ["status"], where: { shop: SHOP }, _count: { _all: true } });
  const records = await prisma.syncRecord.count({ where: { shop: SHOP, status: "synced" } });
  const stats = org.stats();
  console.log(`\nEvents stored: ${events.map((row) => `${row.status} ${row._count._all}`).join(", ")} (duplicates answered 200 and were not stored)`);
  console.log("\nIn Salesforce:");
  console.table(Object.fromEntries(SYNCED_OBJECTS.map((object) => [object, { records: org.records(object).length }])));
  console.log(`Salesforce API calls spent: ${stats.apiCalls} for ${stats.records} records sent (${records} Shopify records in sync)`);
  printMoney();
  const failures = await prisma.webhookEvent.findMany({ where: { shop: SHOP, status: { in: ["needs-attention", "dead"] } }, select: { topic: true, shopifyId: true, lastErrorCode: true, lastError: true } });
  if (failures.length > 0) {
    console.log("\nNeeds attention:");
    for (const failure of failures) console.log(`- ${failure.topic} ${failure.shopifyId}: [${failure.lastErrorCode}] ${failure.lastError}`);
  }
}

/** What the sales team sees on two Opportunities (docs/money-model.md): Amount is Salesforce's own sum of the lines. */
function printMoney(): void {
  const rows: Record<string, Record<string, unknown>> = {};
  for (const [orderId, story] of [
    [DEMO_EDITED_ORDER_ID, "edited: a line removed, one reduced"],
    [DEMO_REFUNDED_ORDER_ID, "refund pending, then settled"],
  ] as const) {
    const opportunity = org.records("Opportunity").find((row) => row.Shopify_Order_Id__c === orderId);
    if (!opportunity) continue;
    const lines = org.records("OpportunityLineItem").filter((row) => row.OpportunityId === opportunity.Id);
    rows[String(opportunity.Name)] = {
      story,
      Subtotal: opportunity.Shopify_Subtotal__c,
      Discounts: opportunity.Shopify_Discounts__c,
      Shipping: opportunity.Shopify_Shipping__c,
      Tax: opportunity.Shopify_Tax__c,
      Refunded: opportunity.Shopify_Refunded__c,
      "Refund pending": opportunity.Shopify_Refund_Pending__c,
      Outstanding: opportunity.Shopify_Outstanding__c,
      Amount: opportunity.Amount,
      Currency: opportunity.Shopify_Currency__c,
      lines: lines.length,
    };
  }
  if (Object.keys(rows).length === 0) return;
  console.log("\nMoney on the Opportunity (Amount = Salesforce's sum of the product and adjustment lines):");
  console.table(rows);
}
