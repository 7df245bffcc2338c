import { describe, expect, it } from "vitest";
import { withDirection } from "../../../app/components/mappings/direction-controls";
import { parseMappingDocument } from "../../../app/sync/parse-mapping-document";
import { DEFAULT_CUSTOMER_MAPPING } from "../../../app/sync/default-customer-mapping";

describe("mapping row direction (Mappings page)", () => {
  it("adds an owner and a Shopify target for a two-way row and removes them again for a one-way row", () => {
    const row = { target: "Phone", source: "phone" };
    const both = withDirection(row, "both");
    expect(both).toEqual({ target: "Phone", source: "phone", direction: "both", owner: "salesforce", shopify: { kind: "customer-field", field: "phone" } });
    expect(withDirection(both, "shopify-to-salesforce")).toEqual(row);
    expect(withDirection(both, "salesforce-to-shopify")).toEqual({ target: "Phone", source: "phone", direction: "salesforce-to-shopify", shopify: { kind: "customer-field", field: "phone" } });
  });

  it("produces rows the mapping document accepts", () => {
    const document = structuredClone(DEFAULT_CUSTOMER_MAPPING);
    const contact = document.targets[1];
    contact.fields = (contact.fields ?? []).map((field) => (field.target === "Phone" ? (withDirection({ ...field, expression: undefined, source: "phone" }, "both") as typeof field) : field));
    expect(parseMappingDocument(JSON.parse(JSON.stringify(document))).ok).toBe(true);
  });
});
