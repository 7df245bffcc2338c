import { describe, expect, it } from "vitest";
import { explainSalesforceError } from "../../../app/sync/explain-salesforce-error";

describe("explainSalesforceError", () => {
  it("names the field and says what to do for a missing required field", () => {
    const text = explainSalesforceError(
      { errorCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [LastName]", fields: ["LastName"] },
      { object: "Contact", resource: "customer" },
    );
    expect(text).toContain("Contact.LastName is required by Salesforce but the customer has no value for it");
    expect(text).toContain("add a default value");
    expect(text).toContain('Salesforce said: "Required fields are missing: [LastName]"');
  });

  it("explains a parent that is not synced yet", () => {
    const text = explainSalesforceError(
      { errorCode: "INVALID_FIELD", message: "Foreign key external ID: 820982911946154508 not found for field Shopify_Order_Id__c in entity Opportunity" },
      { object: "Shopify_Refund__c" },
    );
    expect(text).toMatch(/^The related Opportunity with Shopify_Order_Id__c = 820982911946154508 is not in Salesforce yet/);
  });

  it.each([
    ["DUPLICATE_VALUE", "must be unique"],
    ["DUPLICATES_DETECTED", "duplicate rule"],
    ["FIELD_CUSTOM_VALIDATION_EXCEPTION", "validation rule in your Salesforce org"],
    ["STRING_TOO_LONG", '"truncate" transform'],
    ["INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "value map"],
    ["FIELD_INTEGRITY_EXCEPTION", "related record does not exist"],
    ["INVALID_FIELD_FOR_INSERT_UPDATE", '"create-only"'],
    ["UNABLE_TO_LOCK_ROW", "retries automatically"],
    ["REQUEST_LIMIT_EXCEEDED", "API allowance"],
    ["INVALID_SESSION_ID", "Reconnect Salesforce"],
  ])("%s → a sentence mentioning %s", (code, phrase) => {
    expect(explainSalesforceError({ statusCode: code, message: "msg", fields: ["Email"] }, { object: "Contact" })).toContain(phrase);
  });

  it("names the Setup page for a currency the org has not activated, and a line in another currency than its opportunity", () => {
    expect(
      explainSalesforceError({ statusCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", message: "Opportunity Currency: bad value for restricted picklist field: GBP", fields: ["CurrencyIsoCode"] }, { object: "Opportunity" }),
    ).toMatch(/^Opportunity\.CurrencyIsoCode: the currency is not active in your Salesforce org\. Activate it in Setup → Company Settings → Manage Currencies/);
    expect(
      explainSalesforceError(
        { statusCode: "FIELD_INTEGRITY_EXCEPTION", message: "field integrity exception: PricebookEntryId (pricebook entry currency code does not match opportunity currency code)", fields: ["PricebookEntryId"] },
        { object: "OpportunityLineItem" },
      ),
    ).toMatch(/^The OpportunityLineItem's price book entry is in another currency than its Opportunity/);
  });

  it("falls back to the code and Salesforce's message", () => {
    expect(explainSalesforceError({ errorCode: "SOMETHING_NEW", message: "Odd" }, { object: "Account" })).toBe(
      'Salesforce rejected the Account (SOMETHING_NEW). Salesforce said: "Odd"',
    );
  });
});
