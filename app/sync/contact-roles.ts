import { recordState, type PipelineResult } from "./assemble-changes";
import type { CompiledMapping } from "./compile-mapping";
import { classifyThrown } from "./errors";
import { isOverBudget } from "./execute-plan";
import type { BuyerContactRolePolicy } from "./mapping-schema";
import type { SalesforceSession, SaveResult, SyncRecordState } from "./ports";
import type { PreparedRecord } from "./prepare-event";
import type { Work } from "./shop-work";
import { makeViolation } from "./violation";

// The order's buyer as the primary OpportunityContactRole (mapping policy `buyerContactRole`).
//
// OpportunityContactRole has no external id field, so it cannot be upserted like the other records
// (Object Reference, "OpportunityContactRole"). Instead, once per Opportunity:
//   1. the role's Salesforce id is remembered in the order's SyncRecord (`contactRole`), so an order that
//      already has one costs nothing, however often it syncs;
//   2. for the batch's orders without one whose Opportunity existed before this batch, ONE query reads
//      the roles they already have (a crash between create and save, or sales adding the buyer by hand),
//      and the buyer's existing role is adopted instead of duplicated (an Opportunity created by this
//      batch has none, so new orders cost no query);
//   3. the missing roles are created in one sObject Collections call (≤200 a call).
// The role is primary unless sales already named another primary contact on the Opportunity.
// A role that cannot be written is a warning on the order; the order is retried for it the next time
// it syncs (its SyncRecord still has no role).

export const CONTACT_ROLE_KEY = "contactRole";
const CONTACT_ROLE_OBJECT = "OpportunityContactRole";
const MAX_RECORDS = 200;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export interface ContactRoleNeed {
  work: Work;
  opportunityId: string;
  contactId: string;
  role: string;
  /** The Opportunity was created by this batch: it has no roles yet, so there is nothing to look up. */
  created: boolean;
}

/** The Salesforce id of a prepared record after this batch: written now, known before, or adopted by Id. */
function idAfterBatch(result: PipelineResult, work: Work, prepared: PreparedRecord): string | null {
  const state = recordState(result, work, prepared);
  if (state?.state === "succeeded" && state.id !== "") return state.id;
  if (state !== undefined) return null;
  if (prepared.disposition !== "unchanged") return null;
  return prepared.knownId ?? (prepared.record.externalIdField === "Id" ? prepared.record.externalId : null);
}

export function planContactRoles(works: readonly Work[], mappingOf: ReadonlyMap<Work, CompiledMapping>, result: PipelineResult): ContactRoleNeed[] {
  const needs: ContactRoleNeed[] = [];
  for (const work of works) {
    const policy: BuyerContactRolePolicy | undefined = mappingOf.get(work)?.document.policies.buyerContactRole;
    if (!policy || work.resolution !== null || work.route.kind === "delete") continue;
    if (work.own?.salesforceIds[CONTACT_ROLE_KEY]) continue;
    const opportunity = work.prepared.find((prepared) => prepared.record.target === policy.opportunity);
    const contact = work.prepared.find((prepared) => prepared.record.target === policy.contact);
    if (!opportunity || !contact) continue;
    const opportunityId = idAfterBatch(result, work, opportunity);
    const contactId = idAfterBatch(result, work, contact);
    if (!opportunityId || !contactId || !SALESFORCE_ID.test(opportunityId)) continue;
    const state = recordState(result, work, opportunity);
    needs.push({ work, opportunityId, contactId, role: policy.role, created: state?.state === "succeeded" && state.created });
  }
  return needs;
}

interface ExistingRole {
  id: string;
  opportunityId: string;
  contactId: string;
  isPrimary: boolean;
}

const sameId = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);

export interface ContactRoleOutcome {
  /** Role id by event. */
  written: Map<string, string>;
  warnings: Map<string, string>;
  apiCalls: number;
}

export async function writeContactRoleNeeds(needs: readonly ContactRoleNeed[], session: SalesforceSession, reservePercent: number): Promise<ContactRoleOutcome> {
  const outcome: ContactRoleOutcome = { written: new Map(), warnings: new Map(), apiCalls: 0 };
  if (needs.length === 0 || !session.query || !session.create) return outcome;
  const warnAll = (items: readonly ContactRoleNeed[], message: string) => {
    for (const need of items) outcome.warnings.set(need.work.event.id, message);
  };

  const existing: ExistingRole[] = [];
  const opportunityIds = [...new Set(needs.filter((need) => !need.created).map((need) => need.opportunityId))];
  try {
    for (let start = 0; start < opportunityIds.length; start += MAX_RECORDS) {
      if (isOverBudget(session.apiUsage(), reservePercent)) {
        warnAll(needs, "The buyer's contact role is not written yet: the org's API allowance is at its reserve.");
        return outcome;
      }
      const ids = opportunityIds.slice(start, start + MAX_RECORDS).map((id) => `'${id}'`);
      outcome.apiCalls += 1;
      const rows = await session.query(`SELECT Id, OpportunityId, ContactId, IsPrimary FROM ${CONTACT_ROLE_OBJECT} WHERE OpportunityId IN (${ids.join(", ")})`);
      for (const row of rows) {
        existing.push({ id: String(row.Id), opportunityId: String(row.OpportunityId), contactId: String(row.ContactId ?? ""), isPrimary: row.IsPrimary === true });
      }
    }
  } catch (error) {
    warnAll(needs, `The buyer's contact role could not be checked: ${classifyThrown(error).message}`);
    return outcome;
  }

  const toCreate: ContactRoleNeed[] = [];
  const planned = new Set<string>();
  for (const need of needs) {
    const roles = existing.filter((role) => sameId(role.opportunityId, need.opportunityId));
    const mine = roles.find((role) => sameId(role.contactId, need.contactId));
    if (mine) {
      outcome.written.set(need.work.event.id, mine.id);
      continue;
    }
    // Two events of one batch for the same order (a replay next to its original) ask once.
    const pairKey = `${need.opportunityId}|${need.contactId}`;
    if (planned.has(pairKey)) continue;
    planned.add(pairKey);
    toCreate.push(need);
  }

  for (let start = 0; start < toCreate.length; start += MAX_RECORDS) {
    const chunk = toCreate.slice(start, start + MAX_RECORDS);
    if (isOverBudget(session.apiUsage(), reservePercent)) {
      warnAll(chunk, "The buyer's contact role is not written yet: the org's API allowance is at its reserve.");
      continue;
    }
    const records = chunk.map((need) => ({
      OpportunityId: need.opportunityId,
      ContactId: need.contactId,
      Role: need.role,
      IsPrimary: !existing.some((role) => sameId(role.opportunityId, need.opportunityId) && role.isPrimary),
    }));
    let results: SaveResult[];
    try {
      outcome.apiCalls += 1;
      results = await session.create(CONTACT_ROLE_OBJECT, records);
    } catch (error) {
      warnAll(chunk, `The buyer's contact role could not be written: ${classifyThrown(error).message}`);
      continue;
    }
    chunk.forEach((need, index) => {
      const answer = results[index];
      if (answer?.success && answer.id) {
        outcome.written.set(need.work.event.id, answer.id);
        return;
      }
      const error = answer?.errors[0];
      const code = error?.statusCode ?? error?.errorCode ?? "NO_RESULT";
      outcome.warnings.set(need.work.event.id, `Salesforce refused the buyer's contact role: ${code}: ${error?.message ?? "no answer"}`);
    });
  }
  return outcome;
}

function withRole(own: SyncRecordState | null, work: Work, roleId: string): SyncRecordState {
  const base: SyncRecordState = own ?? {
    resource: work.resource as string,
    shopifyId: work.shopifyId as string,
    salesforceIds: {},
    contentHashes: {},
    sourceUpdatedAt: null,
    status: "pending",
    lastEventId: null,
    lastSyncedAt: null,
  };
  return { ...base, salesforceIds: { ...base.salesforceIds, [CONTACT_ROLE_KEY]: roleId } };
}

/**
 * The sync-shop step after the upserts: writes the missing roles, folds the calls into the pipeline
 * result, the role ids into each order's SyncRecord, and failures into warnings on the order.
 */
export async function writeContactRoles(
  works: readonly Work[],
  mappingOf: ReadonlyMap<Work, CompiledMapping>,
  connect: () => Promise<SalesforceSession | null>,
  result: PipelineResult,
  reservePercent: number,
): Promise<void> {
  const needs = planContactRoles(works, mappingOf, result);
  if (needs.length === 0) return;
  const session = await connect();
  if (!session) return;
  const outcome = await writeContactRoleNeeds(needs, session, reservePercent);
  if (outcome.apiCalls > 0) {
    const execution = (result.execution ??= { states: new Map(), apiCalls: 0, callsPerEvent: new Map(), lastAnswerAt: new Map(), stopped: null });
    execution.apiCalls += outcome.apiCalls;
    // Shared by the batch's orders; attributed to the first so the per-event counts add up to the total.
    const first = needs[0]?.work.event.id as string;
    execution.callsPerEvent.set(first, (execution.callsPerEvent.get(first) ?? 0) + outcome.apiCalls);
  }
  for (const need of needs) {
    const roleId = outcome.written.get(need.work.event.id);
    if (roleId) need.work.own = withRole(need.work.own, need.work, roleId);
    const warning = outcome.warnings.get(need.work.event.id);
    if (warning) need.work.violations = [...need.work.violations, makeViolation({ field: CONTACT_ROLE_OBJECT, rule: "contact-role", message: warning, action: "warn" })];
  }
}
