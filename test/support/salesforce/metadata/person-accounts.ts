import type { DescribeField, RecordTypeInfo } from "./describe-types";
import { field } from "./field-builder";

// Person Accounts: once an org enables them, Account gains the person (contact) fields and two
// record types; which kind a record is follows its RecordTypeId, exactly as in a real org.

export const MASTER_RECORD_TYPE_ID = "012000000000000AAA";

export function personAccountFields(): DescribeField[] {
  return [
    field({ name: "LastName", type: "string", label: "Last Name", length: 80 }),
    field({ name: "FirstName", type: "string", label: "First Name", length: 40 }),
    field({ name: "Salutation", type: "picklist", label: "Salutation", length: 40, picklist: ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."] }),
    field({ name: "MiddleName", type: "string", label: "Middle Name", length: 40 }),
    field({ name: "Suffix", type: "string", label: "Suffix", length: 40 }),
    field({
      name: "PersonContactId",
      type: "reference",
      label: "Person Contact ID",
      referenceTo: ["Contact"],
      relationshipName: "PersonContact",
      createable: false,
      updateable: false,
    }),
    field({ name: "IsPersonAccount", type: "boolean", label: "Is Person Account", nillable: false, defaultedOnCreate: true, createable: false, updateable: false }),
    field({ name: "PersonEmail", type: "email", label: "Email", length: 80 }),
    field({ name: "PersonMobilePhone", type: "phone", label: "Mobile", length: 40 }),
    field({ name: "PersonHomePhone", type: "phone", label: "Home Phone", length: 40 }),
    field({ name: "PersonBirthdate", type: "date", label: "Birthdate" }),
    field({ name: "PersonTitle", type: "string", label: "Title", length: 80 }),
    field({ name: "PersonMailingStreet", type: "textarea", label: "Mailing Street", length: 255 }),
    field({ name: "PersonMailingCity", type: "string", label: "Mailing City", length: 40 }),
    field({ name: "PersonMailingState", type: "string", label: "Mailing State/Province", length: 80 }),
    field({ name: "PersonMailingPostalCode", type: "string", label: "Mailing Zip/Postal Code", length: 20 }),
    field({ name: "PersonMailingCountry", type: "string", label: "Mailing Country", length: 80 }),
    field({ name: "PersonMailingAddress", type: "address", label: "Mailing Address", createable: false, updateable: false }),
  ];
}

/** Fields a business account may not set (Salesforce: "bad field names on insert/update call"). */
export function isPersonOnlyField(name: string): boolean {
  return (
    name === "LastName" ||
    name === "FirstName" ||
    name === "Salutation" ||
    name === "MiddleName" ||
    name === "Suffix" ||
    name.startsWith("Person") ||
    name.endsWith("__pc")
  );
}

export function recordTypeInfo(
  id: string,
  name: string,
  developerName: string,
  isDefault: boolean,
  master = false,
): RecordTypeInfo {
  return {
    active: true,
    available: true,
    defaultRecordTypeMapping: isDefault,
    developerName,
    master,
    name,
    recordTypeId: id,
    urls: { layout: `/services/data/v64.0/sobjects/Account/describe/layouts/${id}` },
  };
}
