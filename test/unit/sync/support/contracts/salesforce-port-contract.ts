import { describe, expect, it } from "vitest";
import type { SalesforcePort } from "../../../../../app/sync/ports";

// What the engine relies on from a SalesforcePort, run against the fake here and meant to be run
// against the jsforce adapter talking to the Salesforce emulator. The org must have Account and
// Contact with the external id field Shopify_Customer_Id__c.

export interface SalesforcePortSubject {
  salesforce: SalesforcePort;
  shop: string;
  /** The org's standard price book (for line items). */
  standardPricebookId: string;
  /** What Salesforce holds now, derived fields included: the record with that external id value. */
  read(object: string, field: string, value: string): Promise<Record<string, unknown> | undefined>;
}

export function salesforcePortContract(name: string, create: () => Promise<SalesforcePortSubject>): void {
  describe(`SalesforcePort contract: ${name}`, () => {
    it("upserts by external id, one result per record in request order, created then updated", async () => {
      const { salesforce, shop } = await create();
      const session = await salesforce.connect(shop);
      const first = await session.upsert(
        "Account",
        "Shopify_Customer_Id__c",
        [
          { Name: "Bob Biller", Shopify_Customer_Id__c: "706405506930370084" },
          { Name: "Ann Example", Shopify_Customer_Id__c: "706405506930370085" },
        ],
        { allOrNone: false },
      );
      expect(first.map((result) => [result.success, result.created])).toEqual([
        [true, true],
        [true, true],
      ]);
      const again = await session.upsert("Account", "Shopify_Customer_Id__c", [{ Name: "Bob B.", Shopify_Customer_Id__c: "706405506930370084" }], { allOrNone: false });
      expect(again[0]).toMatchObject({ success: true, created: false, id: first[0]?.id });
    });

    it("resolves relationships by the parent's external id and reports a missing parent per record", async () => {
      const { salesforce, shop } = await create();
      const session = await salesforce.connect(shop);
      await session.upsert("Account", "Shopify_Customer_Id__c", [{ Name: "Bob", Shopify_Customer_Id__c: "1" }], { allOrNone: false });
      const results = await session.upsert(
        "Contact",
        "Shopify_Customer_Id__c",
        [
          { LastName: "Biller", Account: { Shopify_Customer_Id__c: "1" }, Shopify_Customer_Id__c: "1" },
          { LastName: "Nobody", Account: { Shopify_Customer_Id__c: "missing" }, Shopify_Customer_Id__c: "2" },
        ],
        { allOrNone: false },
      );
      expect(results[0]?.success).toBe(true);
      expect(results[1]).toMatchObject({ success: false });
      const error = results[1]?.errors[0];
      expect(error?.statusCode ?? error?.errorCode).toBe("INVALID_FIELD");
      expect(error?.message).toMatch(/Foreign key external ID: missing not found/);
    });

    it("reports validation failures per record without failing the others", async () => {
      const { salesforce, shop } = await create();
      const session = await salesforce.connect(shop);
      const results = await session.upsert(
        "Contact",
        "Shopify_Customer_Id__c",
        [
          { LastName: "Fine", Shopify_Customer_Id__c: "10" },
          { FirstName: "No last name", Shopify_Customer_Id__c: "11" },
        ],
        { allOrNone: false },
      );
      expect(results.map((result) => result.success)).toEqual([true, false]);
      const error = results[1]?.errors[0];
      expect(error?.statusCode ?? error?.errorCode).toBe("REQUIRED_FIELD_MISSING");
    });

    it("finds match candidates with their external id", async () => {
      const { salesforce, shop } = await create();
      const session = await salesforce.connect(shop);
      await session.upsert("Contact", "Shopify_Customer_Id__c", [{ LastName: "Biller", Email: "bob@biller.com", Shopify_Customer_Id__c: "20" }], { allOrNone: false });
      const matches = await session.findMatches({ object: "Contact", matchField: "Email", externalIdField: "Shopify_Customer_Id__c", values: ["bob@biller.com", "nobody@x.com"] });
      expect(matches).toEqual([{ id: expect.any(String), matchValue: "bob@biller.com", externalId: "20" }]);
    });

    it("updates by record id when the external id field is Id (adoption), refusing unknown ids", async () => {
      const { salesforce, shop } = await create();
      const session = await salesforce.connect(shop);
      const [made] = await session.upsert("Contact", "Shopify_Customer_Id__c", [{ LastName: "Existing", Email: "crm@example.com", Shopify_Customer_Id__c: "40" }], { allOrNone: false });
      const adopted = await session.upsert("Contact", "Id", [{ Id: made?.id, Title: "Adopted", Shopify_Customer_Id__c: "41" }], { allOrNone: false });
      expect(adopted[0]).toMatchObject({ success: true, id: made?.id });
      expect(adopted[0]?.created).not.toBe(true);
      const matches = await session.findMatches({ object: "Contact", matchField: "Email", externalIdField: "Shopify_Customer_Id__c", values: ["crm@example.com"] });
      expect(matches).toEqual([{ id: made?.id, matchValue: "crm@example.com", externalId: "41" }]);
      const missing = await session.upsert("Contact", "Id", [{ Id: "003000000000001", Title: "Nobody" }], { allOrNone: false });
      expect(missing[0]?.success).toBe(false);
      expect(missing[0]?.errors[0]?.statusCode ?? missing[0]?.errors[0]?.errorCode).toBe("INVALID_CROSS_REFERENCE_KEY");
    });

    it("finds match candidates whose values hold quotes and backslashes", async () => {
      const { salesforce, shop } = await create();
      const session = await salesforce.connect(shop);
      const emails = ["o'brien@example.com", "back\\slash@example.com"];
      await session.upsert(
        "Contact",
        "Shopify_Customer_Id__c",
        emails.map((email, index) => ({ LastName: "Quoted", Email: email, Shopify_Customer_Id__c: `3${index}` })),
        { allOrNone: false },
      );
      const matches = await session.findMatches({ object: "Contact", matchField: "Email", externalIdField: "Shopify_Customer_Id__c", values: [...emails, "o'nobody@example.com"] });
      expect(matches.map((match) => [match.matchValue, match.externalId]).sort()).toEqual([
        ["back\\slash@example.com", "31"],
        ["o'brien@example.com", "30"],
      ]);
    });

    it("derives Opportunity.Amount from its line items, ignores writes to it, and follows deletes", async () => {
      const { salesforce, shop, standardPricebookId, read } = await create();
      const session = await salesforce.connect(shop);
      const ok = (results: Awaited<ReturnType<typeof session.upsert>>) => expect(results.map((result) => result.success)).toEqual(results.map(() => true));
      ok(await session.upsert("Product2", "Shopify_Variant_Id__c", [{ Name: "Sunglasses", IsActive: true, Shopify_Variant_Id__c: "c-1" }], { allOrNone: false }));
      ok(
        await session.upsert(
          "PricebookEntry",
          "Shopify_Variant_Id__c",
          [{ Product2: { Shopify_Variant_Id__c: "c-1" }, Pricebook2Id: standardPricebookId, UnitPrice: 10, IsActive: true, Shopify_Variant_Id__c: "c-1" }],
          { allOrNone: false },
        ),
      );
      const opportunity = { Name: "Order #1", StageName: "Prospecting", CloseDate: "2026-12-01", Pricebook2Id: standardPricebookId, Shopify_Order_Id__c: "o-1" };
      ok(await session.upsert("Opportunity", "Shopify_Order_Id__c", [{ ...opportunity, Amount: 999 }], { allOrNone: false }));
      const line = (id: string, quantity: number, unitPrice: number) => ({
        Opportunity: { Shopify_Order_Id__c: "o-1" },
        PricebookEntry: { Shopify_Variant_Id__c: "c-1" },
        Quantity: quantity,
        UnitPrice: unitPrice,
        Shopify_Line_Item_Id__c: id,
      });
      const lines = await session.upsert("OpportunityLineItem", "Shopify_Line_Item_Id__c", [line("l-1", 3, 10.01), line("l-2", 1, -5.5)], { allOrNone: false });
      ok(lines);
      expect(await read("Opportunity", "Shopify_Order_Id__c", "o-1")).toMatchObject({ Amount: 24.53 });
      expect(await read("OpportunityLineItem", "Shopify_Line_Item_Id__c", "l-1")).toMatchObject({ TotalPrice: 30.03 });

      ok(await session.upsert("Opportunity", "Shopify_Order_Id__c", [{ ...opportunity, Amount: 1 }], { allOrNone: false }));
      expect(await read("Opportunity", "Shopify_Order_Id__c", "o-1")).toMatchObject({ Amount: 24.53 });

      const removed = await session.delete([String(lines[1]?.id)]);
      expect(removed).toEqual([{ success: true, id: lines[1]?.id, errors: [] }]);
      expect(await read("Opportunity", "Shopify_Order_Id__c", "o-1")).toMatchObject({ Amount: 30.03 });
      const again = await session.delete([String(lines[1]?.id)]);
      expect(again[0]).toMatchObject({ success: false });
      expect(again[0]?.errors[0]?.statusCode ?? again[0]?.errors[0]?.errorCode).toBe("ENTITY_IS_DELETED");
    });
  });
}
