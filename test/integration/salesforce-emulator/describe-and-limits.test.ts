import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { API_VERSION, connect, failure, raw } from "./emulator-harness";

let emulator: SalesforceEmulator;
let now = Date.UTC(2026, 10, 2, 12, 0, 0);

beforeAll(async () => {
  // A settable clock lets the rolling 24-hour API window move without waiting.
  emulator = await startSalesforceEmulator({ clock: () => now });
});

afterAll(async () => {
  await emulator.close();
});

describe("metadata", () => {
  it("lists the org's objects and describes them with our external-id fields", async () => {
    const conn = await connect(emulator);
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((s) => s.name);
    for (const name of ["Account", "Contact", "Opportunity", "Order", "OrderItem", "Product2", "Pricebook2", "PricebookEntry", "OpportunityLineItem", "Shopify_Refund__c"]) {
      expect(names).toContain(name);
    }
    const account = await conn.describe("Account");
    const ext = account.fields.find((f) => f.name === "Shopify_Customer_Id__c")!;
    expect(ext).toMatchObject({ externalId: true, unique: true, type: "string", custom: true, idLookup: true });
    expect(account.keyPrefix).toBe("001");
    expect(account.urls.describe).toBe(`/services/data/v${API_VERSION}/sobjects/Account/describe`);

    const refund = await conn.describe("Shopify_Refund__c");
    expect(refund.custom).toBe(true);
    expect(refund.keyPrefix).toBe("a0X");
    const byName = Object.fromEntries(refund.fields.map((f) => [f.name, f]));
    expect(byName.Shopify_Refund_Id__c).toMatchObject({ externalId: true, unique: true });
    expect(byName.Amount__c.type).toBe("currency");
    expect(byName.Refunded_At__c.type).toBe("datetime");
    expect(byName.Opportunity__c).toMatchObject({ type: "reference", referenceTo: ["Opportunity"], relationshipName: "Opportunity__r" });
    expect(byName.Order__c).toMatchObject({ type: "reference", referenceTo: ["Order"], relationshipName: "Order__r" });

    const keyPrefixes = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(keyPrefixes).toMatchObject({ Order: "801", OrderItem: "802", Product2: "01t", Pricebook2: "01s", PricebookEntry: "01u", OpportunityLineItem: "00k" });
    for (const [object, field] of [
      ["Contact", "Shopify_Customer_Id__c"],
      ["Opportunity", "Shopify_Order_Id__c"],
      ["Order", "Shopify_Order_Id__c"],
      ["OrderItem", "Shopify_Line_Item_Id__c"],
      ["OpportunityLineItem", "Shopify_Line_Item_Id__c"],
      ["Product2", "Shopify_Variant_Id__c"],
      ["PricebookEntry", "Shopify_Variant_Id__c"],
    ]) {
      const d = await conn.describe(object);
      expect(d.fields.find((f) => f.name === field), `${object}.${field}`).toMatchObject({ externalId: true, unique: true });
    }
  });

  it("seeds the standard price book and answers unknown objects with NOT_FOUND", async () => {
    const conn = await connect(emulator);
    const books = await conn.query<{ Name: string; IsStandard: boolean }>("SELECT Id, Name, IsStandard FROM Pricebook2 WHERE IsStandard = true");
    expect(books.records).toHaveLength(1);
    expect(books.records[0].Name).toBe("Standard Price Book");
    const missing = await failure(conn.describe("Nope__c"));
    expect(missing.errorCode).toBe("NOT_FOUND");
  });

  it("can be changed at run time (fields added and removed), as an admin would", async () => {
    const org = emulator.createOrg({ shopifyCustomizations: false });
    const conn = await connect(emulator, org);
    expect((await conn.describe("Account")).fields.some((f) => f.name === "Shopify_Customer_Id__c")).toBe(false);
    org.addField("Account", { name: "Shopify_Customer_Id__c", type: "string", length: 255, externalId: true, unique: true, caseSensitive: true });
    const res = await conn.sobject("Account").upsert({ Name: "A", Shopify_Customer_Id__c: "1" }, "Shopify_Customer_Id__c");
    expect(res.success).toBe(true);
  });

  it("lists API versions without authentication", async () => {
    const res = await fetch(`${emulator.url}/services/data/`);
    const versions = (await res.json()) as Array<{ version: string; url: string; label: string }>;
    expect(versions[0]).toEqual({ label: "Summer '14", url: "/services/data/v31.0", version: "31.0" });
    expect(versions.find((v) => v.version === "62.0")?.label).toBe("Winter '25");
  });
});

describe("API limits", () => {
  it("reports usage in Sforce-Limit-Info and /limits", async () => {
    const org = emulator.createOrg({ dailyApiLimit: 5000 });
    const conn = await connect(emulator, org);
    await conn.query("SELECT Id FROM Account");
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 5000 });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 5000, Remaining: 4998 });
    expect(conn.limitInfo.apiUsage).toEqual({ used: 2, limit: 5000 });
    const res = await raw(conn, "GET", "/limits");
    expect(res.headers.get("sforce-limit-info")).toBe("api-usage=3/5000");
  });

  it("answers REQUEST_LIMIT_EXCEEDED once the daily allocation is spent, until the window rolls", async () => {
    const org = emulator.createOrg({ dailyApiLimit: 3 });
    const conn = await connect(emulator, org);
    for (let i = 0; i < 3; i++) await conn.sobject("Account").create({ Name: `A${i}` });
    const exceeded = await failure(conn.sobject("Account").create({ Name: "one too many" }));
    expect(exceeded.errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    expect(exceeded.message).toBe("TotalRequests Limit exceeded.");
    const res = await raw(conn, "GET", "/limits");
    expect(res.status).toBe(403);
    expect(res.headers.get("sforce-limit-info")).toBe("api-usage=3/3");

    now += 24 * 60 * 60 * 1000 + 60_000;
    await conn.sobject("Account").create({ Name: "next day" });
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 3 });
  });

  it("lets a test raise or lower the daily maximum", async () => {
    const org = emulator.createOrg();
    const conn = await connect(emulator, org);
    org.setDailyLimit(1);
    await conn.limits();
    expect((await failure(conn.limits())).errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    org.setDailyLimit(100);
    expect((await conn.limits()).DailyApiRequests).toEqual({ Max: 100, Remaining: 98 });
  });
});
