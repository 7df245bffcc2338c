import type { JsonValue } from "../json-value";

// Payload retention and customer redaction reduce a stored webhook payload to what sync state needs: ids,
// timestamps and statuses. Names, addresses, emails, phones, notes, prices and free text are dropped.

const KEPT_SCALARS = new Set([
  "id",
  "admin_graphql_api_id",
  "created_at",
  "updated_at",
  "processed_at",
  "cancelled_at",
  "closed_at",
  "financial_status",
  "fulfillment_status",
  "status",
  "order_number",
  "currency",
  "shop_id",
  "shop_domain",
]);

// Nested records whose own ids sync state uses (the customer of an order, line items of refunds, …).
const KEPT_NESTED = new Set(["customer", "line_items", "refund_line_items", "line_item", "refunds", "transactions", "data_request"]);

export function scrubPayload(payload: JsonValue): JsonValue {
  if (Array.isArray(payload)) return payload.map(scrubPayload);
  if (payload === null || typeof payload !== "object") return payload;
  const kept: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value !== null && typeof value === "object") {
      // Arrays of ids (orders_to_redact) are ids; nested records keep only their own ids.
      if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) {
        if (key.endsWith("_ids") || key.startsWith("orders_")) kept[key] = value;
      } else if (KEPT_NESTED.has(key)) {
        kept[key] = scrubPayload(value);
      }
    } else if (KEPT_SCALARS.has(key) || key.endsWith("_id")) {
      kept[key] = value;
    }
  }
  return kept;
}
