import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import type { ResolvedShopifyConfig } from "../../config.server";

/** What intake needs from a verified delivery (Shopify's header names, as `webhooks.validate` returns them). */
export interface VerifiedWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  apiVersion: string;
  eventId?: string;
  triggeredAt?: string;
}

export type WebhookVerification =
  | { valid: true; webhook: VerifiedWebhook }
  /** 401: the HMAC is not the body's with our secret. 400: a required Shopify header is missing, or the body is empty. */
  | { valid: false; status: 401 | 400 };

/** X-Shopify-* (webhooks) and Shopify-* (events) headers. */
const SHOPIFY_HEADER = /^(x-)?shopify-/i;

export type WebhookVerifier = (request: Request, rawBody: string) => Promise<WebhookVerification>;

/**
 * Shopify's own webhook check (`shopify.api.webhooks.validate` of `@shopify/shopify-api`): HMAC of the raw
 * body with the app secret, compared in constant time, then the required `X-Shopify-*` headers. It is the
 * function `authenticate.webhook` calls first; we call it directly because `authenticate.webhook` goes on
 * to load the shop's offline session from the database on every delivery (and may refresh its token) and
 * to JSON.parse the body — neither is needed to store the event, and they were the largest costs of
 * intake under load. The answers are the same: invalid HMAC → 401, anything else invalid → 400.
 */
export function createWebhookVerifier(config: ResolvedShopifyConfig): WebhookVerifier {
  const appUrl = new URL(config.appUrl);
  const api = shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecretKey,
    // The same version as app/shopify.server.ts and shopify.app.toml.
    apiVersion: ApiVersion.October26,
    scopes: config.scopes,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
    logger: { level: 0, log: async () => undefined },
    _logDisabledFutureFlags: false,
  });

  return async (request, rawBody) => {
    // Only Shopify's own headers are read by the check, and the library canonicalises every header on each
    // lookup (quadratic in the header count; a visible cost under load), so it is handed just those.
    const shopifyHeaders = new Headers();
    for (const [name, value] of request.headers) if (SHOPIFY_HEADER.test(name)) shopifyHeaders.append(name, value);
    const rawRequest = { method: request.method, url: request.url, headers: shopifyHeaders };
    const check = await api.webhooks.validate({ rawBody, rawRequest });
    if (!check.valid) return { valid: false, status: check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400 };
    return {
      valid: true,
      webhook: {
        shop: check.domain,
        topic: check.topic,
        webhookId: check.webhookId,
        apiVersion: check.apiVersion,
        eventId: "eventId" in check ? check.eventId : undefined,
        triggeredAt: check.triggeredAt,
      },
    };
  };
}
