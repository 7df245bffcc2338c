import type { ChildRelationship, DescribeField, DescribeSObject, PicklistEntry } from "./describe-types";

// Builds describe documents with the full key set of a real v48+ describe (see the recordings in
// this folder), so objects we had to author by hand look exactly like recorded ones to a client.

export interface FieldSpec {
  name: string;
  type: string;
  label?: string;
  length?: number;
  precision?: number;
  scale?: number;
  digits?: number;
  nillable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  defaultedOnCreate?: boolean;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  idLookup?: boolean;
  calculated?: boolean;
  autoNumber?: boolean;
  nameField?: boolean;
  referenceTo?: string[];
  relationshipName?: string | null;
  picklist?: Array<string | { value: string; default?: boolean; label?: string }>;
  restrictedPicklist?: boolean;
  cascadeDelete?: boolean;
  compoundFieldName?: string;
  defaultValue?: unknown;
}

const SOAP_TYPES: Record<string, string> = {
  id: "tns:ID",
  reference: "tns:ID",
  boolean: "xsd:boolean",
  currency: "xsd:double",
  double: "xsd:double",
  percent: "xsd:double",
  int: "xsd:int",
  date: "xsd:date",
  datetime: "xsd:dateTime",
  address: "urn:address",
};

const TEXT_TYPES = new Set(["string", "textarea", "picklist", "multipicklist", "combobox", "email", "phone", "url"]);

function labelFromName(name: string): string {
  const base = name.replace(/__c$/, "").replace(/Id$/, "");
  return base.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim() || name;
}

function picklistEntries(spec: FieldSpec): PicklistEntry[] {
  return (spec.picklist ?? []).map((p) => {
    const entry = typeof p === "string" ? { value: p } : p;
    return {
      active: true,
      defaultValue: "default" in entry ? Boolean(entry.default) : false,
      label: ("label" in entry && entry.label) || entry.value,
      validFor: null,
      value: entry.value,
    };
  });
}

export function field(spec: FieldSpec): DescribeField {
  const type = spec.type;
  const isText = TEXT_TYPES.has(type);
  const isRef = type === "reference" || type === "id";
  const length = spec.length ?? (isRef ? 18 : isText ? 255 : 0);
  const custom = spec.name.endsWith("__c");
  const numeric = type === "currency" || type === "double" || type === "percent";
  const groupable = !numeric && type !== "datetime" && type !== "textarea" && type !== "address";
  const sortable = type !== "textarea" && type !== "address" && type !== "multipicklist";
  return {
    aggregatable: type !== "address" && type !== "textarea",
    aiPredictionField: false,
    autoNumber: spec.autoNumber ?? false,
    byteLength: isRef ? 18 : isText ? length * 3 : 0,
    calculated: spec.calculated ?? false,
    calculatedFormula: null,
    cascadeDelete: spec.cascadeDelete ?? false,
    caseSensitive: spec.caseSensitive ?? false,
    compoundFieldName: spec.compoundFieldName ?? null,
    controllerName: null,
    createable: spec.createable ?? true,
    custom,
    defaultValue: spec.defaultValue ?? null,
    defaultValueFormula: null,
    defaultedOnCreate: spec.defaultedOnCreate ?? false,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: spec.digits ?? 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: spec.externalId ?? false,
    extraTypeInfo: null,
    filterable: type !== "address",
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: spec.idLookup ?? (type === "id" || Boolean(spec.externalId)),
    inlineHelpText: null,
    label: spec.label ?? labelFromName(spec.name),
    length,
    mask: null,
    maskType: null,
    name: spec.name,
    nameField: spec.nameField ?? false,
    namePointing: false,
    nillable: spec.nillable ?? true,
    permissionable: custom && (spec.nillable ?? true),
    picklistValues: picklistEntries(spec),
    polymorphicForeignKey: false,
    precision: spec.precision ?? (numeric ? 18 : 0),
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: spec.referenceTo ?? [],
    relationshipName: spec.relationshipName ?? null,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: spec.restrictedPicklist ?? false,
    scale: spec.scale ?? (type === "currency" ? 2 : 0),
    searchPrefilterable: false,
    soapType: SOAP_TYPES[type] ?? "xsd:string",
    sortable,
    type,
    unique: spec.unique ?? false,
    updateable: spec.updateable ?? true,
    writeRequiresMasterRead: false,
  };
}

/** Id, IsDeleted and the audit fields every object has, in the order Salesforce lists them. */
export function systemFields(objectLabel: string): { head: DescribeField[]; audit: DescribeField[] } {
  const readOnly = { createable: false, updateable: false, nillable: false, defaultedOnCreate: true };
  return {
    head: [
      field({ name: "Id", type: "id", label: `${objectLabel} ID`, ...readOnly }),
      field({ name: "IsDeleted", type: "boolean", label: "Deleted", ...readOnly }),
    ],
    audit: [
      field({ name: "CreatedDate", type: "datetime", label: "Created Date", ...readOnly }),
      field({
        name: "CreatedById",
        type: "reference",
        label: "Created By ID",
        referenceTo: ["User"],
        relationshipName: "CreatedBy",
        ...readOnly,
      }),
      field({ name: "LastModifiedDate", type: "datetime", label: "Last Modified Date", ...readOnly }),
      field({
        name: "LastModifiedById",
        type: "reference",
        label: "Last Modified By ID",
        referenceTo: ["User"],
        relationshipName: "LastModifiedBy",
        ...readOnly,
      }),
      field({ name: "SystemModstamp", type: "datetime", label: "System Modstamp", ...readOnly }),
    ],
  };
}

export function ownerField(): DescribeField {
  return field({
    name: "OwnerId",
    type: "reference",
    label: "Owner ID",
    referenceTo: ["User"],
    relationshipName: "Owner",
    nillable: false,
    defaultedOnCreate: true,
  });
}

export interface SObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: DescribeField[];
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  childRelationships?: ChildRelationship[];
}

/** Key order and defaults follow the recorded describe_Account.json. */
export function sobject(spec: SObjectSpec): DescribeSObject {
  const custom = spec.name.endsWith("__c");
  const createable = spec.createable ?? true;
  return {
    actionOverrides: [],
    activateable: false,
    childRelationships: spec.childRelationships ?? [],
    compactLayoutable: true,
    createable,
    custom,
    customSetting: false,
    deepCloneable: false,
    defaultImplementation: null,
    deletable: spec.deletable ?? createable,
    deprecatedAndHidden: false,
    extendedBy: null,
    extendsInterfaces: null,
    feedEnabled: false,
    fields: spec.fields,
    hasSubtypes: false,
    implementedBy: null,
    implementsInterfaces: null,
    isInterface: false,
    isSubtype: false,
    keyPrefix: spec.keyPrefix,
    label: spec.label,
    labelPlural: spec.labelPlural,
    layoutable: true,
    listviewable: null,
    lookupLayoutable: null,
    mergeable: false,
    mruEnabled: true,
    name: spec.name,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    queryable: true,
    recordTypeInfos: [],
    replicateable: true,
    retrieveable: true,
    searchLayoutable: true,
    searchable: true,
    supportedScopes: [{ label: "All records", name: "everything" }],
    triggerable: true,
    undeletable: createable,
    updateable: spec.updateable ?? createable,
    urls: {},
  };
}

export function childRelationship(
  childSObject: string,
  fieldName: string,
  relationshipName: string | null,
  cascadeDelete = false,
): ChildRelationship {
  return {
    cascadeDelete,
    childSObject,
    deprecatedAndHidden: false,
    field: fieldName,
    junctionIdListNames: [],
    junctionReferenceTo: [],
    relationshipName,
    restrictedDelete: false,
  };
}
