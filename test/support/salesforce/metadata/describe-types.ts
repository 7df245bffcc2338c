// The subset of the describe document the emulator reads. Documents keep every other key
// Salesforce sends (index signatures), so describe responses stay byte-for-byte realistic.

export interface PicklistEntry {
  active: boolean;
  defaultValue: boolean;
  label: string;
  validFor: string | null;
  value: string;
}

export interface DescribeField {
  name: string;
  label: string;
  type: string;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  calculated: boolean;
  autoNumber: boolean;
  custom: boolean;
  nameField: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  compoundFieldName: string | null;
  [key: string]: unknown;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  [key: string]: unknown;
}

export interface RecordTypeInfo {
  active: boolean;
  available: boolean;
  defaultRecordTypeMapping: boolean;
  developerName: string;
  master: boolean;
  name: string;
  recordTypeId: string;
  urls: Record<string, string>;
}

export interface DescribeSObject {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string | null;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: DescribeField[];
  childRelationships: ChildRelationship[];
  recordTypeInfos: RecordTypeInfo[];
  urls: Record<string, string>;
  [key: string]: unknown;
}
