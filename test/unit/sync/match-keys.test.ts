import { describe, expect, it } from "vitest";
import { adoptMatch, collectMatchRequests, matchRequestKey } from "../../../app/sync/match-keys";
import { planned } from "./support/records";

const contact = (externalId: string, email: string | null) =>
  planned("Contact", externalId, { externalIdField: "Shopify_Customer_Id__c", fields: { LastName: "Biller", Email: email }, matchKeys: ["Email"] });
const key = matchRequestKey("Contact", "Email", "Shopify_Customer_Id__c");

describe("collectMatchRequests", () => {
  it("asks only for records not known to exist, one request per object and field", () => {
    const requests = collectMatchRequests([
      { record: contact("1", "bob@biller.com"), exists: false },
      { record: contact("2", "ann@biller.com"), exists: false },
      { record: contact("3", "known@biller.com"), exists: true },
      { record: contact("4", null), exists: false },
      { record: planned("Account", "5"), exists: false },
    ]);
    expect(requests).toEqual([{ object: "Contact", matchField: "Email", externalIdField: "Shopify_Customer_Id__c", values: ["bob@biller.com", "ann@biller.com"] }]);
  });
});

describe("adoptMatch", () => {
  it("adopts a single unlinked match: upsert by Id, writing our external id onto it", () => {
    const outcome = adoptMatch(contact("1", "bob@biller.com"), new Map([[key, [{ id: "003000000000001AAA", matchValue: "Bob@Biller.com", externalId: null }]]]));
    expect(outcome.adopted).toBe(true);
    expect(outcome.record).toMatchObject({
      key: "Contact:1",
      externalIdField: "Id",
      externalId: "003000000000001AAA",
      fields: { LastName: "Biller", Email: "bob@biller.com", Shopify_Customer_Id__c: "1" },
    });
  });

  it("leaves records linked to another Shopify customer alone", () => {
    const outcome = adoptMatch(contact("1", "bob@biller.com"), new Map([[key, [{ id: "003A", matchValue: "bob@biller.com", externalId: "999" }]]]));
    expect(outcome.adopted).toBe(false);
    expect(outcome.violation).toBeUndefined();
  });

  it("warns instead of guessing when several records match", () => {
    const outcome = adoptMatch(
      contact("1", "bob@biller.com"),
      new Map([
        [
          key,
          [
            { id: "003A", matchValue: "bob@biller.com", externalId: null },
            { id: "003B", matchValue: "bob@biller.com", externalId: null },
          ],
        ],
      ]),
    );
    expect(outcome.adopted).toBe(false);
    expect(outcome.violation).toMatchObject({ action: "warn", rule: "match-keys" });
    expect(outcome.violation?.message).toContain("2 Contact records in Salesforce share Email bob@biller.com");
  });
});
