import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "../../support/salesforce";
import { connect, failure, raw } from "./emulator-harness";

let emulator: SalesforceEmulator;

beforeAll(async () => {
  emulator = await startSalesforceEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function freshOrg(options = {}): Promise<{ org: OrgHandle; conn: Connection }> {
  const org = emulator.createOrg(options);
  return { org, conn: await connect(emulator, org) };
}

describe("metadata-driven validation", () => {
  it("rejects unknown fields, read-only fields, missing required fields and long strings", async () => {
    const { conn } = await freshOrg();
    const unknown = await raw(conn, "POST", "/sobjects/Account", { Name: "A", Colour__c: "red" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual([{ message: "No such column 'Colour__c' on sobject of type Account", errorCode: "INVALID_FIELD" }]);

    const readOnly = await raw(conn, "POST", "/sobjects/Account", { Name: "A", CreatedDate: "2020-01-01T00:00:00Z", IsDeleted: false });
    expect(readOnly.body).toEqual([
      {
        message: "Unable to create/update fields: CreatedDate, IsDeleted. Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
        errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
        fields: ["CreatedDate", "IsDeleted"],
      },
    ]);

    const required = await failure(conn.sobject("Opportunity").create({ Name: "Order #1001" }));
    expect(required.errorCode).toBe("REQUIRED_FIELD_MISSING");
    expect(required.message).toBe("Required fields are missing: [StageName, CloseDate]");
    expect((required.data as { fields: string[] }).fields).toEqual(["StageName", "CloseDate"]);

    const tooLong = await raw(conn, "POST", "/sobjects/Contact", { LastName: "L", FirstName: "f".repeat(41) });
    expect(tooLong.body).toEqual([
      { message: `First Name: data value too large: ${"f".repeat(41)} (max length=40)`, errorCode: "STRING_TOO_LONG", fields: ["FirstName"] },
    ]);
  });

  it("fails the whole request with JSON_PARSER_ERROR for a value of the wrong JSON type", async () => {
    const { org, conn } = await freshOrg();
    const number = await raw(conn, "POST", "/sobjects/Opportunity", { Name: "O", StageName: "Prospecting", CloseDate: "2026-01-31", Amount: "twelve" });
    expect(number.status).toBe(400);
    const [error] = number.body as Array<{ message: string; errorCode: string }>;
    expect(error.errorCode).toBe("JSON_PARSER_ERROR");
    expect(error.message).toMatch(/^Cannot deserialize instance of double from VALUE_STRING value twelve or request may be missing a required field at \[line:1, column:\d+\]$/);

    const date = await failure(conn.sobject("Opportunity").create({ Name: "O", StageName: "Prospecting", CloseDate: "31/01/2026" }));
    expect(date.errorCode).toBe("JSON_PARSER_ERROR");
    expect(date.message).toContain("Cannot deserialize instance of date from VALUE_STRING value 31/01/2026");

    // Collections deserialize everything first: one bad value fails the call, nothing is saved.
    const batch = await failure(
      conn.sobject("Account").upsert(
        [
          { Name: "fine", Shopify_Customer_Id__c: "1" },
          { Name: "bad", Shopify_Customer_Id__c: "2", NumberOfEmployees: "many" },
        ],
        "Shopify_Customer_Id__c",
        { allOrNone: false },
      ),
    );
    expect(batch.errorCode).toBe("JSON_PARSER_ERROR");
    expect(org.records("Account")).toHaveLength(0);

    // Numeric strings are fine: Salesforce's parser coerces them.
    const ok = await conn.sobject("Opportunity").create({ Name: "O", StageName: "Closed Won", CloseDate: "2026-01-31", Amount: "12.5" });
    const saved = await conn.sobject("Opportunity").retrieve(ok.id!);
    expect(saved).toMatchObject({ Amount: 12.5, IsClosed: true, IsWon: true });
  });

  it("enforces restricted picklists and unique external ids", async () => {
    const { conn } = await freshOrg();
    const account = await conn.sobject("Account").create({ Name: "A", Shopify_Customer_Id__c: "42" });
    const picklist = await raw(conn, "POST", "/sobjects/Order", { AccountId: account.id, EffectiveDate: "2026-11-02", Status: "Shipped" });
    expect(picklist.body).toEqual([
      { message: "Status: bad value for restricted picklist field: Shipped", errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", fields: ["Status"] },
    ]);
    const duplicate = await raw(conn, "POST", "/sobjects/Account", { Name: "B", Shopify_Customer_Id__c: "42" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual([
      { message: `duplicate value found: Shopify_Customer_Id__c duplicates value on record with id: ${account.id}`, errorCode: "DUPLICATE_VALUE", fields: [] },
    ]);
  });

  it("rejects read-only parent fields when an upsert updates an existing child", async () => {
    const { conn } = await freshOrg();
    await conn.sobject("Opportunity").upsert({ Name: "O", StageName: "Prospecting", CloseDate: "2026-01-31", Shopify_Order_Id__c: "o1" }, "Shopify_Order_Id__c");
    const refund = { Name: "R1", Shopify_Refund_Id__c: "r1", Amount__c: 10, Opportunity__r: { Shopify_Order_Id__c: "o1" } };
    expect((await conn.sobject("Shopify_Refund__c").upsert(refund, "Shopify_Refund_Id__c")).success).toBe(true);
    // A custom lookup stays updateable: the same payload upserts again.
    expect((await conn.sobject("Shopify_Refund__c").upsert({ ...refund, Amount__c: 12 }, "Shopify_Refund_Id__c")).created).toBe(false);
  });
});

describe("orders, price books and line items", () => {
  it("builds an order from products in the standard price book and totals it", async () => {
    const { org, conn } = await freshOrg();
    const [standard] = (await conn.query<{ Id: string }>("SELECT Id FROM Pricebook2 WHERE IsStandard = true")).records;
    await conn.sobject("Account").upsert({ Name: "Buyer", Shopify_Customer_Id__c: "c1" }, "Shopify_Customer_Id__c");
    await conn.sobject("Product2").upsert({ Name: "T-shirt / M", Shopify_Variant_Id__c: "v1", IsActive: true }, "Shopify_Variant_Id__c");
    const entry = await conn
      .sobject("PricebookEntry")
      .upsert({ Shopify_Variant_Id__c: "v1", Pricebook2Id: standard.Id, Product2: { Shopify_Variant_Id__c: "v1" }, UnitPrice: 20, IsActive: true }, "Shopify_Variant_Id__c");
    expect(entry.success).toBe(true);
    await conn.sobject("Order").upsert(
      { Shopify_Order_Id__c: "o1", Account: { Shopify_Customer_Id__c: "c1" }, EffectiveDate: "2026-11-02", Status: "Draft", Pricebook2Id: standard.Id },
      "Shopify_Order_Id__c",
    );
    const lines = await conn.sobject("OrderItem").upsert(
      [
        { Shopify_Line_Item_Id__c: "l1", Order: { Shopify_Order_Id__c: "o1" }, PricebookEntry: { Shopify_Variant_Id__c: "v1" }, Quantity: 2, UnitPrice: 20 },
        { Shopify_Line_Item_Id__c: "l2", Order: { Shopify_Order_Id__c: "o1" }, PricebookEntry: { Shopify_Variant_Id__c: "v1" }, Quantity: 1, UnitPrice: 15 },
      ],
      "Shopify_Line_Item_Id__c",
      { allOrNone: false },
    );
    expect(lines.every((l) => l.success)).toBe(true);
    const order = await conn.query<{ TotalAmount: number; OrderNumber: string }>("SELECT TotalAmount, OrderNumber FROM Order WHERE Shopify_Order_Id__c = 'o1'");
    expect(order.records[0].TotalAmount).toBe(55);
    expect(order.records[0].OrderNumber).toMatch(/^\d{8}$/);

    // Upserting an existing line again with its parent in the payload: OrderId is create-only.
    const again = await failure(
      conn.sobject("OrderItem").upsert({ Shopify_Line_Item_Id__c: "l1", Order: { Shopify_Order_Id__c: "o1" }, Quantity: 3 }, "Shopify_Line_Item_Id__c"),
    );
    expect(again.errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    expect(org.records("OrderItem")).toHaveLength(2);
  });

  it("refuses an order product whose entry is not in the order's price book", async () => {
    const { conn } = await freshOrg();
    const account = await conn.sobject("Account").create({ Name: "Buyer" });
    const product = await conn.sobject("Product2").create({ Name: "Mug" });
    const [standard] = (await conn.query<{ Id: string }>("SELECT Id FROM Pricebook2 WHERE IsStandard = true")).records;
    const entry = await conn.sobject("PricebookEntry").create({ Pricebook2Id: standard.Id, Product2Id: product.id, UnitPrice: 5, IsActive: true });
    const order = await conn.sobject("Order").create({ AccountId: account.id, EffectiveDate: "2026-11-02", Status: "Draft" });
    const item = await raw(conn, "POST", "/sobjects/OrderItem", { OrderId: order.id, PricebookEntryId: entry.id, Quantity: 1, UnitPrice: 5 });
    expect(item.status).toBe(400);
    expect(item.body).toEqual([
      {
        message: "field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the Order, or Order has no pricebook assigned)",
        errorCode: "FIELD_INTEGRITY_EXCEPTION",
        fields: ["PricebookEntryId"],
      },
    ]);
    const custom = await conn.sobject("Pricebook2").create({ Name: "Wholesale", IsActive: true });
    const other = await conn.sobject("Product2").create({ Name: "Plate" });
    const noStandard = await failure(conn.sobject("PricebookEntry").create({ Pricebook2Id: custom.id, Product2Id: other.id, UnitPrice: 5 }));
    expect(noStandard.errorCode).toBe("STANDARD_PRICE_NOT_DEFINED");
  });
});

describe("org rules", () => {
  it("applies validation rules (SOQL conditions or predicates) and duplicate rules", async () => {
    const { org, conn } = await freshOrg();
    org.addValidationRule({ object: "Account", errorCondition: "Name LIKE 'ACME%'", message: "no ACME accounts" });
    org.addValidationRule({ object: "Account", errorCondition: (r) => String(r.Phone ?? "").startsWith("123"), message: "no 123 phone", field: "Phone" });
    const both = await raw(conn, "POST", "/sobjects/Account", { Name: "ACME Inc", Phone: "123-4567" });
    expect(both.body).toEqual([
      { message: "no ACME accounts", errorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", fields: [] },
      { message: "no 123 phone", errorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", fields: ["Phone"] },
    ]);
    const viaJsforce = await failure(conn.sobject("Account").create({ Name: "ACME Inc", Phone: "123-4567" }));
    expect(viaJsforce.errorCode).toBe("MULTIPLE_API_ERRORS");

    org.addDuplicateRule({ object: "Contact", name: "Standard_Contact_Duplicate_Rule", matchFields: ["Email"] });
    const erica = await conn.sobject("Contact").create({ LastName: "Johnson", Email: "erica@example.com" });
    const bare = (await conn.sobject("Contact").create([{ LastName: "Johnson", Email: "erica@example.com" }])) as unknown as Array<{ errors: unknown[] }>;
    // Without the Sforce-Duplicate-Rule-Header: the published Collections answer, no duplicateResult.
    expect(bare[0]?.errors).toEqual([{ statusCode: "DUPLICATES_DETECTED", message: "Use one of these records?", fields: [] }]);
    const header = { "Sforce-Duplicate-Rule-Header": "allowSave=false; includeRecordDetails=false; runAsCurrentUser=false" };
    const dup = (await conn.sobject("Contact").create([{ LastName: "Johnson", Email: "ERICA@example.com" }, { LastName: "Other" }], { headers: header })) as unknown as Array<{
      success: boolean;
      errors: Array<{ statusCode: string; message: string }>;
    }>;
    // The error names the rule and the matching records (duplicateResult.matchResults[].matchRecords[].record).
    expect(dup[0].errors[0]).toEqual({
      statusCode: "DUPLICATES_DETECTED",
      message: "Use one of these records?",
      fields: [],
      duplicateResult: {
        allowSave: false,
        duplicateRule: "Standard_Contact_Duplicate_Rule",
        duplicateRuleEntityType: "Contact",
        errorMessage: "Use one of these records?",
        matchResults: [
          {
            entityType: "Contact",
            errors: [],
            matchEngine: "ExactMatchEngine",
            matchRecords: [
              { additionalInformation: [], fieldDiffs: [], matchConfidence: 100, record: { attributes: { type: "Contact", url: expect.stringContaining(erica.id!) }, Id: erica.id } },
            ],
            rule: "Standard_Contact_Duplicate_Rule_Matching_Rule",
            size: 1,
            success: true,
          },
        ],
      },
    });
    expect(dup[1].success).toBe(true);
  });

  it("honours the Sforce-Duplicate-Rule-Header: allowSave passes Alert rules only, never Block rules", async () => {
    const { org, conn } = await freshOrg();
    org.addDuplicateRule({ object: "Contact", matchFields: ["Email"], action: "alert" });
    org.addDuplicateRule({ object: "Account", matchFields: ["Name"] });
    await conn.sobject("Contact").create({ LastName: "Johnson", Email: "erica@example.com" });
    await conn.sobject("Account").create({ Name: "Acme" });
    const allow = { "Sforce-Duplicate-Rule-Header": "allowSave=true; includeRecordDetails=false; runAsCurrentUser=false" };
    const withoutHeader = await raw(conn, "POST", "/sobjects/Contact", { LastName: "Johnson", Email: "erica@example.com" });
    expect((withoutHeader.body as Array<{ errorCode: string }>)[0].errorCode).toBe("DUPLICATES_DETECTED");
    const acknowledged = await raw(conn, "POST", "/sobjects/Contact", { LastName: "Johnson", Email: "erica@example.com" }, allow);
    expect(acknowledged.status).toBe(201);
    const blocked = await raw(conn, "POST", "/sobjects/Account", { Name: "ACME" }, allow);
    expect((blocked.body as Array<{ errorCode: string }>)[0].errorCode).toBe("DUPLICATES_DETECTED");
    const details = await raw(conn, "POST", "/sobjects/Account", { Name: "acme" }, { "Sforce-Duplicate-Rule-Header": "allowSave=false; includeRecordDetails=true" });
    const match = (details.body as Array<{ duplicateResult: { matchResults: Array<{ matchRecords: Array<{ record: Record<string, unknown> }> }> } }>)[0];
    expect(match?.duplicateResult.matchResults[0]?.matchRecords[0]?.record).toMatchObject({ Name: "Acme" });
  });
});

describe("person accounts", () => {
  it("switch on per org and follow the record type", async () => {
    const { org, conn } = await freshOrg();
    const { personRecordTypeId } = org.enablePersonAccounts();
    const describe = await conn.describe("Account");
    const names = describe.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["IsPersonAccount", "PersonEmail", "FirstName", "LastName", "PersonContactId"]));
    expect(describe.recordTypeInfos.map((r) => (r as unknown as { developerName: string }).developerName)).toEqual(expect.arrayContaining(["PersonAccount", "Business_Account"]));
    const rt = await conn.query<{ Id: string }>("SELECT Id FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true");
    expect(rt.records[0].Id).toBe(personRecordTypeId);

    const person = await conn
      .sobject("Account")
      .upsert({ RecordTypeId: personRecordTypeId, FirstName: "Jane", LastName: "Doe", PersonEmail: "jane@example.com", Shopify_Customer_Id__c: "p1" }, "Shopify_Customer_Id__c");
    const saved = await conn.sobject("Account").retrieve(person.id!);
    expect(saved).toMatchObject({ IsPersonAccount: true, Name: "Jane Doe", PersonEmail: "jane@example.com" });
    const contact = await conn.sobject("Contact").retrieve(saved.PersonContactId as string);
    expect(contact).toMatchObject({ Email: "jane@example.com", AccountId: person.id, IsPersonAccount: true });

    const withName = await raw(conn, "POST", "/sobjects/Account", { RecordTypeId: personRecordTypeId, LastName: "X", Name: "X" });
    expect(withName.body).toEqual([{ message: "Account: bad field names on insert/update call: Name", errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE", fields: ["Name"] }]);
    const business = await raw(conn, "POST", "/sobjects/Account", { Name: "Shop Ltd", PersonEmail: "x@example.com" });
    expect((business.body as Array<{ message: string }>)[0].message).toBe("Account: bad field names on insert/update call: PersonEmail");
    const noLastName = await failure(conn.sobject("Account").create({ RecordTypeId: personRecordTypeId, FirstName: "Solo" }));
    expect(noLastName.message).toBe("Required fields are missing: [LastName]");
  });
});
