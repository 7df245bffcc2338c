import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type SalesforceEmulator } from "../../support/salesforce";
import { connect, failure, raw } from "./emulator-harness";

let emulator: SalesforceEmulator;
let conn: Connection;

type Opp = { Name: string; Amount: number | null; Account: { Name: string } | null };

beforeAll(async () => {
  emulator = await startSalesforceEmulator({ clock: () => Date.UTC(2026, 10, 15, 10, 0, 0) });
  conn = await connect(emulator);
  const org = emulator.defaultOrg;
  const [acme, globex] = org.insert("Account", [
    { Name: "Acme", Shopify_Customer_Id__c: "1", Industry: "Apparel" },
    { Name: "Globex", Shopify_Customer_Id__c: "2" },
  ]);
  org.insert("Opportunity", [
    { Name: "Order #1001", StageName: "Closed Won", CloseDate: "2026-11-15", Amount: 100, AccountId: acme, Shopify_Order_Id__c: "1001" },
    { Name: "Order #1002", StageName: "Prospecting", CloseDate: "2026-11-10", Amount: 250.5, AccountId: acme, Shopify_Order_Id__c: "1002" },
    { Name: "Order #1003", StageName: "Closed Lost", CloseDate: "2026-10-01", Amount: null, AccountId: globex, Shopify_Order_Id__c: "1003" },
    { Name: "O'Brien's order", StageName: "Prospecting", CloseDate: "2025-01-01", Amount: 5, Shopify_Order_Id__c: "1004" },
    { Name: "100% cotton_sale", StageName: "Prospecting", CloseDate: "2025-01-02", Amount: 7, Shopify_Order_Id__c: "1005" },
  ]);
});

afterAll(async () => {
  await emulator.close();
});

async function names(soql: string): Promise<string[]> {
  return (await conn.query<{ Name: string }>(soql)).records.map((r) => r.Name);
}

describe("SOQL", () => {
  it("selects fields and parent fields, with attributes", async () => {
    const result = await conn.query<Opp>("SELECT Name, Amount, Account.Name FROM Opportunity WHERE Shopify_Order_Id__c = '1001'");
    expect(result.totalSize).toBe(1);
    expect(result.done).toBe(true);
    const [row] = result.records as Array<Opp & { attributes: { type: string; url: string } }>;
    expect(Object.keys(row)).toEqual(["attributes", "Name", "Amount", "Account"]);
    expect(row.attributes.type).toBe("Opportunity");
    expect(row.attributes.url).toMatch(/^\/services\/data\/v62\.0\/sobjects\/Opportunity\/006/);
    expect(row.Account).toEqual({ attributes: { type: "Account", url: expect.stringMatching(/\/Account\/001/) }, Name: "Acme" });
    const orphan = await conn.query<Opp>("SELECT Account.Name FROM Opportunity WHERE Shopify_Order_Id__c = '1004'");
    expect(orphan.records[0].Account).toBeNull();
  });

  it("filters with comparisons, IN, NOT IN, LIKE, NOT, AND/OR and parentheses", async () => {
    expect(await names("SELECT Name FROM Opportunity WHERE Amount > 100 ORDER BY Name")).toEqual(["Order #1002"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Amount >= 100 AND Amount <= 250.5 ORDER BY Amount DESC")).toEqual(["Order #1002", "Order #1001"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Amount = null")).toEqual(["Order #1003"]);
    expect(await names("SELECT Name FROM Opportunity WHERE StageName IN ('Closed Won', 'closed lost') ORDER BY Name")).toEqual(["Order #1001", "Order #1003"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Shopify_Order_Id__c NOT IN ('1001','1002','1003') ORDER BY Name")).toEqual(["100% cotton_sale", "O'Brien's order"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Name LIKE 'order #100_' ORDER BY Name")).toEqual(["Order #1001", "Order #1002", "Order #1003"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Name LIKE '100\\% cotton\\_%'")).toEqual(["100% cotton_sale"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Name = 'O\\'Brien\\'s order'")).toEqual(["O'Brien's order"]);
    expect(await names("SELECT Name FROM Opportunity WHERE (IsWon = true OR Amount < 6) AND NOT Name LIKE 'x%' ORDER BY Name")).toEqual(["O'Brien's order", "Order #1001"]);
    expect(await names("SELECT Name FROM Opportunity WHERE Account.Industry = 'Apparel' AND Amount != 100")).toEqual(["Order #1002"]);
    expect(await names("SELECT Name FROM Opportunity WHERE IsClosed = false AND CloseDate < 2026-01-01 ORDER BY CloseDate")).toEqual(["O'Brien's order", "100% cotton_sale"]);
  });

  it("understands date literals and datetime comparisons", async () => {
    expect(await names("SELECT Name FROM Opportunity WHERE CloseDate = TODAY")).toEqual(["Order #1001"]);
    expect(await names("SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:7 ORDER BY Name")).toEqual(["Order #1001", "Order #1002"]);
    expect(await names("SELECT Name FROM Opportunity WHERE CloseDate = THIS_MONTH ORDER BY Name")).toEqual(["Order #1001", "Order #1002"]);
    expect(await names("SELECT Name FROM Opportunity WHERE CreatedDate > 2026-11-15T09:59:59Z AND CreatedDate < 2026-11-15T10:00:01+00:00")).toHaveLength(5);
  });

  it("orders with NULLS FIRST/LAST, limits, offsets and counts", async () => {
    expect(await names("SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST, Name LIMIT 2")).toEqual(["O'Brien's order", "100% cotton_sale"]);
    expect((await names("SELECT Name FROM Opportunity ORDER BY Amount NULLS FIRST"))[0]).toBe("Order #1003");
    expect(await names("SELECT Name FROM Opportunity ORDER BY Amount DESC LIMIT 2 OFFSET 1")).toEqual(["Order #1001", "100% cotton_sale"]);
    const count = await conn.query("SELECT COUNT() FROM Opportunity WHERE IsClosed = true");
    expect(count.totalSize).toBe(2);
    expect(count.records).toEqual([]);
  });

  it("pages with nextRecordsUrl, honouring Sforce-Query-Options batchSize", async () => {
    const org = emulator.createOrg();
    org.insert("Account", Array.from({ length: 450 }, (_, i) => ({ Name: `A${String(i).padStart(3, "0")}` })));
    const c = await connect(emulator, org);
    const first = await raw(c, "GET", "/query?q=" + encodeURIComponent("SELECT Name FROM Account ORDER BY Name"), undefined, {
      "Sforce-Query-Options": "batchSize=200",
    });
    const page = first.body as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(page.totalSize).toBe(450);
    expect(page.done).toBe(false);
    expect(page.records).toHaveLength(200);
    expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[a-zA-Z0-9]{12}-200$/);
    const more = await c.queryMore(page.nextRecordsUrl);
    expect(more.records).toHaveLength(200);
    expect(more.done).toBe(false);
    const last = await c.queryMore(more.nextRecordsUrl!);
    expect(last.records).toHaveLength(50);
    expect(last.done).toBe(true);
    expect(last.nextRecordsUrl).toBeUndefined();
    // The default batch is 2,000.
    expect((await c.query("SELECT Id FROM Account")).records).toHaveLength(450);
  });

  it("answers INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY like Salesforce", async () => {
    const field = await failure(conn.query("SELECT Id, CleanStatus2 FROM Account"));
    expect(field.errorCode).toBe("INVALID_FIELD");
    expect(field.message).toBe(
      "\nSELECT Id, CleanStatus2 FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'CleanStatus2' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    const relationship = await failure(conn.query("SELECT Acount.Name FROM Opportunity"));
    expect(relationship.message).toContain("Didn't understand relationship 'Acount' in field path.");
    const type = await failure(conn.query("SELECT Id FROM Acount"));
    expect(type.errorCode).toBe("INVALID_TYPE");
    expect(type.message).toContain("sObject type 'Acount' is not supported.");
    const malformed = await failure(conn.query("SELECT Id FROM Account WHERE"));
    expect(malformed.errorCode).toBe("MALFORMED_QUERY");
    const mixed = await failure(conn.query("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'"));
    expect(mixed.errorCode).toBe("MALFORMED_QUERY");
    const unescaped = await failure(conn.query("SELECT Id FROM Contact WHERE Email IN ('o'brien@example.com')"));
    expect(unescaped.errorCode).toBe("MALFORMED_QUERY");
    const strayBackslash = await failure(conn.query("SELECT Id FROM Contact WHERE Email = 'back\\slash@example.com'"));
    expect(strayBackslash.errorCode).toBe("MALFORMED_QUERY");
    expect(strayBackslash.message).toContain("Illegal character sequence '\\s' in string literal.");
    const quoted = await failure(conn.query("SELECT Id FROM Opportunity WHERE Amount = '100'"));
    expect(quoted.errorCode).toBe("INVALID_FIELD");
    expect(quoted.message).toContain("value of filter criterion for field 'Amount' must be of type double and should not be enclosed in quotes");
    const badId = await failure(conn.query("SELECT Id FROM Account WHERE Id = 'abc'"));
    expect(badId.errorCode).toBe("INVALID_QUERY_FILTER_OPERATOR");
    const locator = await raw(conn, "GET", "/query/01g000000000000-2000");
    expect(locator.status).toBe(400);
    expect(locator.body).toEqual([{ message: "invalid query locator", errorCode: "INVALID_QUERY_LOCATOR" }]);
  });
});
