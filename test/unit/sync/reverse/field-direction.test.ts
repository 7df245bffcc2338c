import { describe, expect, it } from "vitest";
import { DEFAULT_CUSTOMER_MAPPING } from "../../../../app/sync/default-customer-mapping";
import { defaultMappingInput } from "../../../../app/sync/default-mappings";
import { compileMapping } from "../../../../app/sync/compile-mapping";
import type { MappingDocumentInput } from "../../../../app/sync/mapping-schema";
import { parseMappingDocument } from "../../../../app/sync/parse-mapping-document";
import { reverseObjects } from "../../../../app/sync/reverse/reverse-fields";

type FieldInput = NonNullable<MappingDocumentInput["targets"][number]["fields"]>[number];

function withContactFields(extra: FieldInput[], replace: string[] = []): MappingDocumentInput {
  const copy = structuredClone(DEFAULT_CUSTOMER_MAPPING);
  const contact = copy.targets.find((target) => target.key === "contact");
  if (!contact) throw new Error("no contact target");
  contact.fields = [...(contact.fields ?? []).filter((field) => !replace.includes(field.target)), ...extra];
  return copy;
}

function issuesOf(input: unknown) {
  const parsed = parseMappingDocument(input);
  if (parsed.ok) throw new Error("expected issues");
  return parsed.error.map((issue) => `${issue.path}: ${issue.message}`);
}

describe("field direction in the mapping document", () => {
  it("leaves every existing default document exactly as it parsed before (no direction keys added)", () => {
    for (const resource of ["customer", "order", "refund"] as const) {
      const parsed = parseMappingDocument(defaultMappingInput(resource, { personAccounts: false }));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      for (const target of parsed.value.targets) {
        for (const field of target.fields) {
          expect(Object.keys(field)).not.toContain("direction");
          expect(Object.keys(field)).not.toContain("shopify");
        }
      }
      expect(reverseObjects(parsed.value)).toEqual([]);
    }
  });

  it("accepts both directions, owners, tags and app-owned metafields, and lists what flows back", () => {
    const parsed = parseMappingDocument(
      withContactFields(
        [
          { target: "Phone", source: "phone", direction: "both", owner: "salesforce", shopify: { kind: "customer-field", field: "phone" } },
          { target: "Customer_Tags__c", direction: "salesforce-to-shopify", shopify: { kind: "customer-tags" } },
          { target: "Owner_Name__c", direction: "salesforce-to-shopify", shopify: { kind: "customer-metafield", key: "account_owner", type: "single_line_text_field" } },
        ],
        ["Phone"],
      ),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [contact] = reverseObjects(parsed.value);
    expect(contact.object).toBe("Contact");
    expect(contact.fields.map((field) => [field.key, field.direction, field.owner])).toEqual([
      ["contact.Phone", "both", "salesforce"],
      ["contact.Customer_Tags__c", "salesforce-to-shopify", null],
      ["contact.Owner_Name__c", "salesforce-to-shopify", null],
    ]);
    expect(contact.fields[1].shopify).toEqual({ kind: "customer-tags", separator: ";" });
    expect(contact.fields[2].shopify).toMatchObject({ namespace: "$app:salesforce", key: "account_owner" });
  });

  it("never sends a Salesforce → Shopify row forward", () => {
    const parsed = parseMappingDocument(
      withContactFields([{ target: "Owner_Name__c", direction: "salesforce-to-shopify", shopify: { kind: "customer-metafield", key: "account_owner", type: "single_line_text_field" } }]),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const compiled = compileMapping(parsed.value, "k");
    const contact = compiled.targets.find((target) => target.def.key === "contact");
    expect(contact?.fields.map((field) => field.def.target)).not.toContain("Owner_Name__c");
  });

  it("explains every invalid combination with its path", () => {
    expect(issuesOf(withContactFields([{ target: "Title", source: "note", direction: "both", shopify: { kind: "customer-field", field: "note" } }]))).toEqual([
      expect.stringMatching(/fields\[\d+\]\.owner: a "both" field needs an owner/),
    ]);
    expect(issuesOf(withContactFields([{ target: "Title", direction: "salesforce-to-shopify" }]))).toEqual([expect.stringMatching(/\.shopify: a "salesforce-to-shopify" field needs the Shopify field/)]);
    expect(issuesOf(withContactFields([{ target: "Title", source: "note", shopify: { kind: "customer-field", field: "note" } }]))).toEqual([expect.stringMatching(/only a field that flows to Shopify/)]);
    expect(
      issuesOf(withContactFields([{ target: "Title", direction: "salesforce-to-shopify", shopify: { kind: "customer-metafield", namespace: "custom", key: "x1", type: "url" } }])),
    ).toEqual([expect.stringMatching(/app-owned namespace/)]);
    expect(
      issuesOf(withContactFields([{ target: "Title", direction: "salesforce-to-shopify", shopify: { kind: "customer-metafield", key: "a".repeat(65), type: "url" } }])),
    ).toEqual([expect.stringMatching(/2–64/)]);
    expect(issuesOf(withContactFields([{ target: "Title", source: "tags", direction: "both", owner: "shopify", shopify: { kind: "customer-tags" } }]))).toEqual([
      expect.stringMatching(/flows only from Salesforce to Shopify/),
    ]);
    expect(
      issuesOf(
        withContactFields([
          { target: "Title", direction: "salesforce-to-shopify", shopify: { kind: "customer-field", field: "note" } },
          { target: "Department", direction: "salesforce-to-shopify", shopify: { kind: "customer-field", field: "note" } },
        ]),
      ),
    ).toEqual([expect.stringMatching(/customer note is already written by/)]);
  });

  it("refuses reverse rows outside a customer's own records", () => {
    const order = structuredClone(defaultMappingInput("order", { personAccounts: false }));
    const target = order.targets[0];
    target.fields = [...(target.fields ?? []), { target: "Description", direction: "salesforce-to-shopify", shopify: { kind: "customer-field", field: "note" } }];
    expect(issuesOf(order)).toEqual([expect.stringMatching(/only customer fields flow from Salesforce to Shopify/)]);
  });
});
