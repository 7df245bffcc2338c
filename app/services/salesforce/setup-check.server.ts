import type { Prisma, PrismaClient } from "@prisma/client";
import type { Connection } from "jsforce";
import type { Logger } from "../logging/logger.server";
import { evaluateBudget, type ApiUsage } from "./api-budget.server";
import { readDescribeCache, refreshDescribeCache, type CachedObject, type DescribeCache } from "./describe-cache.server";
import { toSalesforceConnectionError } from "./errors.server";
import {
  REQUIRED_FIELDS,
  REQUIRED_OBJECTS,
  createFieldSteps,
  createObjectSteps,
  fieldAccessSteps,
  fixExternalIdSteps,
  objectAccessSteps,
  type FieldRequirement,
  type OrderModel,
} from "./setup-requirements.server";

// Health (can we reach the org, as whom, how much API budget is left) and setup (do the objects and
// fields our mappings write exist, are the external ids really external ids, may our user write them).

export type SetupProblem =
  | "object-missing"
  | "object-not-writable"
  | "field-missing"
  | "not-external-id"
  | "not-unique"
  | "field-not-writable";

export interface SetupIssue {
  severity: "error" | "warning";
  problem: SetupProblem;
  object: string;
  field?: string;
  usedFor: string;
  message: string;
  steps: string[];
}

export interface HealthReport {
  checkedAt: string;
  reachable: boolean;
  error?: string;
  username?: string | null;
  orgId?: string | null;
  apiUsage?: { used: number; limit: number; remaining: number; reserve: number; reservePercent: number; belowReserve: boolean };
  describeCachedAt?: string;
  issues: SetupIssue[];
  /** No error-severity issue: sync can write everything the default mappings need. */
  ready: boolean;
}

export interface SetupCheckOptions {
  /** Re-read describes from Salesforce instead of the cache. */
  refreshDescribe?: boolean;
  /** Which order objects to require; "both" downgrades the unused model's gaps to warnings. */
  orderModel?: OrderModel | "both";
}

export function createSetupCheck(deps: {
  prisma: PrismaClient;
  connectionFor: (shop: string) => Promise<Connection>;
  recordApiUsage: (shop: string, usage: ApiUsage) => Promise<unknown>;
  logger: Logger;
  clock?: () => Date;
}) {
  const { prisma, logger } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function store(shop: string, report: HealthReport): Promise<HealthReport> {
    await prisma.salesforceConnection.updateMany({
      where: { shop },
      data: { healthReport: report as unknown as Prisma.InputJsonValue, lastHealthCheckAt: new Date(report.checkedAt) },
    });
    return report;
  }

  return {
    async run(shop: string, options: SetupCheckOptions = {}): Promise<HealthReport> {
      const now = clock();
      const row = await prisma.salesforceConnection.findUnique({ where: { shop } });
      const base = { checkedAt: now.toISOString(), username: row?.username, orgId: row?.orgId };
      try {
        const conn = await deps.connectionFor(shop);
        // /limits proves the API answers with our token (refreshing it if needed) and gives the budget.
        const limits = (await conn.limits()) as unknown as { DailyApiRequests?: { Max: number; Remaining: number } };
        const daily = limits.DailyApiRequests;
        const usage = daily ? { used: daily.Max - daily.Remaining, limit: daily.Max } : undefined;
        if (usage) await deps.recordApiUsage(shop, usage);
        let cache = options.refreshDescribe ? undefined : readDescribeCache(row?.describeCache ?? null);
        let cachedAt = row?.describeCachedAt ?? undefined;
        if (!cache || REQUIRED_OBJECTS.some((o) => !cache!.checked.includes(o))) {
          cache = await refreshDescribeCache(prisma, shop, conn, REQUIRED_OBJECTS, now);
          cachedAt = now;
        }
        const issues = evaluateSetup(cache, row?.username ?? "the integration user", options.orderModel ?? "both");
        const reservePercent = row?.apiReservePercent ?? 20;
        return await store(shop, {
          ...base,
          reachable: true,
          apiUsage: usage && { ...evaluateBudget(usage, reservePercent), reservePercent },
          describeCachedAt: cachedAt?.toISOString(),
          issues,
          ready: !issues.some((i) => i.severity === "error"),
        });
      } catch (error) {
        const known = toSalesforceConnectionError(error, shop);
        const message = known?.merchantMessage ?? `Salesforce did not answer: ${error instanceof Error ? error.message : String(error)}`;
        logger.warn({ shop, code: known?.code, err: { message: error instanceof Error ? error.message : String(error) } }, "salesforce health check failed");
        return await store(shop, { ...base, reachable: false, error: message, issues: [], ready: false });
      }
    },
  };
}

/** Pure: the issues of a cached describe against REQUIRED_FIELDS. */
export function evaluateSetup(cache: DescribeCache, username: string, orderModel: OrderModel | "both"): SetupIssue[] {
  const lookup = new Map(Object.values(cache.objects).map((o) => [o.name.toLowerCase(), o]));
  const requirements = REQUIRED_FIELDS.filter((r) => orderModel === "both" || !r.orderModel || r.orderModel === orderModel);
  const issues: Array<SetupIssue & { model?: OrderModel }> = [];
  const add = (r: Pick<FieldRequirement, "object" | "usedFor" | "orderModel">, issue: Omit<SetupIssue, "object" | "usedFor" | "severity">, severity: SetupIssue["severity"] = "error") =>
    issues.push({ severity, object: r.object, usedFor: r.usedFor, model: r.orderModel, ...issue });

  for (const object of [...new Set(requirements.map((r) => r.object))]) {
    const fields = requirements.filter((r) => r.object === object);
    const described = lookup.get(object.toLowerCase());
    const first = fields[0];
    if (!described) {
      add(first, { problem: "object-missing", message: `${object} is not in your org (or not visible to ${username}).`, steps: createObjectSteps(object, username) });
      // A new custom object needs all its fields; for standard objects, enabling them comes first.
      if (object.endsWith("__c")) for (const r of fields) add(r, { problem: "field-missing", field: r.field, message: `${object}.${r.field} is missing.`, steps: createFieldSteps(r, username) });
      continue;
    }
    if (!described.createable || !described.updateable) {
      add(first, { problem: "object-not-writable", message: `${username} cannot create and edit ${object} records.`, steps: objectAccessSteps(object, username) });
    }
    for (const r of fields) checkField(described, r, username, add);
  }
  if (orderModel === "both") downgradeUnusedModel(issues);
  return issues.map(({ model: _model, ...issue }) => issue);
}

function checkField(
  described: CachedObject,
  r: FieldRequirement,
  username: string,
  add: (r: FieldRequirement, issue: Omit<SetupIssue, "object" | "usedFor" | "severity">, severity?: SetupIssue["severity"]) => void,
): void {
  const field = described.fields.find((f) => String(f.name).toLowerCase() === r.field.toLowerCase());
  const name = `${r.object}.${r.field}`;
  if (!field) {
    add(r, { problem: "field-missing", field: r.field, message: `${name} is missing (needed for ${r.usedFor}).`, steps: createFieldSteps(r, username) }, r.optional ? "warning" : "error");
    return;
  }
  if (r.kind === "external-id" && !(field.externalId || field.idLookup)) {
    add(r, { problem: "not-external-id", field: r.field, message: `${name} exists but is not an External ID, so records cannot be matched by it.`, steps: fixExternalIdSteps(r) });
  } else if (r.kind === "external-id" && !field.unique) {
    add(r, { problem: "not-unique", field: r.field, message: `${name} is not Unique: Salesforce would accept duplicates of one Shopify record.`, steps: fixExternalIdSteps(r) }, "warning");
  }
  if (!field.createable || !field.updateable) {
    add(r, { problem: "field-not-writable", field: r.field, message: `${username} cannot write ${name} (field-level security).`, steps: fieldAccessSteps(r, username) });
  }
}

/** With both order models allowed, a complete one is enough: the other's gaps only matter if chosen. */
function downgradeUnusedModel(issues: Array<SetupIssue & { model?: OrderModel }>): void {
  const broken = (model: OrderModel) => issues.some((i) => i.model === model && i.severity === "error");
  const unused: OrderModel | undefined = !broken("opportunity") && broken("order") ? "order" : broken("opportunity") && !broken("order") ? "opportunity" : undefined;
  if (!unused) return;
  for (const issue of issues) {
    if (issue.model !== unused) continue;
    issue.severity = "warning";
    issue.message += ` Only needed to sync orders as ${unused === "order" ? "Orders" : "Opportunities"}.`;
  }
}
