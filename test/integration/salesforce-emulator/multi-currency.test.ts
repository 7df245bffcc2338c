import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "../../support/salesforce";
import type { OrgOptions } from "../../support/salesforce/org/org";
import { connect, raw } from "./emulator-harness";

// Multi-currency orgs and OpportunityLineItem prices as the Object Reference documents them
// (test/support/salesforce/README.md, "Money roll-ups" and "Multi-currency orgs").

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function freshOrg(options: OrgOptions = {}): Promise<{ org: OrgHandle; conn: Connection }> {
  const org = emulator.createOrg(options);
  return { org, conn: await connect(emulator, org) };
}

type Saved = { id: string; success: boolean; errors: Array<{ statusCode?: string; errorCode?: string; message: string }> };

async function opportunityWithEntry(conn: Connection, pricebookId: string, currency: string | undefined) {
  const product = (await conn.sobject("Product2").create({ Name: "Sunglasses" })) as Saved;
  const entry = (await conn.sobject("PricebookEntry").create({
    Product2Id: product.id,
    Pricebook2Id: pricebookId,
    UnitPrice: 100,
    IsActive: true,
    ...(currency ? { CurrencyIsoCode: currency } : {}),
  })) as Saved;
  const opp = (await conn.sobject("Opportunity").create({
    Name: "Order #1",
    StageName: "Prospecting",
    CloseDate: "2026-12-02",
    Pricebook2Id: pricebookId,
    ...(currency ? { CurrencyIsoCode: currency } : {}),
  })) as Saved;
  return { productId: product.id, entryId: entry.id, oppId: opp.id };
}

describe("multi-currency orgs", () => {
  it("has no CurrencyIsoCode and no CurrencyType in a single-currency org", async () => {
    const { conn } = await freshOrg();
    const describe = await conn.sobject("Opportunity").describe();
    expect(describe.fields.some((f) => f.name === "CurrencyIsoCode")).toBe(false);
    const query = await raw(conn, "GET", `/query?q=${encodeURIComponent("SELECT IsoCode FROM CurrencyType")}`);
    expect(query.status).toBe(400);
  });

  it("describes CurrencyIsoCode as a restricted picklist of the active currencies and lists them in CurrencyType", async () => {
    const { conn, org } = await freshOrg({ multiCurrency: { corporate: "USD", active: ["EUR"], inactive: ["GBP"] } });
    const describe = await conn.sobject("Opportunity").describe();
    const currency = describe.fields.find((f) => f.name === "CurrencyIsoCode")!;
    expect(currency).toMatchObject({ type: "picklist", restrictedPicklist: true, defaultedOnCreate: true, createable: true, updateable: true });
    expect(currency.picklistValues!.map((p) => [p.value, p.active, p.defaultValue])).toEqual([
      ["USD", true, true],
      ["EUR", true, false],
    ]);
    const line = (await conn.sobject("OpportunityLineItem").describe()).fields.find((f) => f.name === "CurrencyIsoCode")!;
    expect(line).toMatchObject({ createable: false, updateable: false });
    const entry = (await conn.sobject("PricebookEntry").describe()).fields.find((f) => f.name === "CurrencyIsoCode")!;
    expect(entry).toMatchObject({ createable: true, updateable: false });

    const active = await conn.query<{ IsoCode: string }>("SELECT IsoCode FROM CurrencyType WHERE IsActive = true ORDER BY IsoCode");
    expect(active.records.map((r) => r.IsoCode)).toEqual(["EUR", "USD"]);
    expect(org.records("CurrencyType").map((r) => [r.IsoCode, r.IsActive, r.IsCorporate])).toEqual([
      ["USD", true, true],
      ["EUR", true, false],
      ["GBP", false, false],
    ]);
  });

  it("refuses a record in an inactive or unknown currency, and defaults to the corporate currency", async () => {
    const { conn } = await freshOrg({ multiCurrency: { corporate: "USD", active: ["EUR"], inactive: ["GBP"] } });
    const inactive = await raw(conn, "POST", "/sobjects/Account", { Name: "A", CurrencyIsoCode: "GBP" });
    expect(inactive.status).toBe(400);
    expect(inactive.body).toEqual([{ message: "Account Currency: bad value for restricted picklist field: GBP", errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", fields: ["CurrencyIsoCode"] }]);
    const created = (await conn.sobject("Account").create({ Name: "B" })) as Saved;
    const row = await conn.sobject("Account").retrieve(created.id);
    expect((row as unknown as { CurrencyIsoCode: string }).CurrencyIsoCode).toBe("USD");
  });

  it("keeps one price book entry per product, price book AND currency", async () => {
    const { conn, org } = await freshOrg({ multiCurrency: { corporate: "USD", active: ["EUR"] } });
    const pricebookId = org.org.standardPricebookId;
    const { productId } = await opportunityWithEntry(conn, pricebookId, "USD");
    const eur = (await conn.sobject("PricebookEntry").create({ Product2Id: productId, Pricebook2Id: pricebookId, UnitPrice: 92, CurrencyIsoCode: "EUR" })) as Saved;
    expect(eur.success).toBe(true);
    const again = await raw(conn, "POST", "/sobjects/PricebookEntry", { Product2Id: productId, Pricebook2Id: pricebookId, UnitPrice: 93, CurrencyIsoCode: "EUR" });
    expect(again.body).toEqual([{ message: "This price definition already exists in this price book", errorCode: "DUPLICATE_VALUE", fields: [] }]);
  });

  it("refuses a line whose price book entry is in another currency than its opportunity; a matching line takes its currency", async () => {
    const { conn, org } = await freshOrg({ multiCurrency: { corporate: "USD", active: ["EUR"] } });
    const pricebookId = org.org.standardPricebookId;
    const { entryId } = await opportunityWithEntry(conn, pricebookId, "USD");
    const eurOpp = (await conn.sobject("Opportunity").create({ Name: "EUR", StageName: "Prospecting", CloseDate: "2026-12-02", Pricebook2Id: pricebookId, CurrencyIsoCode: "EUR" })) as Saved;
    const mismatch = await raw(conn, "POST", "/sobjects/OpportunityLineItem", { OpportunityId: eurOpp.id, PricebookEntryId: entryId, Quantity: 1, UnitPrice: 10 });
    expect(mismatch.body).toEqual([
      { message: "field integrity exception: PricebookEntryId (pricebook entry currency code does not match opportunity currency code)", errorCode: "FIELD_INTEGRITY_EXCEPTION", fields: ["PricebookEntryId"] },
    ]);
    const { entryId: usdEntry, oppId } = await opportunityWithEntry(conn, pricebookId, "USD");
    const line = (await conn.sobject("OpportunityLineItem").create({ OpportunityId: oppId, PricebookEntryId: usdEntry, Quantity: 2, UnitPrice: 10 })) as Saved;
    expect(org.records("OpportunityLineItem").find((r) => r.Id === line.id)!.CurrencyIsoCode).toBe("USD");
  });
});

describe("OpportunityLineItem prices", () => {
  it("applies Discount (a percentage) to TotalPrice, keeps Subtotal = Quantity × UnitPrice, and rolls the discounted total up", async () => {
    const { conn, org } = await freshOrg();
    const { entryId, oppId } = await opportunityWithEntry(conn, org.org.standardPricebookId, undefined);
    const line = (await conn.sobject("OpportunityLineItem").create({ OpportunityId: oppId, PricebookEntryId: entryId, Quantity: 3, UnitPrice: 19.99, Discount: 10 })) as Saved;
    const row = () => org.records("OpportunityLineItem").find((r) => r.Id === line.id)!;
    expect(row()).toMatchObject({ UnitPrice: 19.99, Subtotal: 59.97, Discount: 10, TotalPrice: 53.97 });
    expect(org.records("Opportunity").find((r) => r.Id === oppId)!.Amount).toBe(53.97);

    // Discount alone: TotalPrice follows, UnitPrice is held.
    await conn.sobject("OpportunityLineItem").update({ Id: line.id, Discount: 50 });
    expect(row()).toMatchObject({ UnitPrice: 19.99, TotalPrice: 29.99 });

    // Discount and Quantity without a price: Salesforce cannot know which one to adjust.
    const ambiguous = await raw(conn, "PATCH", `/sobjects/OpportunityLineItem/${line.id}`, { Discount: 20, Quantity: 1 });
    expect(ambiguous.status).toBe(400);
    expect((ambiguous.body as Array<{ errorCode: string }>)[0].errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");

    // TotalPrice with a Discount: the sales price is what, less the discount, gives that total.
    await conn.sobject("OpportunityLineItem").update({ Id: line.id, Quantity: 2, Discount: 20, TotalPrice: 80 });
    expect(row()).toMatchObject({ UnitPrice: 50, Subtotal: 100, TotalPrice: 80 });
  });

  it("refuses UnitPrice and TotalPrice together, and a line with neither", async () => {
    const { conn, org } = await freshOrg();
    const { entryId, oppId } = await opportunityWithEntry(conn, org.org.standardPricebookId, undefined);
    const both = await raw(conn, "POST", "/sobjects/OpportunityLineItem", { OpportunityId: oppId, PricebookEntryId: entryId, Quantity: 1, UnitPrice: 1, TotalPrice: 1 });
    expect((both.body as Array<{ errorCode: string; message: string }>)[0]).toMatchObject({ errorCode: "FIELD_INTEGRITY_EXCEPTION" });
    const neither = await raw(conn, "POST", "/sobjects/OpportunityLineItem", { OpportunityId: oppId, PricebookEntryId: entryId, Quantity: 1 });
    expect((neither.body as Array<{ errorCode: string }>)[0].errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");
  });
});
