import { z } from "zod";

// Which way a mapped field flows. Absent = "shopify-to-salesforce" (every document written before
// two-way sync), so existing documents parse to exactly what they were. A field that flows back names
// the Shopify field it writes (`shopify`); "both" names the side that wins when both changed it.

export const FIELD_DIRECTIONS = ["shopify-to-salesforce", "salesforce-to-shopify", "both"] as const;
export type FieldDirection = (typeof FIELD_DIRECTIONS)[number];

export const FIELD_OWNERS = ["shopify", "salesforce"] as const;
export type FieldOwner = (typeof FIELD_OWNERS)[number];

/** App-owned (reserved) namespace: Shopify expands `$app:salesforce` to `app--{api client id}--salesforce`. */
export const APP_METAFIELD_NAMESPACE = "$app:salesforce";

export const SHOPIFY_CUSTOMER_FIELDS = ["firstName", "lastName", "phone", "note"] as const;
export type ShopifyCustomerField = (typeof SHOPIFY_CUSTOMER_FIELDS)[number];

/** Metafield types the reverse sync writes (a Salesforce text, URL, number or checkbox fits one of them). */
export const REVERSE_METAFIELD_TYPES = ["single_line_text_field", "multi_line_text_field", "url", "number_integer", "boolean"] as const;
export type ReverseMetafieldType = (typeof REVERSE_METAFIELD_TYPES)[number];

export const shopifyTargetSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("customer-field"), field: z.enum(SHOPIFY_CUSTOMER_FIELDS) }),
  // The Salesforce value is a delimited list (a multi-select picklist uses ";"). Tags it adds are added,
  // tags it drops are removed; tags merchants set in Shopify by hand are left alone.
  z.strictObject({ kind: z.literal("customer-tags"), separator: z.string().min(1).max(5).default(";") }),
  // Email marketing consent must come from the customer: a Salesforce opt-out checkbox (HasOptedOutOfEmail)
  // that is true unsubscribes the customer in Shopify; false never subscribes anyone (see README).
  z.strictObject({ kind: z.literal("customer-email-opt-out") }),
  z.strictObject({
    kind: z.literal("customer-metafield"),
    // Reserved prefix only: other apps and merchants cannot overwrite what the sales team owns.
    namespace: z
      .string()
      .regex(/^\$app(:[A-Za-z0-9_-]{2,})?$/, 'must be an app-owned namespace: "$app" or "$app:<name>" (e.g. "$app:salesforce")')
      .max(255)
      .default(APP_METAFIELD_NAMESPACE),
    // Shopify: keys are 2–64 characters of letters, digits, "-" and "_".
    key: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'must be 2–64 letters, digits, "-" or "_"'),
    type: z.enum(REVERSE_METAFIELD_TYPES),
  }),
]);
export type ShopifyTarget = z.infer<typeof shopifyTargetSchema>;

/** Fields added to a mapping row; all optional and without defaults so old rows keep their parsed shape. */
export const fieldDirectionShape = {
  direction: z.enum(FIELD_DIRECTIONS).optional(),
  owner: z.enum(FIELD_OWNERS).optional(),
  shopify: shopifyTargetSchema.optional(),
};

interface DirectionalField {
  direction?: FieldDirection;
  owner?: FieldOwner;
  shopify?: ShopifyTarget;
}

export function directionOf(field: DirectionalField): FieldDirection {
  return field.direction ?? "shopify-to-salesforce";
}

/** Whether the forward (webhook → Salesforce) path writes the field. */
export function flowsToSalesforce(field: DirectionalField): boolean {
  return directionOf(field) !== "salesforce-to-shopify";
}

export function flowsToShopify(field: DirectionalField): boolean {
  return directionOf(field) !== "shopify-to-salesforce";
}

/** Structural rules of a row's direction; `hasSource` = it has a source, expression or value. */
export function checkFieldDirection(field: DirectionalField, hasSource: boolean, ctx: z.RefinementCtx): void {
  const direction = directionOf(field);
  if (direction === "shopify-to-salesforce") {
    if (field.shopify !== undefined) ctx.addIssue({ code: "custom", path: ["shopify"], message: 'only a field that flows to Shopify ("salesforce-to-shopify" or "both") names a Shopify target' });
    if (field.owner !== undefined) ctx.addIssue({ code: "custom", path: ["owner"], message: 'an owner only decides conflicts of a "both" field' });
    return;
  }
  if (field.shopify === undefined) {
    ctx.addIssue({ code: "custom", path: ["shopify"], message: `a "${direction}" field needs the Shopify field it writes` });
    return;
  }
  if (direction === "both") {
    if (field.owner === undefined) ctx.addIssue({ code: "custom", path: ["owner"], message: 'a "both" field needs an owner ("shopify" or "salesforce") that wins when both sides changed it' });
    if (!hasSource) ctx.addIssue({ code: "custom", path: [], message: 'a "both" field needs a Shopify "source" for the Shopify → Salesforce half' });
    if (field.shopify.kind !== "customer-field") {
      ctx.addIssue({ code: "custom", path: ["shopify", "kind"], message: `"${field.shopify.kind}" flows only from Salesforce to Shopify (use "salesforce-to-shopify")` });
    }
  } else if (field.owner !== undefined) {
    ctx.addIssue({ code: "custom", path: ["owner"], message: 'an owner only decides conflicts of a "both" field' });
  }
}
