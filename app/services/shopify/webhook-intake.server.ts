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
import type { WebhookVerifier } from "./verify-webhook.server";

export interface WebhookIntakeDeps {
  /** Shopify's own webhook validation: verifies the HMAC and the required headers. */
  verifyWebhook: WebhookVerifier;
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

      // Decoded once: the HMAC is computed over this text (as Shopify's helper does) and it is parsed once.
      const text = new TextDecoder().decode(body);
      const verification = await deps.verifyWebhook(request, text);
      if (!verification.valid) {
        report(expectedTopic, verification.status === 401 ? "unauthorized" : "malformed");
        const reason =
          verification.status === 401
            ? "Unauthorized: HMAC signature missing or invalid"
            : verification.reason === "invalid-shop"
              ? "Bad Request: X-Shopify-Shop-Domain is not a valid shop domain"
              : "Bad Request: missing or invalid Shopify webhook headers";
        return plain(verification.status, reason);
      }
      const verified = verification.webhook;

      const topic = normalizeTopic(verified.topic);
      if (topic !== expectedTopic) {
        report(expectedTopic, "malformed");
        return plain(400, `Bad Request: topic ${topic} delivered to the ${expectedTopic} endpoint`);
      }

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
      if (resourceOfTopic(expectedTopic) === "compliance") {
        const claimedShop = (payload as Record<string, unknown>).shop_domain;
        if (typeof claimedShop !== "string") {
          report(topic, "malformed");
          return plain(400, `Bad Request: ${expectedTopic} payload has no shop_domain`);
        }
        if (claimedShop.toLowerCase() !== verified.shop.toLowerCase()) {
          report(topic, "malformed");
          return plain(400, `Bad Request: shop_domain ${claimedShop} does not match X-Shopify-Shop-Domain ${verified.shop}`);
        }
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
        orderedWith: facts.orderedWith,
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
