import { describe, expect, it } from "vitest";
import { createDescribeLookup, indexDescribe, toSObjectDescribe } from "../../../app/sync/sobject-describe";
import { CONTACT_DESCRIBE } from "./support/org-describes";

describe("toSObjectDescribe", () => {
  it("keeps the attributes the pre-flight needs from a raw describe", () => {
    const raw = {
      name: "Contact",
      label: "Contact",
      fields: [
        { name: "LastName", type: "string", length: 80, nillable: false, createable: true, updateable: true, defaultedOnCreate: false, label: "Last Name", picklistValues: [] },
        { name: "LeadSource", type: "picklist", length: 255, picklistValues: [{ value: "Web", active: true, label: "Web", defaultValue: false, validFor: null }], referenceTo: null, relationshipName: null },
        { name: "Id", type: "id", idLookup: true },
      ],
    };
    const parsed = toSObjectDescribe(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.fields[0]).toEqual({
      name: "LastName",
      type: "string",
      length: 80,
      nillable: false,
      createable: true,
      updateable: true,
      defaultedOnCreate: false,
      externalId: false,
      unique: false,
      restrictedPicklist: false,
      picklistValues: [],
      referenceTo: [],
      relationshipName: null,
    });
    expect(parsed.value.fields[1]?.picklistValues).toEqual([{ value: "Web", active: true }]);
    expect(parsed.value.fields[2]?.idLookup).toBe(true);
  });

  it("refuses what is not a describe", () => {
    expect(toSObjectDescribe({ fields: "no" })).toMatchObject({ ok: false });
  });
});

describe("describe lookups", () => {
  it("find fields and relationships case-insensitively", () => {
    const index = indexDescribe(CONTACT_DESCRIBE);
    expect(index.field("lastname")?.name).toBe("LastName");
    expect(index.relationship("account")?.name).toBe("AccountId");
    const lookup = createDescribeLookup({ Contact: CONTACT_DESCRIBE });
    expect(lookup("contact")).toBe(lookup("Contact"));
    expect(lookup("Lead")).toBeUndefined();
  });
});
