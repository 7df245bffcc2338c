import type { ShopifyWrite } from "../../sync/reverse/reconcile";

// Writes one customer's Salesforce changes to Shopify in one Admin GraphQL request (aliased mutations:
// customerUpdate, tagsAdd, tagsRemove, metafieldsSet; 10 cost points each). Every mutation sets values
// or adds/removes named tags, so repeating a request after a failure is harmless (idempotent).
// A THROTTLED answer waits for the bucket to refill the requested cost, then asks again.

/** Shopify's own client with the shop's offline session: `GraphqlClient.request` (throws GraphqlQueryError on errors). */
export type AdminGraphqlRequest = (query: string, options: { variables: Record<string, unknown> }) => Promise<{ data?: unknown; extensions?: unknown }>;

export type WriteOutcome =
  | { ok: true; updatedAt: Date | null; stored: Record<string, unknown> | null; requests: number; throttled: number }
  | { ok: false; kind: "rejected" | "throttled" | "failed"; message: string; requests: number; throttled: number };

export interface WriterOptions {
  maxThrottleWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface UserError {
  field?: string[] | null;
  message: string;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function customerWriteDocument(customerId: string, writes: readonly ShopifyWrite[]): { query: string; variables: Record<string, unknown> } | null {
  const input: Record<string, unknown> = {};
  const add: string[] = [];
  const remove: string[] = [];
  const metafields: Array<Record<string, unknown>> = [];
  for (const write of writes) {
    if (write.kind === "customer-field") input[write.field] = write.value;
    else if (write.kind === "tags-add") add.push(...write.tags);
    else if (write.kind === "tags-remove") remove.push(...write.tags);
    else metafields.push({ ownerId: customerId, namespace: write.namespace, key: write.key, type: write.type, value: write.value });
  }
  const declarations: string[] = [];
  const parts: string[] = [];
  const variables: Record<string, unknown> = {};
  if (Object.keys(input).length > 0) {
    declarations.push("$input: CustomerInput!");
    parts.push("update: customerUpdate(input: $input) { customer { updatedAt firstName lastName phone note } userErrors { field message } }");
    variables.input = { id: customerId, ...input };
  }
  if (add.length > 0 || remove.length > 0) declarations.push("$id: ID!");
  if (add.length > 0) {
    declarations.push("$add: [String!]!");
    parts.push("add: tagsAdd(id: $id, tags: $add) { node { ... on Customer { updatedAt } } userErrors { field message } }");
    variables.add = add;
  }
  if (remove.length > 0) {
    declarations.push("$remove: [String!]!");
    parts.push("remove: tagsRemove(id: $id, tags: $remove) { node { ... on Customer { updatedAt } } userErrors { field message } }");
    variables.remove = remove;
  }
  if (add.length > 0 || remove.length > 0) variables.id = customerId;
  if (metafields.length > 0) {
    declarations.push("$metafields: [MetafieldsSetInput!]!");
    parts.push("metafields: metafieldsSet(metafields: $metafields) { metafields { key } userErrors { field message code } }");
    variables.metafields = metafields;
  }
  if (parts.length === 0) return null;
  return { query: `mutation SalesforceToShopify(${declarations.join(", ")}) {\n  ${parts.join("\n  ")}\n}`, variables };
}

export async function writeCustomer(request: AdminGraphqlRequest, customerId: string, writes: readonly ShopifyWrite[], options: WriterOptions = {}): Promise<WriteOutcome> {
  const document = customerWriteDocument(customerId, writes);
  if (!document) return { ok: true, updatedAt: null, stored: null, requests: 0, throttled: 0 };
  const sleep = options.sleep ?? sleepFor;
  const maxWaits = options.maxThrottleWaits ?? 5;
  let requests = 0;
  let throttled = 0;
  for (;;) {
    requests += 1;
    try {
      const answer = await request(document.query, { variables: document.variables });
      return readAnswer(answer.data as Record<string, PayloadAnswer | null> | undefined, requests, throttled);
    } catch (error) {
      const wait = throttleWaitMs(error);
      if (wait === null) return { ok: false, kind: "failed", message: errorMessage(error), requests, throttled };
      throttled += 1;
      if (throttled > maxWaits) return { ok: false, kind: "throttled", message: `Shopify kept answering THROTTLED after ${maxWaits} waits.`, requests, throttled };
      await sleep(wait);
    }
  }
}

interface PayloadAnswer {
  userErrors?: UserError[];
  customer?: ({ updatedAt?: string } & Record<string, unknown>) | null;
  node?: { updatedAt?: string } | null;
}

function readAnswer(data: Record<string, PayloadAnswer | null> | undefined, requests: number, throttled: number): WriteOutcome {
  const problems: string[] = [];
  let updatedAt: Date | null = null;
  for (const [alias, payload] of Object.entries(data ?? {})) {
    for (const error of payload?.userErrors ?? []) problems.push(`${MUTATION_NAMES[alias] ?? alias}: ${error.field?.length ? `${error.field.join(".")}: ` : ""}${error.message}`);
    const stamp = payload?.customer?.updatedAt ?? payload?.node?.updatedAt;
    if (stamp && (updatedAt === null || new Date(stamp) > updatedAt)) updatedAt = new Date(stamp);
  }
  if (problems.length > 0) return { ok: false, kind: "rejected", message: `Shopify refused the change — ${problems.join("; ")}`, requests, throttled };
  return { ok: true, updatedAt, stored: data?.update?.customer ?? null, requests, throttled };
}

const MUTATION_NAMES: Record<string, string> = { update: "customerUpdate", add: "tagsAdd", remove: "tagsRemove", metafields: "metafieldsSet" };

interface ThrottleBody {
  errors?: { graphQLErrors?: Array<{ extensions?: { code?: string } }> };
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable?: number; restoreRate?: number } } };
}

/** How long to wait before a THROTTLED request can succeed (null: not a throttle). */
export function throttleWaitMs(error: unknown): number | null {
  const body = (error as { body?: ThrottleBody } | null)?.body;
  const throttledError = body?.errors?.graphQLErrors?.some((entry) => entry.extensions?.code === "THROTTLED");
  if (!throttledError) return null;
  const cost = body?.extensions?.cost;
  const restore = cost?.throttleStatus?.restoreRate ?? 50;
  const missing = Math.max(0, (cost?.requestedQueryCost ?? 10) - (cost?.throttleStatus?.currentlyAvailable ?? 0));
  return Math.ceil((missing / Math.max(1, restore)) * 1000) + 50;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
