import { z } from "zod";
import { checkFieldDirection, fieldDirectionShape } from "./reverse/field-direction";
import { SYNC_RESOURCES } from "./sync-resource";

// The mapping document stored in MappingSet.document (one per shop, resource and version). It says
// which Salesforce records one Shopify record becomes and how each field is computed. Structural rules
// live here; cross-references (keys, cycles, JSONata syntax) are checked in parse-mapping-document.ts.

export const MAPPING_SCHEMA_VERSION = 1;

const apiName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must be a Salesforce API name (letters, digits and underscores, e.g. Shopify_Order_Id__c)");
const targetKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must start with a letter and contain only letters, digits, '_' or '-'");
const nonEmpty = z.string().trim().min(1, "must not be empty");

export const OWNERSHIPS = ["always", "create-only", "if-blank", "never", "create-and-close"] as const;
export const ownershipSchema = z.enum(OWNERSHIPS);
export type Ownership = z.infer<typeof ownershipSchema>;

const transformSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("trim") }),
  z.strictObject({ kind: z.literal("upper") }),
  z.strictObject({ kind: z.literal("lower") }),
  z.strictObject({ kind: z.literal("title-case") }),
  // "describe": cut to the field length the org reports (applied during pre-flight).
  z.strictObject({ kind: z.literal("truncate"), length: z.union([z.number().int().positive(), z.literal("describe")]) }),
  z.strictObject({ kind: z.literal("number") }),
  z.strictObject({ kind: z.literal("currency"), decimals: z.number().int().min(0).max(6).default(2) }),
  z.strictObject({ kind: z.literal("date") }),
  z.strictObject({ kind: z.literal("datetime") }),
  z.strictObject({
    kind: z.literal("value-map"),
    map: z.record(z.string(), z.json()),
    default: z.json().optional(),
    caseInsensitive: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal("default"), value: z.json() }),
  // Appends the values at other paths, skipping blanks ("address1" + "address2").
  z.strictObject({ kind: z.literal("concat"), sources: z.array(nonEmpty).min(1), separator: z.string().default(" ") }),
  // Joins an array value (tags, gateway names).
  z.strictObject({ kind: z.literal("join"), separator: z.string().default(", ") }),
  z.strictObject({ kind: z.literal("boolean") }),
  z.strictObject({ kind: z.literal("string") }),
]);
export type Transform = z.infer<typeof transformSchema>;
export type TransformKind = Transform["kind"];

const fieldSchema = z
  .strictObject({
    target: apiName,
    source: nonEmpty.optional(),
    expression: nonEmpty.optional(),
    value: z.json().optional(),
    transforms: z.array(transformSchema).default([]),
    ownership: ownershipSchema.default("always"),
    label: z.string().optional(),
    // An org without the field gets the record without it (and a warning) instead of a blocked record:
    // used for the default mappings' informational fields (the money breakdown).
    skipIfMissing: z.boolean().optional(),
    ...fieldDirectionShape,
  })
  .superRefine((field, ctx) => {
    const sources = [field.source, field.expression, field.value].filter((value) => value !== undefined).length;
    // A field that only flows back from Salesforce has nothing to read from the Shopify payload.
    if (!(field.direction === "salesforce-to-shopify" && sources === 0)) exactlyOne(field, ["source", "expression", "value"], ctx);
    checkFieldDirection(field, sources > 0, ctx);
  });
export type FieldMapping = z.infer<typeof fieldSchema>;

// A reference writes the Salesforce relationship syntax `{ Account: { Shopify_Customer_Id__c: "1" } }`:
// either to another target of this document (`target`) or to a record synced by another resource
// (`object` + `externalIdField` + `source`/`expression`, e.g. a refund's order).
const referenceSchema = z
  .strictObject({
    relationshipName: apiName,
    target: targetKey.optional(),
    object: apiName.optional(),
    externalIdField: apiName.optional(),
    source: nonEmpty.optional(),
    expression: nonEmpty.optional(),
    // Without its parent a required reference drops the whole record; an optional one drops the field.
    required: z.boolean().default(true),
    ownership: ownershipSchema.default("always"),
  })
  .superRefine((reference, ctx) => {
    if (reference.target !== undefined) {
      for (const key of ["object", "externalIdField", "source", "expression"] as const) {
        if (reference[key] !== undefined) {
          ctx.addIssue({ code: "custom", path: [key], message: `must not be set together with "target"` });
        }
      }
      return;
    }
    if (reference.object === undefined || reference.externalIdField === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: `needs either "target" or "object" + "externalIdField" + "source"/"expression"` });
      return;
    }
    exactlyOne(reference, ["source", "expression"], ctx);
  });
export type ReferenceDefinition = z.infer<typeof referenceSchema>;

const targetSchema = z
  .strictObject({
    key: targetKey,
    object: apiName,
    externalIdField: apiName,
    externalIdSource: nonEmpty.optional(),
    externalIdExpression: nonEmpty.optional(),
    dependsOn: z.array(targetKey).default([]),
    forEach: nonEmpty.optional(),
    when: nonEmpty.optional(),
    shared: z.boolean().default(false),
    matchKeys: z.array(apiName).default([]),
    references: z.array(referenceSchema).default([]),
    fields: z.array(fieldSchema).default([]),
    label: z.string().optional(),
  })
  .superRefine((target, ctx) => exactlyOne(target, ["externalIdSource", "externalIdExpression"], ctx));
export type TargetDefinition = z.infer<typeof targetSchema>;

const guestCheckoutSchema = z.strictObject({
  // attach-to-guest-account: orders without a customer go to a shared "guest" Account (spread over
  //   `buckets` Accounts by order id when buckets > 1, so none collects Salesforce's 10,000-children skew).
  // skip-contact: no Account/Contact for the guest; the order record is written without an Account.
  // account-per-guest: a guest with an email is the order's buyer (`_buyer`, guest-identity.ts): the
  //   mapping's own targets give them their own Account/Contact keyed by the email; a guest without an
  //   email follows `withoutEmail`.
  action: z.enum(["attach-to-guest-account", "skip-contact", "account-per-guest"]),
  target: targetKey.default("account"),
  externalId: nonEmpty.default("shopify-guest"),
  fields: z.record(apiName, z.json()).default({ Name: "Shopify Guest Checkout" }),
  withoutEmail: z.enum(["attach-to-guest-account", "skip-contact"]).default("skip-contact"),
  buckets: z.number().int().min(1).max(10_000).default(1),
});

const deletedCustomersSchema = z.strictObject({
  // mark-deleted: write `fields` onto the records already synced for the customer (found by their
  // Salesforce ids); ignore: leave Salesforce untouched (the CRM keeps its history).
  action: z.enum(["mark-deleted", "ignore"]),
  targets: z.array(targetKey).optional(),
  fields: z.record(apiName, z.json()).default({}),
});

const cancelledOrdersSchema = z.strictObject({
  action: z.enum(["close-lost", "keep-stage"]),
  target: targetKey.default("opportunity"),
  field: apiName.default("StageName"),
  value: z.json().default("Closed Lost"),
});

// The order's buyer as the primary OpportunityContactRole (contact-roles.ts): the Salesforce ids of the
// `opportunity` and `contact` targets' records, written once per Opportunity (the object has no external id).
const buyerContactRoleSchema = z.strictObject({
  contact: targetKey.default("contact"),
  opportunity: targetKey.default("opportunity"),
  role: z.string().trim().min(1).max(255).default("Economic Buyer"),
});

const policiesSchema = z.strictObject({
  guestCheckout: guestCheckoutSchema.optional(),
  buyerContactRole: buyerContactRoleSchema.optional(),
  deletedCustomers: deletedCustomersSchema.optional(),
  cancelledOrders: cancelledOrdersSchema.optional(),
});
export type MappingPolicies = z.infer<typeof policiesSchema>;
export type GuestCheckoutPolicy = z.infer<typeof guestCheckoutSchema>;
export type DeletedCustomersPolicy = z.infer<typeof deletedCustomersSchema>;
export type CancelledOrdersPolicy = z.infer<typeof cancelledOrdersSchema>;
export type BuyerContactRolePolicy = z.infer<typeof buyerContactRoleSchema>;

export const mappingDocumentSchema = z.strictObject({
  schemaVersion: z.literal(MAPPING_SCHEMA_VERSION),
  resource: z.enum(SYNC_RESOURCES),
  targets: z.array(targetSchema).min(1, "needs at least one target object"),
  policies: policiesSchema.default({}),
});

/** A validated document, defaults applied. */
export type MappingDocument = z.infer<typeof mappingDocumentSchema>;
/** What an author writes (defaults optional). */
export type MappingDocumentInput = z.input<typeof mappingDocumentSchema>;

function exactlyOne<T extends object>(value: T, keys: readonly (keyof T & string)[], ctx: z.RefinementCtx): void {
  const present = keys.filter((key) => value[key] !== undefined);
  if (present.length === 1) return;
  const names = keys.map((key) => `"${key}"`).join(" or ");
  ctx.addIssue({
    code: "custom",
    path: present.length > 1 ? [present[1] as string] : [],
    message: present.length > 1 ? `set only one of ${names}, not ${present.map((k) => `"${k}"`).join(" and ")}` : `needs one of ${names}`,
  });
}
