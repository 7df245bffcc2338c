import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SHOP, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.sql.query(`TRUNCATE "SalesforceConnection", "SalesforceOAuthState", "Shop"`);
});

let orgCounter = 0;
function newOrg(options: { shopifyCustomizations?: boolean } = {}) {
  orgCounter++;
  return h.emulator.createOrg({ username: `admin@setup${orgCounter}.example.com`, password: "pw", ...options });
}

describe("health and setup check against the org's describe", () => {
  it("reports a fully set-up org as ready, with identity and API usage, and caches the describes", async () => {
    const org = newOrg();
    await h.connectShop(SHOP, org);
    const report = await h.sf.runSetupCheck(SHOP);
    expect(report).toMatchObject({ reachable: true, ready: true, issues: [], username: org.username, orgId: org.orgId });
    expect(report.apiUsage).toMatchObject({ limit: 15_000, reservePercent: 20, reserve: 3000, belowReserve: false });
    expect(report.apiUsage!.used).toBeGreaterThan(0);

    const row = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.lastHealthCheckAt).not.toBeNull();
    expect(row.describeCachedAt).not.toBeNull();
    expect(row.healthReport).toMatchObject({ ready: true });
    // The sync pre-flight reads the cache in its own shape.
    const describes = await h.sf.describes(SHOP);
    expect(Object.keys(describes).sort()).toEqual(
      ["Account", "Contact", "Opportunity", "OpportunityLineItem", "Order", "OrderItem", "PricebookEntry", "Product2", "Shopify_Refund__c"].sort(),
    );
    expect(describes.Account.fields.find((f) => f.name === "Shopify_Customer_Id__c")).toMatchObject({ externalId: true, unique: true, type: "string", length: 255 });
    // A raw describe is ~100 KB per object; the cache keeps what the checks read.
    expect(JSON.stringify(row.describeCache).length).toBeLessThan(400_000);
  });

  it("lists every missing piece with the steps to create it in an org without our customisations", async () => {
    const org = newOrg({ shopifyCustomizations: false });
    await h.connectShop(SHOP, org);
    const report = await h.sf.runSetupCheck(SHOP);
    expect(report.reachable).toBe(true);
    expect(report.ready).toBe(false);
    const byKey = new Map(report.issues.map((i) => [`${i.object}.${i.field ?? ""}:${i.problem}`, i]));
    for (const [object, field] of [
      ["Account", "Shopify_Customer_Id__c"],
      ["Contact", "Shopify_Customer_Id__c"],
      ["Opportunity", "Shopify_Order_Id__c"],
      ["Order", "Shopify_Order_Id__c"],
      ["OpportunityLineItem", "Shopify_Line_Item_Id__c"],
      ["OrderItem", "Shopify_Line_Item_Id__c"],
      ["Product2", "Shopify_Variant_Id__c"],
      ["PricebookEntry", "Shopify_Variant_Id__c"],
      ["Shopify_Refund__c", "Shopify_Refund_Id__c"],
    ]) {
      const issue = byKey.get(`${object}.${field}:field-missing`);
      expect(issue, `${object}.${field}`).toBeDefined();
      expect(issue!.severity).toBe("error");
    }
    const account = byKey.get("Account.Shopify_Customer_Id__c:field-missing")!;
    expect(account.steps).toEqual([
      "In Salesforce: gear icon → Setup → Object Manager → Account.",
      "Fields & Relationships → New.",
      "Data Type: Text → Next.",
      "Field Label: Shopify Customer Id; Length: 255; Field Name: Shopify_Customer_Id (Salesforce adds __c).",
      'Tick "Unique" (choose "Treat "ABC" and "abc" as different values") and "External ID" → Next.',
      `Field-Level Security: tick "Visible" (leave "Read-Only" unticked) for the profile of the integration user ${org.username} → Next.`,
      "Page layouts: optional → Save.",
      'Back in this app, click "Run setup check".',
    ]);
    expect(byKey.get("OpportunityLineItem.Shopify_Line_Item_Id__c:field-missing")!.steps[0]).toContain("Object Manager → Opportunity Product.");
    const refund = byKey.get("Shopify_Refund__c.:object-missing")!;
    expect(refund.steps.join(" ")).toMatch(/Create → Custom Object.*Object Name: Shopify_Refund/);
    expect(byKey.get("Shopify_Refund__c.Amount__c:field-missing")!.steps).toContain("Data Type: Currency → Next.");
  });

  it("flags a field that exists but is not an External ID, and one our user cannot write", async () => {
    const org = newOrg();
    org.removeField("Contact", "Shopify_Customer_Id__c");
    org.addField("Contact", { name: "Shopify_Customer_Id__c", type: "string", label: "Shopify Customer Id", length: 255 });
    org.removeField("Product2", "Shopify_Variant_Id__c");
    org.addField("Product2", { name: "Shopify_Variant_Id__c", type: "string", label: "Shopify Variant Id", length: 255, externalId: true, unique: true, updateable: false });
    await h.connectShop(SHOP, org);
    const report = await h.sf.runSetupCheck(SHOP);
    const problems = report.issues.map((i) => `${i.object}.${i.field}:${i.problem}`);
    expect(problems).toEqual(["Contact.Shopify_Customer_Id__c:not-external-id", "Product2.Shopify_Variant_Id__c:field-not-writable"]);
    expect(report.issues[0].steps.join(" ")).toMatch(/Tick "External ID" and "Unique"/);
    expect(report.issues[1].steps.join(" ")).toMatch(/Set Field-Level Security/);
  });

  it("treats the unused order model's gaps as warnings when the other model is complete", async () => {
    const org = newOrg();
    org.removeField("OrderItem", "Shopify_Line_Item_Id__c");
    await h.connectShop(SHOP, org);
    const report = await h.sf.runSetupCheck(SHOP);
    expect(report.ready).toBe(true);
    expect(report.issues).toMatchObject([{ object: "OrderItem", problem: "field-missing", severity: "warning" }]);
    expect(report.issues[0].message).toMatch(/Only needed to sync orders as Orders/);
    const strict = await h.sf.runSetupCheck(SHOP, { orderModel: "order" });
    expect(strict.ready).toBe(false);
  });

  it("reuses the cached describe until asked to refresh it", async () => {
    const org = newOrg({ shopifyCustomizations: false });
    await h.connectShop(SHOP, org);
    await h.sf.runSetupCheck(SHOP);
    org.resetStats();
    // The admin creates the Account field; a cached check does not see it and spends no describe call.
    org.addField("Account", { name: "Shopify_Customer_Id__c", type: "string", label: "Shopify Customer Id", length: 255, externalId: true, unique: true });
    const cached = await h.sf.runSetupCheck(SHOP);
    expect(Object.keys(org.stats().byEndpoint).filter((e) => e.includes("describe") || e === "GET /sobjects")).toEqual([]);
    expect(cached.issues.some((i) => i.object === "Account" && i.problem === "field-missing")).toBe(true);
    const refreshed = await h.sf.runSetupCheck(SHOP, { refreshDescribe: true });
    expect(refreshed.issues.some((i) => i.object === "Account")).toBe(false);
    expect(org.stats().byEndpoint["GET /sobjects/Account/describe"]?.calls).toBe(1);
  });

  it("reports an unreachable or revoked connection instead of throwing", async () => {
    await h.connectShop(SHOP);
    const row = await h.prisma.salesforceConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    const refresh = h.cipher.decrypt(row.refreshTokenEncrypted!, `salesforce-connection:${SHOP}:refreshToken`);
    await fetch(`${h.emulator.url}/services/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: refresh }) });
    const report = await h.sf.runSetupCheck(SHOP);
    expect(report).toMatchObject({ reachable: false, ready: false });
    expect(report.error).toMatch(/Connect/);
    expect((await h.sf.status(SHOP)).health).toMatchObject({ reachable: false });
  });
});
