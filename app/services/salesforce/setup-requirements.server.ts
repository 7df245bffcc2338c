// What our default mappings need in the merchant's org (DESIGN.md §5), and the exact clicks that create
// each missing piece. Kept as data so the setup check, the UI and the README tell the same story.

export type FieldKind = "external-id" | "currency" | "text" | "datetime" | "lookup";

export interface FieldRequirement {
  object: string;
  field: string;
  label: string;
  kind: FieldKind;
  /** For lookups: the parent object. */
  lookupTo?: string;
  usedFor: string;
  /** Needed only when orders sync as Opportunities, or only as Orders (DESIGN.md §5). */
  orderModel?: OrderModel;
  /** Informational (the money breakdown): records sync without it, so a missing field is a warning. */
  optional?: boolean;
}

export type OrderModel = "opportunity" | "order";

/** How Object Manager lists each object (its label, not its API name). */
export const OBJECT_LABELS: Record<string, string> = {
  Account: "Account",
  Contact: "Contact",
  Opportunity: "Opportunity",
  Order: "Order",
  OpportunityLineItem: "Opportunity Product",
  OrderItem: "Order Product",
  Product2: "Product",
  PricebookEntry: "Price Book Entry",
  Shopify_Refund__c: "Shopify Refund",
};

/** The money breakdown the default order and refund mappings write (docs/money-model.md). */
function moneyBreakdownFields(): FieldRequirement[] {
  const order: Array<[string, string, FieldKind]> = [
    ["Shopify_Subtotal__c", "Shopify Subtotal", "currency"],
    ["Shopify_Discounts__c", "Shopify Discounts", "currency"],
    ["Shopify_Shipping__c", "Shopify Shipping", "currency"],
    ["Shopify_Tax__c", "Shopify Tax", "currency"],
    ["Shopify_Refunded__c", "Shopify Refunded", "currency"],
    ["Shopify_Refund_Pending__c", "Shopify Refund Pending", "currency"],
    ["Shopify_Outstanding__c", "Shopify Outstanding", "currency"],
    ["Shopify_Currency__c", "Shopify Currency", "text"],
  ];
  const refund: Array<[string, string, FieldKind]> = [
    ["Pending_Amount__c", "Pending Amount", "currency"],
    ["Status__c", "Status", "text"],
    ["Currency__c", "Currency", "text"],
    ["Refunded_Lines__c", "Refunded Lines", "text"],
  ];
  return [
    ...(["Opportunity", "Order"] as const).flatMap((object) =>
      order.map(([field, label, kind]): FieldRequirement => ({
        object,
        field,
        label,
        kind,
        usedFor: "order money breakdown",
        orderModel: object === "Opportunity" ? "opportunity" : "order",
        optional: true,
      })),
    ),
    ...refund.map(([field, label, kind]): FieldRequirement => ({ object: "Shopify_Refund__c", field, label, kind, usedFor: "refund money", optional: true })),
  ];
}

export const REQUIRED_FIELDS: readonly FieldRequirement[] = [
  { object: "Account", field: "Shopify_Customer_Id__c", label: "Shopify Customer Id", kind: "external-id", usedFor: "customers" },
  { object: "Contact", field: "Shopify_Customer_Id__c", label: "Shopify Customer Id", kind: "external-id", usedFor: "customers" },
  { object: "Opportunity", field: "Shopify_Order_Id__c", label: "Shopify Order Id", kind: "external-id", usedFor: "orders", orderModel: "opportunity" },
  { object: "Order", field: "Shopify_Order_Id__c", label: "Shopify Order Id", kind: "external-id", usedFor: "orders", orderModel: "order" },
  { object: "OpportunityLineItem", field: "Shopify_Line_Item_Id__c", label: "Shopify Line Item Id", kind: "external-id", usedFor: "order lines", orderModel: "opportunity" },
  { object: "OrderItem", field: "Shopify_Line_Item_Id__c", label: "Shopify Line Item Id", kind: "external-id", usedFor: "order lines", orderModel: "order" },
  { object: "Product2", field: "Shopify_Variant_Id__c", label: "Shopify Variant Id", kind: "external-id", usedFor: "products" },
  { object: "PricebookEntry", field: "Shopify_Variant_Id__c", label: "Shopify Variant Id", kind: "external-id", usedFor: "product prices" },
  { object: "Shopify_Refund__c", field: "Shopify_Refund_Id__c", label: "Shopify Refund Id", kind: "external-id", usedFor: "refunds" },
  { object: "Shopify_Refund__c", field: "Amount__c", label: "Amount", kind: "currency", usedFor: "refunds" },
  { object: "Shopify_Refund__c", field: "Reason__c", label: "Reason", kind: "text", usedFor: "refunds" },
  { object: "Shopify_Refund__c", field: "Refunded_At__c", label: "Refunded At", kind: "datetime", usedFor: "refunds" },
  { object: "Shopify_Refund__c", field: "Opportunity__c", label: "Opportunity", kind: "lookup", lookupTo: "Opportunity", usedFor: "refunds", orderModel: "opportunity" },
  { object: "Shopify_Refund__c", field: "Order__c", label: "Order", kind: "lookup", lookupTo: "Order", usedFor: "refunds", orderModel: "order" },
  ...moneyBreakdownFields(),
];

export const REQUIRED_OBJECTS = [...new Set(REQUIRED_FIELDS.map((r) => r.object))];

const OPEN_OBJECT = (object: string) => `In Salesforce: gear icon → Setup → Object Manager → ${OBJECT_LABELS[object] ?? object}.`;
const FLS_STEP = (username: string) =>
  `Field-Level Security: tick "Visible" (leave "Read-Only" unticked) for the profile of the integration user ${username} → Next.`;
const FINISH = ["Page layouts: optional → Save.", "Back in this app, click \"Run setup check\"."];

const TYPE_STEPS: Record<FieldKind, (r: FieldRequirement) => string[]> = {
  "external-id": (r) => [
    "Data Type: Text → Next.",
    `Field Label: ${r.label}; Length: 255; Field Name: ${r.field.replace(/__c$/, "")} (Salesforce adds __c).`,
    'Tick "Unique" (choose "Treat "ABC" and "abc" as different values") and "External ID" → Next.',
  ],
  currency: (r) => ["Data Type: Currency → Next.", `Field Label: ${r.label}; Length: 16, Decimal Places: 2; Field Name: ${r.field.replace(/__c$/, "")} → Next.`],
  text: (r) => ["Data Type: Text → Next.", `Field Label: ${r.label}; Length: 255; Field Name: ${r.field.replace(/__c$/, "")} → Next.`],
  datetime: (r) => ["Data Type: Date/Time → Next.", `Field Label: ${r.label}; Field Name: ${r.field.replace(/__c$/, "")} → Next.`],
  lookup: (r) => [
    "Data Type: Lookup Relationship → Next.",
    `Related To: ${OBJECT_LABELS[r.lookupTo ?? ""] ?? r.lookupTo} → Next.`,
    `Field Label: ${r.label}; Field Name: ${r.field.replace(/__c$/, "")}; Child Relationship Name: Shopify_Refunds → Next.`,
  ],
};

export function createFieldSteps(requirement: FieldRequirement, username: string): string[] {
  return [
    OPEN_OBJECT(requirement.object),
    "Fields & Relationships → New.",
    ...TYPE_STEPS[requirement.kind](requirement),
    FLS_STEP(username),
    ...FINISH,
  ];
}

export function fixExternalIdSteps(requirement: FieldRequirement): string[] {
  return [
    OPEN_OBJECT(requirement.object),
    `Fields & Relationships → ${requirement.label} (${requirement.field}) → Edit.`,
    'Tick "External ID" and "Unique" (case sensitive) → Save. If the field is not Text, create a new Text(255) field instead.',
    ...FINISH.slice(1),
  ];
}

export function fieldAccessSteps(requirement: FieldRequirement, username: string): string[] {
  return [
    OPEN_OBJECT(requirement.object),
    `Fields & Relationships → ${requirement.label} (${requirement.field}) → Set Field-Level Security.`,
    `Tick "Visible" and untick "Read-Only" for the profile of ${username} → Save.`,
    ...FINISH.slice(1),
  ];
}

export function objectAccessSteps(object: string, username: string): string[] {
  return [
    `In Salesforce: Setup → Users → ${username} → its Profile (or a Permission Set assigned to it).`,
    `Object Settings → ${OBJECT_LABELS[object] ?? object} → Edit: tick Read, Create and Edit → Save.`,
    ...FINISH.slice(1),
  ];
}

export function createObjectSteps(object: string, username: string): string[] {
  if (object === "Shopify_Refund__c") {
    return [
      "In Salesforce: gear icon → Setup → Object Manager → Create → Custom Object.",
      'Label: Shopify Refund; Plural Label: Shopify Refunds; Object Name: Shopify_Refund; Record Name: "Shopify Refund Name", Data Type: Auto Number, Display Format: R-{000000}, Starting Number: 1.',
      "Save. Then create its fields as listed below (each: Fields & Relationships → New).",
      `Profile of ${username}: Object Settings → Shopify Refunds → tick Read, Create and Edit.`,
      ...FINISH.slice(1),
    ];
  }
  if (object === "Order" || object === "OrderItem") {
    return ["In Salesforce: Setup → Feature Settings → Sales → Order Settings.", 'Tick "Enable Orders" → Save.', ...FINISH.slice(1)];
  }
  return [
    `${OBJECT_LABELS[object] ?? object} is not visible to ${username}: in Setup → Users → ${username} → Profile → Object Settings, give it Read, Create and Edit.`,
    ...FINISH.slice(1),
  ];
}
