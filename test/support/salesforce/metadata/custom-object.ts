import type { DescribeSObject } from "./describe-types";
import { field, ownerField, sobject, systemFields, type FieldSpec } from "./field-builder";
import { MASTER_RECORD_TYPE_ID, recordTypeInfo } from "./person-accounts";

// A custom object as Setup's "New Custom Object" makes it: name ending __c, the system and audit
// fields, an owner, a Name field (text, or an auto-number), plus the admin's own fields.

export interface CustomObjectSpec {
  name: string;
  label?: string;
  labelPlural?: string;
  /** Three characters; Salesforce assigns a0…-style prefixes, so does the emulator when left out. */
  keyPrefix?: string;
  nameField?: { label?: string; autoNumber?: boolean };
  fields?: FieldSpec[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*__c$/;

export function customObject(spec: CustomObjectSpec, keyPrefix: string): DescribeSObject {
  if (!NAME.test(spec.name) || spec.name.includes("___")) {
    throw new Error(`Custom object API names end in __c and use letters, digits and single underscores: ${spec.name}`);
  }
  const label = spec.label ?? spec.name.replace(/__c$/, "").replace(/_/g, " ");
  const sys = systemFields(label);
  const autoNumber = spec.nameField?.autoNumber === true;
  const doc = sobject({
    name: spec.name,
    label,
    labelPlural: spec.labelPlural ?? `${label}s`,
    keyPrefix,
    fields: [
      ...sys.head,
      ownerField(),
      field({
        name: "Name",
        type: "string",
        label: spec.nameField?.label ?? `${label} Name`,
        length: 80,
        nameField: true,
        autoNumber,
        createable: !autoNumber,
        updateable: !autoNumber,
        defaultedOnCreate: true,
        idLookup: true,
      }),
      ...sys.audit,
      ...(spec.fields ?? []).map((f) => {
        if (!f.name.endsWith("__c")) throw new Error(`Custom field API names end in __c: ${f.name}`);
        return field(f);
      }),
    ],
  });
  doc.recordTypeInfos = [recordTypeInfo(MASTER_RECORD_TYPE_ID, "Master", "Master", true, true)];
  return doc;
}
