import { describe, expect, it } from "vitest";
import { applyMapping } from "../../../app/sync/apply-mapping";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument } from "../../../app/sync/default-mappings";
import { compileRules, validateRecords } from "../../../app/sync/validate-record";
import { parseValidationRule, type ValidationRule, type ValidationRuleRow } from "../../../app/sync/validation-rule";
import { STANDARD_PRICEBOOK_ID } from "./support/harness";
import { customer, paidOrder } from "./support/payloads";

function rule(overrides: Partial<ValidationRuleRow>): ValidationRule {
  const parsed = parseValidationRule({ id: "rule-1", resource: "customer", field: "email", expression: null, kind: "required", params: {}, action: "block", message: null, enabled: true, ...overrides });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

async function check(resource: "customer" | "order", payload: Record<string, unknown>, rules: ValidationRule[]) {
  const document = defaultMappingDocument(resource);
  const mapped = await applyMapping(compileMapping(document, resource), payload, { standardPricebookId: STANDARD_PRICEBOOK_ID });
  return validateRecords({ rules: compileRules(rules, document), payload, records: mapped.records, resource });
}

describe("merchant rules on Shopify fields", () => {
  it("required blocks the event when the value is missing", async () => {
    const { violations } = await check("customer", customer({ email: null }), [rule({})]);
    expect(violations).toEqual([
      { field: "email", rule: "required", message: "email is required but the customer has no value.", action: "block", severity: "error", recordKey: undefined, ruleId: "rule-1" },
    ]);
    expect((await check("customer", customer(), [rule({})])).violations).toEqual([]);
  });

  it("format checks email, E.164-ish phone and url; blanks pass", async () => {
    const email = rule({ kind: "format", params: { format: "email" } });
    expect((await check("customer", customer({ email: "bob@biller" }), [email])).violations[0]?.message).toBe('email must be a valid email address (got "bob@biller").');
    expect((await check("customer", customer({ email: null }), [email])).violations).toEqual([]);
    const phone = rule({ kind: "format", field: "default_address.phone", params: { format: "phone" }, action: "warn" });
    expect((await check("customer", customer(), [phone])).violations).toEqual([]); // 555-555-5555
    const badPhone = customer();
    (badPhone.default_address as Record<string, unknown>).phone = "555-SHIP";
    expect((await check("customer", badPhone, [phone])).violations).toMatchObject([{ action: "warn", severity: "warning", field: "default_address.phone" }]);
    const url = rule({ kind: "format", field: "note", params: { format: "url" } });
    expect((await check("customer", customer({ note: "https://example.com/x" }), [url])).violations).toEqual([]);
    expect((await check("customer", customer({ note: "ftp://example.com" }), [url])).violations).toHaveLength(1);
  });

  it("pattern, range, length and allowed-values", async () => {
    const postcode = rule({ kind: "pattern", field: "default_address.zip", params: { pattern: "^[A-Z]\\d[A-Z] ?\\d[A-Z]\\d$" } });
    expect((await check("customer", customer(), [postcode])).violations).toEqual([]);
    const order = paidOrder();
    const range = rule({ resource: "order", kind: "range", field: "current_total_price", params: { min: 1, max: 400 } });
    expect((await check("order", order, [range])).violations[0]?.message).toBe('current_total_price must be between 1 and 400 (got "414.95").');
    const length = rule({ kind: "length", field: "first_name", params: { min: 4 } });
    expect((await check("customer", customer(), [length])).violations[0]?.message).toBe("first_name must be at least 4 characters long (got 3).");
    const allowed = rule({ kind: "allowed-values", field: "currency", params: { values: ["usd", "cad"], caseInsensitive: true } });
    expect((await check("customer", customer(), [allowed])).violations).toEqual([]);
    const strict = rule({ kind: "allowed-values", field: "currency", params: { values: ["CAD"] } });
    expect((await check("customer", customer(), [strict])).violations[0]?.message).toBe('currency must be one of "CAD" (got "USD").');
  });

  it("checks every element when the path runs through an array", async () => {
    const skus = rule({ resource: "order", kind: "required", field: "line_items.sku" });
    expect((await check("order", paidOrder(), [skus])).violations).toEqual([]);
    const order = paidOrder();
    const lines = order.line_items as Array<Record<string, unknown>>;
    lines[2] = { ...lines[2], sku: "" };
    expect((await check("order", order, [skus])).violations).toHaveLength(1);
  });

  it("drop-field removes the Salesforce fields mapped from that Shopify field", async () => {
    const zip = rule({ kind: "pattern", field: "default_address.zip", params: { pattern: "^\\d{5}$" }, action: "drop-field", message: "Only US zip codes are synced." });
    const { records, violations } = await check("customer", customer(), [zip]);
    expect(records.find((record) => record.key === "account")?.fields).not.toHaveProperty("BillingPostalCode");
    expect(records.find((record) => record.key === "contact")?.fields).not.toHaveProperty("MailingPostalCode");
    expect(records.find((record) => record.key === "contact")?.ownership).not.toHaveProperty("MailingPostalCode");
    expect(violations).toMatchObject([{ action: "drop-field", message: "Only US zip codes are synced.", severity: "warning" }]);
  });
});

describe("merchant rules on Salesforce fields", () => {
  it("blocks only the record, by sObject or target key", async () => {
    const lastName = rule({ kind: "length", field: "Contact.LastName", params: { max: 3 } });
    const { violations } = await check("customer", customer(), [lastName]);
    expect(violations).toEqual([
      expect.objectContaining({ field: "Contact.LastName", rule: "length", action: "block", recordKey: "contact", message: "Contact.LastName must be at most 3 characters long (got 6)." }),
    ]);
    const byKey = rule({ kind: "allowed-values", field: "opportunity.StageName", resource: "order", params: { values: ["Closed Won"] } });
    expect((await check("order", paidOrder(), [byKey])).violations).toEqual([]);
  });

  it("applies to every record of a forEach target", async () => {
    const quantity = rule({ resource: "order", kind: "range", field: "OpportunityLineItem.Quantity", params: { max: 0 }, action: "warn" });
    const { violations } = await check("order", paidOrder(), [quantity]);
    expect(violations).toHaveLength(5);
    expect(new Set(violations.map((violation) => violation.recordKey)).size).toBe(5);
  });

  it("drop-field removes the field from the record", async () => {
    const phone = rule({ kind: "format", field: "Account.Phone", params: { format: "phone" }, action: "drop-field" });
    const payload = customer({ phone: "call me" });
    const { records, violations } = await check("customer", payload, [phone]);
    expect(records.find((record) => record.key === "account")?.fields).not.toHaveProperty("Phone");
    expect(records.find((record) => record.key === "contact")?.fields.Phone).toBe("call me");
    expect(violations).toMatchObject([{ field: "Account.Phone", action: "drop-field", recordKey: "account" }]);
  });
});

describe("expression rules", () => {
  it("evaluate JSONata over the payload and the mapped records", async () => {
    const small = rule({ resource: "order", kind: "expression", field: null, expression: "$count(line_items) <= 3", action: "block", message: "Orders with more than 3 lines need review." });
    const { violations } = await check("order", paidOrder(), [small]);
    expect(violations).toEqual([expect.objectContaining({ field: "(event)", action: "block", recordKey: undefined, message: "Orders with more than 3 lines need review." })]);
    const records = rule({ resource: "order", kind: "expression", field: null, expression: "$records.opportunity.Amount > 100" });
    expect((await check("order", paidOrder(), [records])).violations).toEqual([]);
  });

  it("with a Salesforce field, run per record with $record and $value", async () => {
    const won = rule({ resource: "order", kind: "expression", field: "Opportunity.StageName", expression: "$value != 'Closed Won' or $record.Amount > 1000", action: "warn" });
    const { violations } = await check("order", paidOrder(), [won]);
    expect(violations).toMatchObject([{ field: "Opportunity.StageName", recordKey: "opportunity", action: "warn" }]);
  });

  it("report an expression that fails to evaluate instead of throwing", async () => {
    const broken = rule({ resource: "order", kind: "expression", field: null, expression: "$number('abc') > 1" });
    const { violations } = await check("order", paidOrder(), [broken]);
    expect(violations[0]?.message).toMatch(/^\(event\) could not be checked/);
  });

  it("ignore rules of other resources", async () => {
    const orderRule = rule({ resource: "order", kind: "required", field: "email" });
    expect((await check("customer", customer({ email: null }), [orderRule])).violations).toEqual([]);
  });
});
