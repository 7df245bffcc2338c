// The writer's shared shapes and Shopify's throttle arithmetic (the batched writer is batch-writer.server.ts).
// Every mutation sets values or adds/removes named tags, so repeating a request after a failure is
// harmless (idempotent). A THROTTLED answer waits for the bucket to refill the requested cost, then asks again.

/** Shopify's own client with the shop's offline session: `GraphqlClient.request` (throws GraphqlQueryError on errors). */
export type AdminGraphqlRequest = (query: string, options: { variables: Record<string, unknown> }) => Promise<{ data?: unknown; extensions?: unknown }>;

export type WriteOutcome =
  | { ok: true; updatedAt: Date | null; stored: Record<string, unknown> | null; requests: number; throttled: number }
  | { ok: false; kind: "rejected" | "throttled" | "failed"; message: string; requests: number; throttled: number };

export interface WriterOptions {
  maxThrottleWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}

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
