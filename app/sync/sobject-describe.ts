import { z } from "zod";
import { err, ok, type Result } from "./result";

// The part of Salesforce's sObject describe the pre-flight needs. The adapter caches the org's raw
// describe (SalesforceConnection.describeCache); toSObjectDescribe keeps only these attributes.

export interface PicklistValue {
  value: string;
  active: boolean;
}

export interface FieldDescribe {
  name: string;
  type: string;
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  restrictedPicklist: boolean;
  picklistValues: PicklistValue[];
  referenceTo: string[];
  relationshipName: string | null;
  /** Id and external-id-like fields usable to match records in an upsert. */
  idLookup?: boolean;
}

export interface SObjectDescribe {
  name: string;
  fields: FieldDescribe[];
}

const fieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  length: z.number().default(0),
  nillable: z.boolean().default(true),
  createable: z.boolean().default(true),
  updateable: z.boolean().default(true),
  defaultedOnCreate: z.boolean().default(false),
  externalId: z.boolean().default(false),
  unique: z.boolean().default(false),
  restrictedPicklist: z.boolean().default(false),
  picklistValues: z
    .array(z.object({ value: z.string(), active: z.boolean().default(true) }).transform(({ value, active }) => ({ value, active })))
    .nullish()
    .transform((values) => values ?? []),
  referenceTo: z.array(z.string()).nullish().transform((values) => values ?? []),
  relationshipName: z.string().nullish().transform((value) => value ?? null),
  idLookup: z.boolean().optional(),
});

const describeSchema = z.object({ name: z.string(), fields: z.array(fieldSchema) });

export function toSObjectDescribe(raw: unknown): Result<SObjectDescribe, string> {
  const parsed = describeSchema.safeParse(raw);
  if (!parsed.success) return err(`not an sObject describe: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return ok({
    name: parsed.data.name,
    fields: parsed.data.fields.map((field) => {
      const { idLookup, ...rest } = field;
      return idLookup === undefined ? rest : { ...rest, idLookup };
    }),
  });
}

/** Salesforce API names are case-insensitive. */
export interface DescribeIndex {
  readonly describe: SObjectDescribe;
  field(name: string): FieldDescribe | undefined;
  relationship(name: string): FieldDescribe | undefined;
}

export function indexDescribe(describe: SObjectDescribe): DescribeIndex {
  const byName = new Map(describe.fields.map((field) => [field.name.toLowerCase(), field]));
  const byRelationship = new Map(
    describe.fields.filter((field) => field.relationshipName).map((field) => [(field.relationshipName as string).toLowerCase(), field]),
  );
  return {
    describe,
    field: (name) => byName.get(name.toLowerCase()),
    relationship: (name) => byRelationship.get(name.toLowerCase()),
  };
}

/** Finds an object's describe by API name, indexing each one once for the lifetime of the lookup. */
export type DescribeLookup = (object: string) => DescribeIndex | undefined;

export function createDescribeLookup(describes: Readonly<Record<string, SObjectDescribe>>): DescribeLookup {
  const byObject = new Map<string, SObjectDescribe>();
  for (const [name, describe] of Object.entries(describes)) byObject.set(name.toLowerCase(), describe);
  const indexed = new Map<string, DescribeIndex>();
  return (object) => {
    const key = object.toLowerCase();
    const hit = indexed.get(key);
    if (hit) return hit;
    const describe = byObject.get(key);
    if (!describe) return undefined;
    const index = indexDescribe(describe);
    indexed.set(key, index);
    return index;
  };
}
