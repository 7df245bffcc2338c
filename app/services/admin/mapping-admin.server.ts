import type { PrismaClient } from "@prisma/client";
import type { DocumentIssue } from "../../sync/issue-path";
import { mappingDocumentSchema, type MappingDocument } from "../../sync/mapping-schema";
import { parseMappingDocument } from "../../sync/parse-mapping-document";
import type { SObjectDescribe } from "../../sync/sobject-describe";
import { SYNC_RESOURCES, type SyncResource } from "../../sync/sync-resource";
import { parseShopRules } from "../../sync/validation-rule";
import { defaultMappingInput } from "../../sync/default-mappings";
import type { ConnectionStatusView } from "../salesforce/connection-status.server";
import { grantedScopes, scopeIssues } from "../reverse-sync/granted-scopes.server";
import { reversePreview, type ReversePreviewView, type SalesforceRecordLookup } from "../reverse-sync/reverse-preview.server";
import { checkAgainstDescribes, fieldOptions } from "./describe-fields";
import type { FieldOptionsByObject } from "./field-options";
import { dryRun, type DryRunResult } from "./dry-run.server";
import { createMappingStore, defaultOptionsFor, type MappingVersionView } from "./mapping-store.server";
import { loadPayload, recentEventInfo, type PayloadSource, type RecentEventInfo } from "./payload-source.server";

export interface MappingAdminDeps {
  prisma: PrismaClient;
  salesforce: {
    describes(shop: string): Promise<Record<string, SObjectDescribe>>;
    status(shop: string): Promise<ConnectionStatusView>;
  };
  /** $context values the worker would use (standard price book id); may fail when Salesforce is unreachable. */
  mappingContext(shop: string): Promise<Record<string, string>>;
  /** The live Salesforce record for the Salesforce → Shopify preview (optional: without it, the forward body stands in). */
  salesforceRecord?: SalesforceRecordLookup;
}

export interface MappingSummary {
  resource: SyncResource;
  version: number;
  savedAt: string | null;
  versions: number;
  objects: string[];
}

export interface MappingEditorView {
  resource: SyncResource;
  version: number;
  savedAt: string | null;
  /** The active document as JSON text (what the editor edits). */
  documentText: string;
  versions: MappingVersionView[];
  /** null when no describe is cached: the field picker falls back to free text. */
  fields: FieldOptionsByObject | null;
  describedAt: string | null;
  recent: RecentEventInfo | null;
  /** Why the active mapping's two-way rows cannot write to Shopify (missing access scopes); null when they can. */
  scopeNotice: string | null;
}

export type SaveOutcome = { ok: true; version: number } | { ok: false; issues: DocumentIssue[] };
export type PreviewOutcome = { ok: true; payloadLabel: string; result: DryRunResult; notes: string[]; reverse: ReversePreviewView | null } | { ok: false; issues: DocumentIssue[] };

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function createMappingAdmin(deps: MappingAdminDeps) {
  const { prisma, salesforce } = deps;
  const store = createMappingStore(prisma);

  async function describesOf(shop: string) {
    const [describes, status] = await Promise.all([salesforce.describes(shop), salesforce.status(shop)]);
    return { describes, describedAt: status.health?.describeCachedAt ?? null };
  }

  /** JSON text → a valid document for this page, with every problem by path (shape, JSONata, the org's fields). */
  async function parseForShop(shop: string, resource: SyncResource, text: string): Promise<{ ok: true; document: MappingDocument } | { ok: false; issues: DocumentIssue[] }> {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      return { ok: false, issues: [{ path: "(document)", message: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
    const parsed = parseMappingDocument(input);
    // A document of the right shape is also checked against the org when its cross-checks fail (a bad
    // expression), so the merchant sees every problem at once rather than one save at a time.
    const shaped = parsed.ok ? parsed.value : mappingDocumentSchema.safeParse(input).data;
    if (!shaped) return { ok: false, issues: parsed.ok ? [] : parsed.error };
    if (shaped.resource !== resource) return { ok: false, issues: [{ path: "resource", message: `must be "${resource}" on this page` }] };
    const { describes, describedAt } = await describesOf(shop);
    const issues = [...(parsed.ok ? [] : parsed.error), ...checkAgainstDescribes(shaped, describes, describedAt)];
    return parsed.ok && issues.length === 0 ? { ok: true, document: parsed.value } : { ok: false, issues };
  }

  return {
    async list(shop: string): Promise<MappingSummary[]> {
      const [summaries, describes] = await Promise.all([store.summaries(shop), salesforce.describes(shop)]);
      const defaults = defaultOptionsFor(describes);
      return Promise.all(
        SYNC_RESOURCES.map(async (resource) => {
          const active = summaries[resource].version > 0 ? await store.active(shop, resource, defaults) : { document: defaultMappingInput(resource, defaults) };
          const targets = (active.document as { targets?: Array<{ object?: unknown }> }).targets ?? [];
          return { resource, ...summaries[resource], objects: [...new Set(targets.map((target) => String(target.object)))] };
        }),
      );
    },

    async editor(shop: string, resource: SyncResource): Promise<MappingEditorView> {
      const { describes, describedAt } = await describesOf(shop);
      const [active, versions, recent] = await Promise.all([
        store.active(shop, resource, defaultOptionsFor(describes)),
        store.versions(shop, resource),
        recentEventInfo(prisma, shop, resource),
      ]);
      const fields = Object.keys(describes).length > 0 ? fieldOptions(describes) : null;
      const parsedActive = parseMappingDocument(active.document);
      const scopeNotice = parsedActive.ok ? (scopeIssues(parsedActive.value, await grantedScopes(prisma, shop))[0]?.message ?? null) : null;
      return { resource, version: active.version, savedAt: active.savedAt, documentText: pretty(active.document), versions, fields, describedAt, recent, scopeNotice };
    },

    /** Nothing is written unless the whole document is valid. */
    async save(shop: string, resource: SyncResource, text: string, createdBy: string | null): Promise<SaveOutcome> {
      const parsed = await parseForShop(shop, resource, text);
      if (!parsed.ok) return parsed;
      // Rows that write to Shopify are refused while the shop has not granted the write scope they need.
      const missing = scopeIssues(parsed.document, await grantedScopes(prisma, shop));
      if (missing.length > 0) return { ok: false, issues: missing };
      // Store what the merchant wrote (defaults stay implicit), not the parsed form.
      const saved = await store.save(shop, resource, JSON.parse(text), createdBy);
      return saved.ok ? saved : { ok: false, issues: [{ path: "(document)", message: saved.message }] };
    },

    async resetToDefaults(shop: string, resource: SyncResource, createdBy: string | null): Promise<SaveOutcome> {
      const describes = await salesforce.describes(shop);
      const saved = await store.save(shop, resource, defaultMappingInput(resource, defaultOptionsFor(describes)), createdBy);
      return saved.ok ? saved : { ok: false, issues: [{ path: "(document)", message: saved.message }] };
    },

    /** A new version with an old version's document; null when the version is not this shop's. */
    async restore(shop: string, resource: SyncResource, version: number, createdBy: string | null): Promise<SaveOutcome | null> {
      const document = await store.document(shop, resource, version);
      if (document === null) return null;
      const saved = await store.save(shop, resource, document, createdBy);
      return saved.ok ? saved : { ok: false, issues: [{ path: "(document)", message: saved.message }] };
    },

    async preview(shop: string, resource: SyncResource, text: string, source: PayloadSource): Promise<PreviewOutcome> {
      const parsed = await parseForShop(shop, resource, text);
      if (!parsed.ok) return parsed;
      const choice = await loadPayload(prisma, shop, resource, source);
      if (!choice) return { ok: false, issues: [{ path: "(payload)", message: `This shop has no ${resource} event yet: preview with the sample payload.` }] };
      const notes: string[] = [];
      const context = await deps.mappingContext(shop).catch(() => {
        notes.push("Salesforce could not be reached for the standard price book id, so fields that use it are shown empty.");
        return {};
      });
      const [describes, rules] = await Promise.all([
        salesforce.describes(shop),
        prisma.validationRule.findMany({ where: { shop, resource, enabled: true }, orderBy: { createdAt: "asc" } }),
      ]);
      if (Object.keys(describes).length === 0) notes.push("No describe of your org is cached yet, so Salesforce's own field checks are skipped. Run the setup check on the connection page.");
      const shopRules = parseShopRules(rules);
      const result = await dryRun(prisma, {
        shop,
        resource,
        document: parsed.document,
        rules: shopRules.byResource.get(resource) ?? [],
        ruleWarnings: shopRules.warnings.get(resource) ?? [],
        payload: choice.payload,
        describes,
        context,
      });
      // Both directions: what the next poll would write back to this customer in Shopify.
      const reverse = await reversePreview(prisma, { shop, document: parsed.document, payload: choice.payload, forwardBodies: result.records, lookup: deps.salesforceRecord });
      return { ok: true, payloadLabel: choice.label, result, notes, reverse };
    },
  };
}

export type MappingAdmin = ReturnType<typeof createMappingAdmin>;
