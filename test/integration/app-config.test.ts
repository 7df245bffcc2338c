import { existsSync, readFileSync } from "node:fs";
import { ApiVersion } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { WEBHOOK_TOPICS } from "../../app/sync/webhook-topics";

const toml = readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8");

describe("shopify.app.toml", () => {
  it("uses the API version the code uses", () => {
    expect(toml).toMatch(new RegExp(`api_version = "${ApiVersion.October26}"`));
  });

  it.each([...WEBHOOK_TOPICS])("subscribes %s to a route that exists and handles it", (topic) => {
    const route = `app/routes/webhooks.${topic.replace("/", ".")}.tsx`;
    const block = new RegExp(
      `topics = \\["${topic}"\\]\\s*\\n\\s*uri = "/webhooks/${topic}"\\s*\\n\\s*# Handled by: ${route.replaceAll(".", "\\.")}`,
    );
    expect(toml).toMatch(block);
    expect(existsSync(new URL(`../../${route}`, import.meta.url))).toBe(true);
    expect(readFileSync(new URL(`../../${route}`, import.meta.url), "utf8")).toContain(`webhookAction("${topic}")`);
  });
});
