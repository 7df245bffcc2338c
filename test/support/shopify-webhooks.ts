import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/shopify");

/** Exact bytes of a Shopify fixture (never re-serialised: the HMAC covers the raw bytes). */
export function shopifyFixture(name: string): Buffer {
  return readFileSync(path.join(fixturesDir, name));
}

/** base64 HMAC-SHA256 of the raw body, keyed with the app's API secret — exactly what Shopify sends. */
export function signWebhook(body: string | Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export interface WebhookRequestOptions {
  topic: string;
  body: string | Uint8Array;
  secret: string;
  shop?: string;
  webhookId?: string;
  eventId?: string | null;
  triggeredAt?: string;
  apiVersion?: string;
  baseUrl?: string;
  /** Overrides the signature (forgeries); null omits the header. */
  hmac?: string | null;
  method?: string;
}

/** The headers Shopify sends with a webhook (see fixtures/shopify/_headers_example_from_shopify_docs.http). */
export function webhookHeaders(options: WebhookRequestOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": options.topic,
    "x-shopify-shop-domain": options.shop ?? "test-shop.myshopify.com",
    "x-shopify-api-version": options.apiVersion ?? "2026-10",
    "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
    "x-shopify-triggered-at": options.triggeredAt ?? new Date().toISOString(),
  };
  if (options.eventId !== null) headers["x-shopify-event-id"] = options.eventId ?? randomUUID();
  const hmac = options.hmac === undefined ? signWebhook(options.body, options.secret) : options.hmac;
  if (hmac !== null) headers["x-shopify-hmac-sha256"] = hmac;
  return headers;
}

export function webhookRequest(options: WebhookRequestOptions): Request {
  const url = `${options.baseUrl ?? "https://app.example.com"}/webhooks/${options.topic}`;
  const method = options.method ?? "POST";
  return new Request(url, {
    method,
    headers: webhookHeaders(options),
    body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(Buffer.from(options.body)),
  });
}
