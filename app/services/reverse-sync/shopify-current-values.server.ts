import { joinTags, type FieldValue } from "../../sync/reverse/field-values";
import { normalizeValue } from "../../sync/reverse/field-values";
import type { ReverseField } from "../../sync/reverse/reverse-fields";
import type { AdminGraphqlRequest } from "./shopify-writer.server";
import { throttleWaitMs } from "./shopify-writer.server";

// Shopify's current values of the reverse fields, read only for customers whose Salesforce side changed:
// that is what tells a conflict (both sides changed) from a plain Salesforce edit. 50 customers a query,
// each 1 point plus 1 per metafield.

const CHUNK = 50;

export function currentValuesQuery(fields: readonly ReverseField[]): string {
  const metafields = fields
    .map((field, index) => (field.shopify.kind === "customer-metafield" ? `m${index}: metafield(namespace: ${JSON.stringify(field.shopify.namespace)}, key: ${JSON.stringify(field.shopify.key)}) { value }` : null))
    .filter((part): part is string => part !== null);
  const consent = fields.some((field) => field.shopify.kind === "customer-email-opt-out") ? "defaultEmailAddress { marketingState }" : "";
  return `query SalesforceToShopifyCurrent($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id updatedAt firstName lastName phone note tags ${consent} ${metafields.join(" ")} } } }`;
}

export async function readCurrentValues(
  request: AdminGraphqlRequest,
  fields: readonly ReverseField[],
  customerIds: readonly string[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ values: Map<string, Map<string, FieldValue>>; missing: Set<string>; requests: number }> {
  const values = new Map<string, Map<string, FieldValue>>();
  const missing = new Set<string>();
  let requests = 0;
  const query = currentValuesQuery(fields);
  for (let start = 0; start < customerIds.length; start += CHUNK) {
    const ids = customerIds.slice(start, start + CHUNK);
    let answer: { data?: unknown } | null = null;
    for (let waits = 0; answer === null; waits++) {
      requests += 1;
      try {
        answer = await request(query, { variables: { ids: ids.map((id) => `gid://shopify/Customer/${id}`) } });
      } catch (error) {
        const wait = throttleWaitMs(error);
        if (wait === null || waits >= 5) throw error;
        await sleep(wait);
      }
    }
    const nodes = ((answer.data as { nodes?: Array<Record<string, unknown> | null> } | undefined)?.nodes ?? []);
    nodes.forEach((node, index) => {
      const id = ids[index];
      if (!node) {
        missing.add(id);
        return;
      }
      const byField = new Map<string, FieldValue>();
      fields.forEach((field, f) => {
        const target = field.shopify;
        const raw =
          target.kind === "customer-field"
            ? node[target.field]
            : target.kind === "customer-tags"
              ? joinTags((node.tags as string[] | undefined) ?? [])
              : target.kind === "customer-email-opt-out"
                ? optedOut(node.defaultEmailAddress as { marketingState?: string } | null | undefined)
                : ((node[`m${f}`] as { value?: string } | null)?.value ?? null);
        byField.set(field.key, target.kind === "customer-tags" ? (raw as FieldValue) : normalizeValue(field, raw));
      });
      values.set(id, byField);
    });
  }
  return { values, missing, requests };
}

/** Shopify's side of an opt-out field: "true" once unsubscribed, null without an email address. */
function optedOut(address: { marketingState?: string } | null | undefined): FieldValue {
  if (!address?.marketingState) return null;
  return address.marketingState === "UNSUBSCRIBED" ? "true" : "false";
}
