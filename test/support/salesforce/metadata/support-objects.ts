import type { DescribeSObject } from "./describe-types";
import { field, sobject, systemFields } from "./field-builder";

// Read-only objects the app may query (owners, record types); the API cannot write them here.

const readOnly = { createable: false, updateable: false } as const;

export function user(): DescribeSObject {
  const sys = systemFields("User");
  return sobject({
    name: "User",
    label: "User",
    labelPlural: "Users",
    keyPrefix: "005",
    createable: false,
    fields: [
      sys.head[0],
      field({ name: "Username", type: "string", label: "Username", length: 80, nillable: false, unique: true, idLookup: true, ...readOnly }),
      field({ name: "LastName", type: "string", label: "Last Name", length: 80, nillable: false, ...readOnly }),
      field({ name: "FirstName", type: "string", label: "First Name", length: 40, ...readOnly }),
      field({ name: "Name", type: "string", label: "Full Name", length: 121, nillable: false, nameField: true, ...readOnly }),
      field({ name: "Email", type: "email", label: "Email", length: 128, nillable: false, ...readOnly }),
      field({ name: "Alias", type: "string", label: "Alias", length: 8, nillable: false, ...readOnly }),
      field({ name: "IsActive", type: "boolean", label: "Active", nillable: false, defaultedOnCreate: true, ...readOnly }),
      field({ name: "TimeZoneSidKey", type: "picklist", label: "Time Zone", length: 40, nillable: false, picklist: ["America/Los_Angeles", "UTC"], ...readOnly }),
      ...sys.audit,
    ],
  });
}

export function recordType(): DescribeSObject {
  const sys = systemFields("Record Type");
  return sobject({
    name: "RecordType",
    label: "Record Type",
    labelPlural: "Record Types",
    keyPrefix: "012",
    createable: false,
    fields: [
      sys.head[0],
      field({ name: "Name", type: "string", label: "Name", length: 80, nillable: false, nameField: true, ...readOnly }),
      field({ name: "DeveloperName", type: "string", label: "Record Type Name", length: 80, nillable: false, ...readOnly }),
      field({ name: "Description", type: "string", label: "Description", ...readOnly }),
      field({ name: "SobjectType", type: "picklist", label: "SObject Type Name", length: 40, nillable: false, ...readOnly }),
      field({ name: "IsActive", type: "boolean", label: "Active", nillable: false, defaultedOnCreate: true, ...readOnly }),
      field({ name: "IsPersonType", type: "boolean", label: "Is Person Type", nillable: false, defaultedOnCreate: true, ...readOnly }),
      ...sys.audit,
    ],
  });
}
