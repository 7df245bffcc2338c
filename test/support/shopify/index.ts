// A local Shopify Admin GraphQL API for tests and the demo: customers and orders in Shopify's shapes,
// cursor pagination, search filters, calculated query cost and throttling by plan, bulk query operations
// with JSONL results and the bulk_operations/finish webhook, and the 60-day order window without
// read_all_orders. Driven through Shopify's own clients. See README.md in this folder.

export { startShopifyEmulator, type ShopifyEmulator, type ShopifyEmulatorOptions } from "./emulator";
export { EmulatedShop, ORDER_WINDOW_DAYS, type ShopOptions } from "./shop";
export { PLANS, type ShopPlan } from "./query-cost";
export { generateShopHistory, generateCustomer, generateOrder, shopifyBigId, type ShopSeed, type ShopSeedOptions } from "./generators";
export { customerMutationResolvers, flushCustomerWebhooks, mutationCounts, resolveNamespace, EMULATED_APP_ID } from "./customer-mutations";
