import { Prisma, type PrismaClient } from "@prisma/client";
import { isMultiCurrencyOrg } from "../../sync/currency";
import { defaultMappingInput, type DefaultMappingOptions } from "../../sync/default-mappings";
import type { SObjectDescribe } from "../../sync/sobject-describe";
import { SYNC_RESOURCES, type SyncResource } from "../../sync/sync-resource";

// MappingSet rows of one shop: the active version (or the built-in default, "version 0", which is what
// the sync engine uses until a merchant saves one), the history, and saving a new version.

export interface MappingVersionView {
  version: number;
  isActive: boolean;
  createdAt: string;
  createdBy: string | null;
}

export interface ActiveMapping {
  /** 0 = the built-in default (nothing saved yet). */
  version: number;
  document: unknown;
  savedAt: string | null;
}

/**
 * The defaults the engine would use for this org (person accounts when the Account describe has them,
 * CurrencyIsoCode in multi-currency orgs). The money currency setting is not applied here: shop money.
 */
export function defaultOptionsFor(describes: Readonly<Record<string, SObjectDescribe>>): DefaultMappingOptions {
  return { personAccounts: describes.Account?.fields.some((field) => field.name === "IsPersonAccount") ?? false, multiCurrency: isMultiCurrencyOrg(describes) };
}

export function createMappingStore(prisma: PrismaClient) {
  async function active(shop: string, resource: SyncResource, defaults: DefaultMappingOptions): Promise<ActiveMapping> {
    // Same choice as the engine (sync-store.server.ts): the newest active version.
    const row = await prisma.mappingSet.findFirst({
      where: { shop, resource, isActive: true },
      orderBy: { version: "desc" },
      select: { version: true, document: true, createdAt: true },
    });
    if (row) return { version: row.version, document: row.document, savedAt: row.createdAt.toISOString() };
    return { version: 0, document: defaultMappingInput(resource, defaults), savedAt: null };
  }

  return {
    active,

    async summaries(shop: string): Promise<Record<SyncResource, { version: number; savedAt: string | null; versions: number }>> {
      const rows = await prisma.mappingSet.groupBy({ by: ["resource"], where: { shop }, _count: { _all: true } });
      const actives = await prisma.mappingSet.findMany({
        where: { shop, isActive: true },
        orderBy: { version: "desc" },
        select: { resource: true, version: true, createdAt: true },
      });
      const out = {} as Record<SyncResource, { version: number; savedAt: string | null; versions: number }>;
      for (const resource of SYNC_RESOURCES) {
        const current = actives.find((row) => row.resource === resource);
        out[resource] = {
          version: current?.version ?? 0,
          savedAt: current?.createdAt.toISOString() ?? null,
          versions: rows.find((row) => row.resource === resource)?._count._all ?? 0,
        };
      }
      return out;
    },

    async versions(shop: string, resource: SyncResource, limit = 20): Promise<MappingVersionView[]> {
      const rows = await prisma.mappingSet.findMany({
        where: { shop, resource },
        orderBy: { version: "desc" },
        take: limit,
        select: { version: true, isActive: true, createdAt: true, createdBy: true },
      });
      return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
    },

    async document(shop: string, resource: SyncResource, version: number): Promise<unknown | null> {
      const row = await prisma.mappingSet.findUnique({ where: { shop_resource_version: { shop, resource, version } }, select: { document: true } });
      return row?.document ?? null;
    },

    /**
     * Inserts the next version as the only active one, in one transaction. Two concurrent saves cannot
     * both win: the second hits the (shop, resource, version) unique key and is reported, not merged.
     */
    async save(shop: string, resource: SyncResource, document: unknown, createdBy: string | null): Promise<{ ok: true; version: number } | { ok: false; message: string }> {
      try {
        const version = await prisma.$transaction(async (tx) => {
          const last = await tx.mappingSet.findFirst({ where: { shop, resource }, orderBy: { version: "desc" }, select: { version: true } });
          const next = (last?.version ?? 0) + 1;
          await tx.mappingSet.updateMany({ where: { shop, resource, isActive: true }, data: { isActive: false } });
          await tx.mappingSet.create({ data: { shop, resource, version: next, document: document as Prisma.InputJsonValue, isActive: true, createdBy } });
          return next;
        });
        return { ok: true, version };
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          return { ok: false, message: "Someone else saved this mapping at the same moment. Reload the page to see their version." };
        }
        throw error;
      }
    },
  };
}

export type MappingStore = ReturnType<typeof createMappingStore>;
