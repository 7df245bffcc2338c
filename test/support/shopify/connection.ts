import { GraphQLError } from "graphql";

// Relay connections as Shopify serves them: opaque base64 cursors, `first`/`after` forward and
// `last`/`before` backward, at most 250 nodes per page, and an error when neither first nor last is given.

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export const MAX_PAGE_SIZE = 250;

/** Where an item sits in the sort order: the sort value, then the id (ties). */
export interface SortKey {
  value: number | string;
  id: string;
}

// Keyset cursors like Shopify's ({"last_id":…,"last_value":…} in base64): a record updated between two
// page requests moves in an UPDATED_AT sort, and the next page continues after the last key seen.
const encode = (key: SortKey) => Buffer.from(JSON.stringify({ last_id: key.id, last_value: key.value })).toString("base64");
function decode(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "string" && (typeof parsed.last_value === "number" || typeof parsed.last_value === "string")) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

/**
 * One page of `items` (already filtered and sorted by keyOf, descending when `reverse`). `unbounded` is the bulk-operation mode: Shopify runs
 * a bulk query over every node and ignores page sizes.
 */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export function paginate<T>(items: T[], args: PageArgs, keyOf: (item: T) => SortKey, unbounded = false, reverse = false): Page<T> {
  const direction = reverse ? -1 : 1;
  let start = 0;
  let end = items.length;
  if (!unbounded) {
    if (args.first == null && args.last == null) {
      throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
    }
    for (const size of [args.first, args.last]) {
      if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
        throw new GraphQLError(`The value of the argument \`${size === args.first ? "first" : "last"}\` must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
      }
    }
    if (args.after) {
      const after = decode(args.after);
      start = items.findIndex((item) => direction * compareKeys(keyOf(item), after) > 0);
      if (start < 0) start = items.length;
    }
    if (args.before) {
      const before = decode(args.before);
      const index = items.findIndex((item) => direction * compareKeys(keyOf(item), before) >= 0);
      end = Math.min(end, index < 0 ? items.length : index);
    }
    if (args.first != null) end = Math.min(end, start + args.first);
    if (args.last != null) start = Math.max(start, end - args.last);
  }
  const slice = items.slice(start, end);
  const edges = slice.map((node) => ({ cursor: encode(keyOf(node)), node }));
  return {
    edges,
    nodes: slice,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
