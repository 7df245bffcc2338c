import { InvalidShopError } from "@shopify/shopify-api";
import { parseExactJson } from "../../sync/exact-json";
import {
  eventFacts,
  isSyncTopic,
  normalizeTopic,
  resourceOfTopic,
  type WebhookTopic,
} from "../../sync/webhook-topics";
import type { Logger } from "../logging/logger.server";
import type { WebhookInbox } from "../store/webhook-inbox.server";
import { BodyTooLargeError, readLimitedBody } from "./read-limited-body.server";

/** What Shopify's `authenticate.webhook` returns that intake uses. */
export interface VerifiedWebhook {
  shop: string;
  topic: string | number | symbol;
  webhookId: string;
  apiVersion: string;
  eventId?: string;
  triggeredAt?: string;
}

export interface WebhookIntakeDeps {
  /** Shopify's own `authenticate.webhook`: verifies the HMAC and the required headers. */
  authenticateWebhook: (request: Request) => Promise<VerifiedWebhook>;
  inbox: WebhookInbox;
  maxBodyBytes: number;
  logger: Logger;
  onOutcome?: (topic: string, outcome: IntakeOutcome) => void;
}

export type IntakeOutcome = "stored" | "duplicate" | "unauthorized" | "malformed" | "too-large" | "wrong-method" | "error";

export interface WebhookIntake {
  /** Handles one delivery to the endpoint subscribed to `expectedTopic`. Always resolves to a Response. */
  handle(request: Request, expectedTopic: WebhookTopic): Promise<Response>;
}

const plain = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

/**
 * Webhook intake: verify (Shopify's HMAC check), parse with ids kept exact, store durably with its job,
 * answer. It never calls Salesforce, so Shopify gets its answer in milliseconds.
 */
export function createWebhookIntake(deps: WebhookIntakeDeps): WebhookIntake {
  const { logger } = deps;
  const report = (topic: string, outcome: IntakeOutcome) => deps.onOutcome?.(topic, outcome);

  return {
    async handle(request, expectedTopic) {
      if (request.method !== "POST") {
        report(expectedTopic, "wrong-method");
        return plain(405, "Method Not Allowed: webhooks are delivered with POST", { allow: "POST" });
      }

      // Shopify's helper answers 400 for a missing signature; an unsigned request is unauthenticated.
      if (!request.headers.get("x-shopify-hmac-sha256")) {
        report(expectedTopic, "unauthorized");
        return plain(401, "Unauthorized: X-Shopify-Hmac-Sha256 header is missing");
      }

      let body: Uint8Array<ArrayBuffer>;
      try {
        body = await readLimitedBody(request, deps.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          report(expectedTopic, "too-large");
          return plain(413, `Payload Too Large: webhook bodies are limited to ${deps.maxBodyBytes} bytes`);
        }
        throw error;
      }

      let verified: VerifiedWebhook;
      try {
        verified = await deps.authenticateWebhook(
          new Request(request.url, { method: "POST", headers: request.headers, body }),
        );
      } catch (error) {
        if (error instanceof Response) {
          report(expectedTopic, error.status === 401 ? "unauthorized" : "malformed");
          const reason = error.status === 401 ? "Unauthorized: HMAC signature missing or invalid" : "Bad Request: missing or invalid Shopify webhook headers";
          return plain(error.status, reason);
        }
        // A signed delivery whose X-Shopify-Shop-Domain is not a shop domain (Shopify's sanitizeShop refuses it).
        if (error instanceof InvalidShopError) {
          report(expectedTopic, "malformed");
          return plain(400, "Bad Request: X-Shopify-Shop-Domain is not a valid shop domain");
        }
        // Shopify's helper JSON-parses the body after the HMAC check: a SyntaxError means a signed but malformed body.
        if (error instanceof SyntaxError) {
          report(expectedTopic, "malformed");
          return plain(400, "Bad Request: body is not valid JSON");
        }
        throw error;
      }

      const topic = normalizeTopic(String(verified.topic));
      if (topic !== expectedTopic) {
        report(expectedTopic, "malformed");
        return plain(400, `Bad Request: topic ${topic} delivered to the ${expectedTopic} endpoint`);
      }

      const text = new TextDecoder().decode(body);
      let payload: unknown;
      try {
        payload = parseExactJson(text);
      } catch {
        report(topic, "malformed");
        return plain(400, "Bad Request: body is not valid JSON");
      }
      if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
        report(topic, "malformed");
        return plain(400, "Bad Request: body must be a JSON object");
      }

      // Compliance requests name their shop in the body too; a request about another shop is refused unstored.
      const claimedShop = (payload as Record<string, unknown>).shop_domain;
      if (resourceOfTopic(expectedTopic) === "compliance" && typeof claimedShop === "string" && claimedShop.toLowerCase() !== verified.shop.toLowerCase()) {
        report(topic, "malformed");
        return plain(400, `Bad Request: shop_domain ${claimedShop} does not match X-Shopify-Shop-Domain ${verified.shop}`);
      }
      if (resourceOfTopic(expectedTopic) === "compliance" && typeof claimedShop !== "string") {
        report(topic, "malformed");
        return plain(400, `Bad Request: ${expectedTopic} payload has no shop_domain`);
      }

      const facts = eventFacts(expectedTopic, payload as Record<string, unknown>);
      const sync = isSyncTopic(expectedTopic);
      if (sync && !facts.shopifyId) {
        report(topic, "malformed");
        return plain(400, `Bad Request: ${expectedTopic} payload has no id`);
      }

      const outcome = await deps.inbox.receive({
        shop: verified.shop,
        topic: expectedTopic,
        resource: resourceOfTopic(expectedTopic),
        shopifyId: facts.shopifyId,
        dedupeKey: verified.eventId || verified.webhookId,
        eventId: verified.eventId ?? null,
        webhookId: verified.webhookId,
        triggeredAt: parseDate(verified.triggeredAt),
        sourceUpdatedAt: facts.sourceUpdatedAt,
        apiVersion: verified.apiVersion,
        payload,
        payloadBytes: body.byteLength,
        sync,
      });
      report(topic, outcome.stored ? "stored" : "duplicate");
      logger.debug({ shop: verified.shop, topic, webhookId: verified.webhookId, stored: outcome.stored }, "webhook received");
      return new Response(null, { status: 200 });
    },
  };
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
