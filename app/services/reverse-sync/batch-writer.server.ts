import type { ShopifyWrite } from "../../sync/reverse/reconcile";
import { throttleWaitMs, type AdminGraphqlRequest, type WriteOutcome, type WriterOptions } from "./shopify-writer.server";

// Several customers' writes in one Admin GraphQL request: per customer, aliased customerUpdate / tagsAdd /
// tagsRemove / metafieldsSet / metafieldsDelete fields (`c3_update`, `c3_add`, …), each answering with its own userErrors, so
// one customer's refusal never fails another's. Shopify charges 10 points per mutation field and refuses a
// single request above 1,000 points (MAX_COST_EXCEEDED), so a request carries at most 100 mutation fields,
// and never more than the shop's bucket holds (learnt from a THROTTLED answer's throttleStatus).

export const MUTATION_COST = 10;
export const SINGLE_REQUEST_MAX_COST = 1000;

export interface CustomerWrites {
  customerId: string;
  writes: readonly ShopifyWrite[];
}

interface Part {
  alias: string;
  declarations: string[];
  field: string;
  variables: Record<string, unknown>;
}

/** One customer's aliased mutation fields (empty: nothing to write). */
export function customerParts(index: number, customerId: string, writes: readonly ShopifyWrite[]): Part[] {
  const p = `c${index}`;
  const input: Record<string, unknown> = {};
  const add: string[] = [];
  const remove: string[] = [];
  const metafields: Array<Record<string, unknown>> = [];
  const cleared: Array<Record<string, unknown>> = [];
  let unsubscribe = false;
  for (const write of writes) {
    if (write.kind === "customer-field") input[write.field] = write.value;
    else if (write.kind === "tags-add") add.push(...write.tags);
    else if (write.kind === "tags-remove") remove.push(...write.tags);
    else if (write.kind === "email-unsubscribe") unsubscribe = true;
    else if (write.kind === "metafield-delete") cleared.push({ ownerId: customerId, namespace: write.namespace, key: write.key });
    else metafields.push({ ownerId: customerId, namespace: write.namespace, key: write.key, type: write.type, value: write.value });
  }
  const parts: Part[] = [];
  if (Object.keys(input).length > 0) {
    parts.push({
      alias: `${p}_update`,
      declarations: [`$${p}_input: CustomerInput!`],
      field: `${p}_update: customerUpdate(input: $${p}_input) { customer { updatedAt firstName lastName phone note } userErrors { field message } }`,
      variables: { [`${p}_input`]: { id: customerId, ...input } },
    });
  }
  if (add.length > 0) {
    parts.push({
      alias: `${p}_add`,
      declarations: [`$${p}_id_add: ID!`, `$${p}_add: [String!]!`],
      field: `${p}_add: tagsAdd(id: $${p}_id_add, tags: $${p}_add) { node { ... on Customer { updatedAt } } userErrors { field message } }`,
      variables: { [`${p}_id_add`]: customerId, [`${p}_add`]: add },
    });
  }
  if (remove.length > 0) {
    parts.push({
      alias: `${p}_remove`,
      declarations: [`$${p}_id_remove: ID!`, `$${p}_remove: [String!]!`],
      field: `${p}_remove: tagsRemove(id: $${p}_id_remove, tags: $${p}_remove) { node { ... on Customer { updatedAt } } userErrors { field message } }`,
      variables: { [`${p}_id_remove`]: customerId, [`${p}_remove`]: remove },
    });
  }
  if (metafields.length > 0) {
    parts.push({
      alias: `${p}_metafields`,
      declarations: [`$${p}_metafields: [MetafieldsSetInput!]!`],
      field: `${p}_metafields: metafieldsSet(metafields: $${p}_metafields) { metafields { key } userErrors { field message code } }`,
      variables: { [`${p}_metafields`]: metafields },
    });
  }
  if (unsubscribe) {
    parts.push({
      alias: `${p}_consent`,
      declarations: [`$${p}_consent: CustomerEmailMarketingConsentUpdateInput!`],
      field: `${p}_consent: customerEmailMarketingConsentUpdate(input: $${p}_consent) { customer { updatedAt } userErrors { field message code } }`,
      variables: { [`${p}_consent`]: { customerId, emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } } },
    });
  }
  if (cleared.length > 0) {
    parts.push({
      alias: `${p}_mfdelete`,
      declarations: [`$${p}_mfdelete: [MetafieldIdentifierInput!]!`],
      field: `${p}_mfdelete: metafieldsDelete(metafields: $${p}_mfdelete) { deletedMetafields { key } userErrors { field message } }`,
      variables: { [`${p}_mfdelete`]: cleared },
    });
  }
  return parts;
}

export function batchDocument(groups: ReadonlyArray<{ parts: Part[] }>): { query: string; variables: Record<string, unknown> } {
  const parts = groups.flatMap((group) => group.parts);
  return {
    query: `mutation SalesforceToShopifyBatch(${parts.flatMap((part) => part.declarations).join(", ")}) {\n  ${parts.map((part) => part.field).join("\n  ")}\n}`,
    variables: Object.assign({}, ...parts.map((part) => part.variables)) as Record<string, unknown>,
  };
}

export interface BatchResult {
  /** By customer id. */
  outcomes: Map<string, WriteOutcome>;
  requests: number;
  throttled: number;
}

interface PayloadAnswer {
  userErrors?: Array<{ field?: string[] | null; message: string }>;
  customer?: ({ updatedAt?: string } & Record<string, unknown>) | null;
  node?: { updatedAt?: string } | null;
}

const MUTATION_NAMES: Record<string, string> = { update: "customerUpdate", add: "tagsAdd", remove: "tagsRemove", metafields: "metafieldsSet", mfdelete: "metafieldsDelete", consent: "customerEmailMarketingConsentUpdate" };

interface ThrottleInfo {
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { maximumAvailable?: number } } };
}

/** Writes every customer's changes in as few requests as the cost limits allow. */
export async function writeCustomers(request: AdminGraphqlRequest, items: readonly CustomerWrites[], options: WriterOptions & { maxCost?: number } = {}): Promise<BatchResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWaits = options.maxThrottleWaits ?? 5;
  const outcomes = new Map<string, WriteOutcome>();
  let requests = 0;
  let throttled = 0;
  let limit = Math.min(options.maxCost ?? SINGLE_REQUEST_MAX_COST, SINGLE_REQUEST_MAX_COST);
  const queue = items
    .map((item, index) => ({ customerId: item.customerId, parts: customerParts(index, item.customerId, item.writes) }))
    .filter((group) => {
      if (group.parts.length > 0) return true;
      outcomes.set(group.customerId, { ok: true, updatedAt: null, stored: null, requests: 0, throttled: 0 });
      return false;
    });
  let waits = 0;
  while (queue.length > 0) {
    const chunk: typeof queue = [];
    let cost = 0;
    // At least one customer per request (4 fields at most: 40 points, within every bucket Shopify has).
    while (queue.length > 0 && (chunk.length === 0 || cost + queue[0].parts.length * MUTATION_COST <= limit)) {
      const next = queue.shift() as (typeof queue)[number];
      cost += next.parts.length * MUTATION_COST;
      chunk.push(next);
    }
    const document = batchDocument(chunk);
    requests += 1;
    try {
      const answer = await request(document.query, { variables: document.variables });
      waits = 0;
      const data = (answer.data ?? {}) as Record<string, PayloadAnswer | null>;
      for (const group of chunk) outcomes.set(group.customerId, readGroup(group.parts, data));
    } catch (error) {
      const wait = throttleWaitMs(error);
      if (wait === null) {
        const message = error instanceof Error ? error.message : String(error);
        for (const group of chunk) outcomes.set(group.customerId, { ok: false, kind: "failed", message, requests: 1, throttled: 0 });
        continue;
      }
      throttled += 1;
      // A request larger than the bucket itself can never run: shrink the requests to what the bucket holds.
      const maximum = (error as { body?: ThrottleInfo }).body?.extensions?.cost?.throttleStatus?.maximumAvailable;
      const shrunk = typeof maximum === "number" && maximum < cost;
      if (shrunk) limit = Math.max(MUTATION_COST, Math.floor(maximum));
      waits = shrunk ? waits : waits + 1;
      if (waits > maxWaits) {
        for (const group of chunk) outcomes.set(group.customerId, { ok: false, kind: "throttled", message: `Shopify kept answering THROTTLED after ${maxWaits} waits.`, requests: 1, throttled: waits });
        waits = 0;
        continue;
      }
      queue.unshift(...chunk);
      await sleep(shrunk ? Math.min(wait, 1000) : wait);
    }
  }
  return { outcomes, requests, throttled };
}

function readGroup(parts: readonly Part[], data: Record<string, PayloadAnswer | null>): WriteOutcome {
  const problems: string[] = [];
  let updatedAt: Date | null = null;
  let stored: Record<string, unknown> | null = null;
  for (const part of parts) {
    const payload = data[part.alias];
    const name = MUTATION_NAMES[part.alias.replace(/^c\d+_/, "")] ?? part.alias;
    for (const error of payload?.userErrors ?? []) problems.push(`${name}: ${error.field?.length ? `${error.field.join(".")}: ` : ""}${error.message}`);
    const stamp = payload?.customer?.updatedAt ?? payload?.node?.updatedAt;
    if (stamp && (updatedAt === null || new Date(stamp) > updatedAt)) updatedAt = new Date(stamp);
    if (part.alias.endsWith("_update")) stored = payload?.customer ?? null;
  }
  if (problems.length > 0) return { ok: false, kind: "rejected", message: `Shopify refused the change — ${problems.join("; ")}`, requests: 1, throttled: 0 };
  return { ok: true, updatedAt, stored, requests: 1, throttled: 0 };
}
