import { Prisma, type PrismaClient } from "@prisma/client";
import type { Connection } from "jsforce";
import { toSObjectDescribe, type SObjectDescribe } from "../../sync/sobject-describe";

// Describes cost one API call per object and change only when an admin edits the org, so they are cached
// per connection (SalesforceConnection.describeCache) and refreshed on demand (setup check, "Refresh").
// Only the attributes the setup check and the sync pre-flight read are kept: a raw describe is ~100 KB.

export interface CachedObject {
  name: string;
  label: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  fields: Array<Record<string, unknown>>;
}

export interface DescribeCache {
  /** Objects the org has (and the user can see), by API name; absent = not in the org. */
  objects: Record<string, CachedObject>;
  /** Every object name in the org's describeGlobal, to tell "missing" from "not fetched". */
  checked: string[];
}

const FIELD_KEYS = [
  "name", "label", "type", "length", "nillable", "createable", "updateable", "defaultedOnCreate", "externalId", "unique",
  "caseSensitive", "idLookup", "restrictedPicklist", "picklistValues", "referenceTo", "relationshipName", "custom", "calculated",
] as const;

function trimObject(raw: Record<string, unknown>): CachedObject {
  const fields = (raw.fields as Array<Record<string, unknown>>).map((field) => {
    const kept: Record<string, unknown> = {};
    for (const key of FIELD_KEYS) if (key in field) kept[key] = key === "picklistValues" ? trimPicklist(field[key]) : field[key];
    return kept;
  });
  return {
    name: String(raw.name),
    label: String(raw.label),
    custom: Boolean(raw.custom),
    createable: Boolean(raw.createable),
    updateable: Boolean(raw.updateable),
    fields,
  };
}

function trimPicklist(values: unknown): unknown {
  return Array.isArray(values) ? values.map((v: { value: unknown; active: unknown }) => ({ value: v.value, active: v.active })) : values;
}

/** Fetches describeGlobal plus the describes of `objects` that exist, and stores them on the connection. */
export async function refreshDescribeCache(prisma: PrismaClient, shop: string, conn: Connection, objects: readonly string[], at: Date): Promise<DescribeCache> {
  const global = await conn.describeGlobal();
  const present = new Map(global.sobjects.map((s) => [s.name.toLowerCase(), s.name]));
  const wanted = objects.map((o) => present.get(o.toLowerCase())).filter((name): name is string => name !== undefined);
  const described = await Promise.all(wanted.map((name) => conn.describe(name)));
  const cache: DescribeCache = {
    objects: Object.fromEntries(described.map((d) => [d.name, trimObject(d as unknown as Record<string, unknown>)])),
    checked: [...objects],
  };
  await prisma.salesforceConnection.update({
    where: { shop },
    data: { describeCache: cache as unknown as Prisma.InputJsonValue, describeCachedAt: at },
  });
  return cache;
}

export function readDescribeCache(value: Prisma.JsonValue | null): DescribeCache | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value) || !("objects" in value)) return undefined;
  return value as unknown as DescribeCache;
}

/** The cached describes in the sync core's shape (app/sync/sobject-describe.ts). */
export function cachedDescribes(cache: DescribeCache | undefined): Record<string, SObjectDescribe> {
  const out: Record<string, SObjectDescribe> = {};
  for (const [name, raw] of Object.entries(cache?.objects ?? {})) {
    const parsed = toSObjectDescribe(raw);
    if (parsed.ok) out[name] = parsed.value;
  }
  return out;
}
