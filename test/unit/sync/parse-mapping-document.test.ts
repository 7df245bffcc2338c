import { describe, expect, it } from "vitest";
import type { MappingDocumentInput } from "../../../app/sync/mapping-schema";
import { orderTargets, parseMappingDocument } from "../../../app/sync/parse-mapping-document";

function minimal(overrides: Partial<MappingDocumentInput> = {}): MappingDocumentInput {
  return {
    schemaVersion: 1,
    resource: "customer",
    targets: [
      { key: "account", object: "Account", externalIdField: "Shopify_Customer_Id__c", externalIdSource: "id", fields: [{ target: "Name", source: "first_name" }] },
      {
        key: "contact",
        object: "Contact",
        externalIdField: "Shopify_Customer_Id__c",
        externalIdSource: "id",
        references: [{ relationshipName: "Account", target: "account" }],
        fields: [{ target: "LastName", expression: "last_name", transforms: [{ kind: "default", value: "(none)" }] }],
      },
    ],
    ...overrides,
  };
}

function issuesOf(input: unknown) {
  const parsed = parseMappingDocument(input);
  if (parsed.ok) throw new Error("expected issues");
  return parsed.error;
}

describe("parseMappingDocument", () => {
  it("accepts a valid document and applies defaults", () => {
    const parsed = parseMappingDocument(minimal());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const contact = parsed.value.targets[1];
    expect(contact?.fields[0]).toMatchObject({ ownership: "always", transforms: [{ kind: "default", value: "(none)" }] });
    expect(contact?.references[0]).toMatchObject({ required: true, ownership: "always" });
    expect(contact?.shared).toBe(false);
    expect(parsed.value.policies).toEqual({});
  });

  it("names the path and the problem for shape errors", () => {
    const doc = minimal();
    const bad = {
      ...doc,
      targets: [
        { ...doc.targets[0], object: "Account Name", fields: [{ target: "Name", source: "a", expression: "b" }, { target: "Phone" }] },
        { ...doc.targets[1], fields: [{ target: "LastName", source: "last_name", transforms: [{ kind: "shout" }], ownership: "sometimes" }] },
      ],
      extra: true,
    };
    const issues = issuesOf(bad);
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath["targets[0].object"]).toMatch(/Salesforce API name/);
    expect(byPath["targets[0].fields[0].expression"]).toBe('set only one of "source" or "expression" or "value", not "source" and "expression"');
    expect(byPath["targets[0].fields[1]"]).toBe('needs one of "source" or "expression" or "value"');
    expect(byPath["targets[1].fields[0].transforms[0].kind"]).toBeDefined();
    expect(byPath["targets[1].fields[0].ownership"]).toMatch(/always|create-only/);
    expect(byPath["(document)"]).toBe('Unrecognized key: "extra"');
  });

  it("rejects unknown schema versions and empty target lists", () => {
    expect(issuesOf({ ...minimal(), schemaVersion: 2 })[0]?.path).toBe("schemaVersion");
    expect(issuesOf({ ...minimal(), targets: [] })).toEqual([{ path: "targets", message: "needs at least one target object" }]);
  });

  it("checks keys, references and dependency cycles", () => {
    const doc = minimal();
    const issues = issuesOf({
      ...doc,
      targets: [
        { ...doc.targets[0], dependsOn: ["contact"] },
        { ...doc.targets[1], references: [{ relationshipName: "Account", target: "account" }, { relationshipName: "Owner", target: "nobody" }] },
        { ...doc.targets[0] },
      ],
    });
    expect(issues).toContainEqual({ path: "targets[2].key", message: 'duplicate key "account" (also used by targets[0])' });
    expect(issues).toContainEqual({ path: "targets[1].references[1].target", message: 'unknown target "nobody"' });
    expect(issues).toContainEqual({ path: "targets[0].dependsOn", message: "dependency cycle: account → contact → account" });
  });

  it("reports JSONata syntax errors with their position", () => {
    const doc = minimal();
    const issues = issuesOf({ ...doc, targets: [{ ...doc.targets[0], when: "first_name = ", fields: [{ target: "Name", expression: "first_name & & last_name" }] }] });
    expect(issues.find((issue) => issue.path === "targets[0].fields[0].expression")?.message).toMatch(/^JSONata error at position \d+/);
    expect(issues.find((issue) => issue.path === "targets[0].when")?.message).toMatch(/^JSONata error/);
  });

  it("checks paths, $item outside forEach, mapped external id fields and match keys", () => {
    const doc = minimal();
    const issues = issuesOf({
      ...doc,
      targets: [
        {
          ...doc.targets[0],
          externalIdSource: "$order.id",
          matchKeys: ["Email"],
          fields: [
            { target: "Name", source: "$item.title" },
            { target: "Shopify_Customer_Id__c", source: "id" },
            { target: "name", source: "last_name" },
          ],
        },
      ],
    });
    expect(issues).toContainEqual({ path: "targets[0].externalIdSource", message: '"$order" is not a known variable (use $item, $index or $context)' });
    expect(issues).toContainEqual({ path: "targets[0].fields[0].source", message: '$item is only available in a target with "forEach"' });
    expect(issues).toContainEqual({ path: "targets[0].fields[1].target", message: "Shopify_Customer_Id__c is the external id field; it is set from externalIdSource/externalIdExpression" });
    expect(issues).toContainEqual({ path: "targets[0].fields[2].target", message: "Account.name is already mapped by fields[0]" });
    expect(issues).toContainEqual({ path: "targets[0].matchKeys[0]", message: "Email is not a mapped field of Account" });
  });

  it("requires matching forEach for references to per-element targets", () => {
    const issues = issuesOf({
      schemaVersion: 1,
      resource: "order",
      targets: [
        { key: "product", object: "Product2", externalIdField: "X__c", externalIdSource: "$item.id", forEach: "line_items", fields: [] },
        { key: "opp", object: "Opportunity", externalIdField: "Y__c", externalIdSource: "id", references: [{ relationshipName: "Product2", target: "product" }] },
        { key: "ship", object: "Z__c", externalIdField: "Z__c", externalIdSource: "$item.id", forEach: "shipping_lines", references: [{ relationshipName: "P__r", target: "product" }] },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(["targets[1].references[0].target", "targets[2].references[0].target"]);
    expect(issues[0]?.message).toContain("a single record cannot reference it");
  });

  it("validates external references", () => {
    const issues = issuesOf({
      schemaVersion: 1,
      resource: "refund",
      targets: [
        {
          key: "refund",
          object: "Shopify_Refund__c",
          externalIdField: "Shopify_Refund_Id__c",
          externalIdSource: "id",
          references: [{ relationshipName: "Opportunity__r", object: "Opportunity" }],
        },
      ],
    });
    expect(issues).toEqual([{ path: "targets[0].references[0]", message: 'needs either "target" or "object" + "externalIdField" + "source"/"expression"' }]);
  });

  it("validates policies against the resource and its targets", () => {
    const issues = issuesOf({
      schemaVersion: 1,
      resource: "refund",
      targets: [{ key: "refund", object: "Shopify_Refund__c", externalIdField: "Shopify_Refund_Id__c", externalIdSource: "id" }],
      policies: { guestCheckout: { action: "skip-contact" }, deletedCustomers: { action: "mark-deleted" }, cancelledOrders: { action: "close-lost" } },
    });
    expect(issues).toContainEqual({ path: "policies.guestCheckout", message: "only applies to order mappings" });
    expect(issues).toContainEqual({ path: "policies.guestCheckout.target", message: 'unknown target "account"' });
    expect(issues).toContainEqual({ path: "policies.deletedCustomers", message: "only applies to customer mappings" });
    expect(issues.map((issue) => issue.path)).toContain("policies.deletedCustomers.fields");
    expect(issues).toContainEqual({ path: "policies.cancelledOrders.target", message: 'unknown target "opportunity"' });
  });

  it("orders targets parents first, keeping document order otherwise", () => {
    const parsed = parseMappingDocument({
      schemaVersion: 1,
      resource: "order",
      targets: [
        { key: "line", object: "L__c", externalIdField: "E__c", externalIdSource: "$item.id", forEach: "line_items", references: [{ relationshipName: "O__r", target: "order" }] },
        { key: "order", object: "O__c", externalIdField: "E__c", externalIdSource: "id", dependsOn: ["account"] },
        { key: "account", object: "Account", externalIdField: "E__c", externalIdSource: "customer.id" },
        { key: "note", object: "N__c", externalIdField: "E__c", externalIdSource: "id" },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(orderTargets(parsed.value.targets).map((target) => target.key)).toEqual(["account", "order", "line", "note"]);
  });
});
