import { describe, expect, it } from "vitest";
import { preflightRecord } from "../../../app/sync/describe-preflight";
import type { PlannedRecord } from "../../../app/sync/planned-record";
import { createDescribeLookup, type FieldDescribe, type SObjectDescribe } from "../../../app/sync/sobject-describe";
import { STANDARD_ORG_DESCRIBES } from "./support/org-describes";

const describes = createDescribeLookup(STANDARD_ORG_DESCRIBES);

function record(object: string, fields: Record<string, unknown>, extra: Partial<PlannedRecord> = {}): PlannedRecord {
  const externalIdField =
    object === "Contact" || object === "Account" ? "Shopify_Customer_Id__c" : object === "Opportunity" || object === "Order" ? "Shopify_Order_Id__c" : "Shopify_Line_Item_Id__c";
  return {
    key: object.toLowerCase(),
    target: object.toLowerCase(),
    object,
    externalIdField,
    externalId: "706405506930370084",
    fields,
    ownership: Object.fromEntries(Object.keys(fields).map((name) => [name, "always" as const])),
    dependsOn: [],
    references: [],
    shared: false,
    autoTruncate: [],
    matchKeys: [],
    sources: {},
    ...extra,
  };
}

const create = { exists: false, describes, resource: "customer" };
const update = { exists: true, describes, resource: "customer" };

describe("preflightRecord", () => {
  it("passes a valid record untouched", () => {
    const input = record("Contact", { LastName: "Biller", Email: "bob@biller.com", Account: { Shopify_Customer_Id__c: "1" } });
    expect(preflightRecord(input, create)).toEqual({ record: input, violations: [] });
  });

  it("blocks a required field that is missing on create, in the merchant's terms", () => {
    const input = record("Contact", { FirstName: "Bob", LastName: null }, { sources: { LastName: "last_name" } });
    const { violations } = preflightRecord(input, create);
    expect(violations).toEqual([
      {
        field: "Contact.LastName",
        rule: "describe:required",
        message: "Contact.LastName is required by Salesforce but the customer has no last name. Add a default value in the mapping or fill it in Shopify, then replay.",
        action: "block",
        severity: "error",
        recordKey: "contact",
      },
    ]);
    expect(preflightRecord(record("Contact", { FirstName: "Bob" }), create).violations[0]?.message).toContain("the mapping does not set it");
  });

  it("does not ask for required fields on update, and drops an empty value instead of clearing a required field", () => {
    const { record: out, violations } = preflightRecord(record("Contact", { LastName: "", Email: "a@b.co" }), update);
    expect(out.fields).toEqual({ Email: "a@b.co" });
    expect(violations).toMatchObject([{ field: "Contact.LastName", action: "drop-field", severity: "warning" }]);
  });

  it("treats a relationship as providing its lookup field", () => {
    const line = record("OpportunityLineItem", { Opportunity: { Shopify_Order_Id__c: "1" }, PricebookEntry: { Shopify_Variant_Id__c: "2" }, Quantity: 1 });
    expect(preflightRecord(line, { ...create, resource: "order" }).violations).toEqual([]);
    const missing = preflightRecord(record("OpportunityLineItem", { Quantity: 1 }), { ...create, resource: "order" });
    expect(missing.violations.map((violation) => violation.field)).toEqual(["OpportunityLineItem.OpportunityId"]);
  });

  it("lets person accounts satisfy Account.Name with LastName", () => {
    const account = STANDARD_ORG_DESCRIBES.Account as SObjectDescribe;
    const personAccountOrg = createDescribeLookup({
      Account: { name: "Account", fields: [...account.fields, { ...(account.fields.find((f) => f.name === "Name") as FieldDescribe), name: "LastName", nillable: true }] },
    });
    const options = { ...create, describes: personAccountOrg };
    expect(preflightRecord(record("Account", { LastName: "Biller" }), options).violations).toEqual([]);
    expect(preflightRecord(record("Account", { Phone: "1" }), options).violations.map((violation) => violation.field)).toEqual(["Account.Name"]);
  });

  it("blocks unknown fields and relationships", () => {
    const { violations } = preflightRecord(record("Contact", { LastName: "X", Shoe_Size__c: 42, Boss: { Id: "1" } }), create);
    expect(violations.map((violation) => [violation.field, violation.rule, violation.action])).toEqual([
      ["Contact.Boss", "describe:unknown-relationship", "block"],
      ["Contact.Shoe_Size__c", "describe:unknown-field", "block"],
    ].sort((a, b) => (violations.findIndex((v) => v.field === a[0]) - violations.findIndex((v) => v.field === b[0]))));
    expect(violations.find((violation) => violation.field === "Contact.Shoe_Size__c")?.message).toBe(
      "Contact.Shoe_Size__c does not exist in your Salesforce org (or the integration user cannot see it). Create the field or remove it from the mapping.",
    );
  });

  it("checks the external id field and the parent key of references", () => {
    const noExtId = preflightRecord(record("Contact", { LastName: "X" }, { externalIdField: "Phone" }), create);
    expect(noExtId.violations).toMatchObject([{ field: "Contact.Phone", rule: "describe:not-external-id", action: "block" }]);
    const unknownExtId = preflightRecord(record("Contact", { LastName: "X" }, { externalIdField: "Nope__c" }), create);
    expect(unknownExtId.violations[0]?.message).toContain("Run the setup check");
    const badParentKey = preflightRecord(record("Contact", { LastName: "X", Account: { Name: "Acme" } }), create);
    expect(badParentKey.violations).toMatchObject([{ field: "Contact.Account", rule: "describe:unknown-parent-key", action: "block" }]);
  });

  it("drops fields Salesforce does not let us write, with a warning", () => {
    const notCreateable = preflightRecord(record("Contact", { LastName: "X", Name: "Bob X" }), create);
    expect(notCreateable.record.fields).toEqual({ LastName: "X" });
    expect(notCreateable.violations).toMatchObject([{ field: "Contact.Name", rule: "describe:not-createable", action: "drop-field", severity: "warning" }]);
    const notUpdateable = preflightRecord(record("OpportunityLineItem", { Quantity: 2, Opportunity: { Shopify_Order_Id__c: "1" } }), { ...update, resource: "order" });
    expect(notUpdateable.record.fields).toEqual({ Quantity: 2 });
    expect(notUpdateable.violations).toMatchObject([{ field: "OpportunityLineItem.Opportunity", rule: "describe:not-updateable", action: "drop-field" }]);
  });

  it("blocks values that are too long unless the mapping asks to truncate to the describe length", () => {
    const city = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
    const blocked = preflightRecord(record("Contact", { LastName: "X", MailingCity: city }), update);
    expect(blocked.violations[0]).toMatchObject({ field: "Contact.MailingCity", rule: "describe:too-long", action: "block" });
    expect(blocked.violations[0]?.message).toContain("at most 40 characters");
    const truncated = preflightRecord(record("Contact", { LastName: "X", MailingCity: city }, { autoTruncate: ["MailingCity"] }), update);
    expect(truncated.violations).toEqual([]);
    expect(truncated.record.fields.MailingCity).toBe(city.slice(0, 40));
  });

  it("blocks values outside a restricted picklist and accepts any value in an open one", () => {
    const order = (Status: string) => record("Order", { Account: { Shopify_Customer_Id__c: "1" }, EffectiveDate: "2022-01-01", Status });
    expect(preflightRecord(order("Draft"), { ...create, resource: "order" }).violations).toEqual([]);
    const bad = preflightRecord(order("Open"), { ...create, resource: "order" });
    expect(bad.violations[0]?.message).toBe(
      'Order.Status only accepts "Draft", "Activated" in Salesforce, but the order has "Open". Add a value map to the mapping or add the value to the picklist.',
    );
    const opportunity = record("Opportunity", { Name: "Order #1", CloseDate: "2022-01-01", StageName: "Shipped" });
    expect(preflightRecord(opportunity, { ...create, resource: "order" }).violations).toEqual([]);
  });

  it("blocks type mismatches", () => {
    const opportunity = record("Opportunity", { Name: "Order #1", StageName: "Closed Won", CloseDate: "2021/12/31", Amount: "ten", Pricebook2Id: "not an id", IsPrivate: "yes" });
    const rules = preflightRecord(opportunity, { ...create, resource: "order" }).violations.map((violation) => `${violation.field} ${violation.rule}`);
    expect(rules.sort()).toEqual(["Opportunity.Amount describe:type", "Opportunity.CloseDate describe:type", "Opportunity.IsPrivate describe:type", "Opportunity.Pricebook2Id describe:type"]);
    const email = preflightRecord(record("Contact", { LastName: "X", Email: "bob@" }), update);
    expect(email.violations).toMatchObject([{ field: "Contact.Email", rule: "describe:email", action: "block" }]);
    const numbers = preflightRecord(record("Opportunity", { Amount: "414.95", Probability: 90 }), { ...update, resource: "order" });
    expect(numbers.violations).toEqual([]);
  });

  it("skips objects without a cached describe", () => {
    const input = record("Mystery__c", { Anything__c: { deep: true } });
    expect(preflightRecord(input, create)).toEqual({ record: input, violations: [] });
  });
});
