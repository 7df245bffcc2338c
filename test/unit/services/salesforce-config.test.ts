import { describe, expect, it } from "vitest";
import { isTrustedInstanceUrl, validateMyDomain, type LoginUrlPolicy } from "../../../app/services/salesforce/login-url.server";
import { loadSalesforceConfig } from "../../../app/services/salesforce/salesforce-config.server";

const policy: LoginUrlPolicy = { production: "https://login.salesforce.com", sandbox: "https://test.salesforce.com", allowedOrigins: ["http://127.0.0.1:8787"] };

describe("My Domain validation", () => {
  it.each([
    ["acme.my.salesforce.com", "https://acme.my.salesforce.com"],
    ["https://ACME.my.salesforce.com/", "https://acme.my.salesforce.com"],
    ["acme--uat.sandbox.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com"],
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
  ])("accepts %s", (input, loginUrl) => {
    expect(validateMyDomain(input, policy)).toEqual({ ok: true, loginUrl });
  });

  it.each([
    "http://acme.my.salesforce.com",
    "https://my.salesforce.com",
    "https://acme.my.salesforce.com.attacker.io",
    "https://acme.salesforce.com",
    "https://acme.my.salesforce.com:8443",
    "https://acme.my.salesforce.com/services/oauth2",
    "https://acme.my.salesforce.com?x=1",
    "https://u:p@acme.my.salesforce.com",
    "http://127.0.0.1:9999",
    "javascript:alert(1)",
    "",
  ])("refuses %s", (input) => {
    expect(validateMyDomain(input, policy).ok).toBe(false);
  });

  it("trusts only Salesforce hosts (or allowed origins) as instance URLs", () => {
    expect(isTrustedInstanceUrl("https://acme.my.salesforce.com", policy)).toBe(true);
    expect(isTrustedInstanceUrl("https://na1.salesforce.com", policy)).toBe(true);
    expect(isTrustedInstanceUrl("http://127.0.0.1:8787", policy)).toBe(true);
    expect(isTrustedInstanceUrl("http://na1.salesforce.com", policy)).toBe(false);
    expect(isTrustedInstanceUrl("https://salesforce.com.attacker.io", policy)).toBe(false);
  });
});

describe("loadSalesforceConfig", () => {
  it("requires the connected app and the state secret in production", () => {
    expect(() => loadSalesforceConfig({ NODE_ENV: "production" })).toThrow(/SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, OAUTH_STATE_SECRET, SHOPIFY_APP_URL must be set/);
    expect(() =>
      loadSalesforceConfig({
        NODE_ENV: "production",
        SALESFORCE_CLIENT_ID: "id",
        SALESFORCE_CLIENT_SECRET: "secret",
        OAUTH_STATE_SECRET: "x".repeat(32),
        SHOPIFY_APP_URL: "https://app.example.com",
        SALESFORCE_ALLOWED_LOGIN_HOSTS: "http://127.0.0.1:8787",
      }),
    ).toThrow(/https origins only/);
  });

  it("derives the redirect URI from the app URL and defaults the API version", () => {
    const warnings: string[] = [];
    const config = loadSalesforceConfig({ NODE_ENV: "development", SHOPIFY_APP_URL: "https://app.example.com" }, (m) => warnings.push(m));
    expect(config.redirectUri).toBe("https://app.example.com/auth/salesforce/callback");
    expect(config.apiVersion).toBe("66.0");
    expect(warnings).toHaveLength(2);
    expect(() => loadSalesforceConfig({ NODE_ENV: "test", SALESFORCE_API_VERSION: "v62" })).toThrow(/66.0/);
  });
});
