import type { Prisma, PrismaClient } from "@prisma/client";
import type { DocumentIssue } from "../../sync/issue-path";
import { parseMappingDocument } from "../../sync/parse-mapping-document";
import type { SObjectDescribe } from "../../sync/sobject-describe";
import { isSyncResource, SYNC_RESOURCES, type SyncResource } from "../../sync/sync-resource";
import type { Violation } from "../../sync/violation";
import { dryRun } from "./dry-run.server";
import { createMappingStore, defaultOptionsFor } from "./mapping-store.server";
import { loadPayload, recentEventInfo, type PayloadSource, type RecentEventInfo } from "./payload-source.server";
import type { RuleFormInput, RuleRowInput } from "./rule-form";
import { ruleRowFromForm } from "./rule-input";

export interface RuleView extends RuleRowInput {
  id: string;
  updatedAt: string;
}

export type RuleSaveOutcome = { ok: true; id: string } | { ok: false; issues: DocumentIssue[] };
export type RuleTestOutcome =
  | { ok: true; payloadLabel: string; violations: Violation[]; passed: boolean }
  | { ok: false; issues: DocumentIssue[] };

const SELECT = { id: true, resource: true, field: true, expression: true, kind: true, params: true, action: true, message: true, enabled: true, updatedAt: true } as const;
type RuleRow = Prisma.ValidationRuleGetPayload<{ select: typeof SELECT }>;
const toView = (row: RuleRow): RuleView => ({ ...row, updatedAt: row.updatedAt.toISOString() });
const data = (row: RuleRowInput) => ({ ...row, params: row.params as Prisma.InputJsonValue });

export function createRulesAdmin(deps: { prisma: PrismaClient; salesforce: { describes(shop: string): Promise<Record<string, SObjectDescribe>> }; mappingContext(shop: string): Promise<Record<string, string>> }) {
  const { prisma } = deps;
  const mappings = createMappingStore(prisma);

  /** null when the id is not one of this shop's rules. */
  async function get(shop: string, id: string): Promise<RuleView | null> {
    const row = await prisma.validationRule.findFirst({ where: { id, shop }, select: SELECT });
    return row ? toView(row) : null;
  }

  return {
    get,

    async list(shop: string): Promise<RuleView[]> {
      const rows = await prisma.validationRule.findMany({ where: { shop }, orderBy: [{ resource: "asc" }, { createdAt: "asc" }], select: SELECT });
      return rows.map(toView);
    },

    /** The latest real event per resource, for "test on the most recent payload". */
    async recentEvents(shop: string): Promise<Record<SyncResource, RecentEventInfo | null>> {
      const found = await Promise.all(SYNC_RESOURCES.map((resource) => recentEventInfo(prisma, shop, resource)));
      return Object.fromEntries(SYNC_RESOURCES.map((resource, i) => [resource, found[i]])) as Record<SyncResource, RecentEventInfo | null>;
    },

    async create(shop: string, input: RuleFormInput): Promise<RuleSaveOutcome> {
      const built = ruleRowFromForm(input);
      if (!built.ok) return built;
      const row = await prisma.validationRule.create({ data: { shop, ...data(built.row) }, select: { id: true } });
      return { ok: true, id: row.id };
    },

    async update(shop: string, id: string, input: RuleFormInput): Promise<RuleSaveOutcome | null> {
      const built = ruleRowFromForm(input);
      if (!built.ok) return (await get(shop, id)) ? built : null;
      const updated = await prisma.validationRule.updateMany({ where: { id, shop }, data: data(built.row) });
      return updated.count === 1 ? { ok: true, id } : null;
    },

    async setEnabled(shop: string, id: string, enabled: boolean): Promise<boolean> {
      return (await prisma.validationRule.updateMany({ where: { id, shop }, data: { enabled } })).count === 1;
    },

    async remove(shop: string, id: string): Promise<boolean> {
      return (await prisma.validationRule.deleteMany({ where: { id, shop } })).count === 1;
    },

    /** Runs only this rule (saved or not) on a payload mapped with the shop's active mapping. */
    async test(shop: string, input: RuleFormInput, source: PayloadSource): Promise<RuleTestOutcome> {
      const built = ruleRowFromForm(input);
      if (!built.ok) return built;
      const resource = built.row.resource;
      if (!isSyncResource(resource)) return { ok: false, issues: [{ path: "resource", message: "must be customer, order or refund" }] };
      const describes = await deps.salesforce.describes(shop);
      const active = await mappings.active(shop, resource, defaultOptionsFor(describes));
      const document = parseMappingDocument(active.document);
      if (!document.ok) return { ok: false, issues: [{ path: "(mapping)", message: `The active ${resource} mapping is invalid; fix it first.` }] };
      const choice = await loadPayload(prisma, shop, resource, source);
      if (!choice) return { ok: false, issues: [{ path: "(payload)", message: `This shop has no ${resource} event yet: test with the sample payload.` }] };
      const result = await dryRun(prisma, {
        shop,
        resource,
        document: document.value,
        rules: [built.rule],
        payload: choice.payload,
        describes,
        context: await deps.mappingContext(shop).catch(() => ({})),
      });
      // Only what this rule says: describe and mapping findings belong to the mapping preview.
      const violations = result.violations.filter((violation) => violation.ruleId === built.rule.id);
      return { ok: true, payloadLabel: choice.label, violations, passed: violations.length === 0 };
    },
  };
}

export type RulesAdmin = ReturnType<typeof createRulesAdmin>;
