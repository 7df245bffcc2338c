import type { MappingContext } from "./apply-mapping";
import { decideEventOutcome, type EventDecision, type RecordState } from "./apply-results";
import { assembleChanges, emptyPipelineResult, recordState, type PipelineResult } from "./assemble-changes";
import type { CompiledMapping, MappingCompiler } from "./compile-mapping";
import { defaultMoneyOptions } from "./currency";
import { defaultMappingCacheKey, defaultMappingInput } from "./default-mappings";
import { writeContactRoles } from "./contact-roles";
import { classifyThrown } from "./errors";
import { deferredResolution, resolveDecision, skippedResolution, type EventOutcome } from "./event-outcome";
import { executePlan } from "./execute-plan";
import { describeIssues } from "./issue-path";
import { collectMatchRequests, matchRequestKey } from "./match-keys";
import { removeDroppedRecords } from "./plan-removals";
import { lookUpCurrentValues } from "./read-current-values";
import { planUpserts, type UpsertItem } from "./plan-upserts";
import { finalizeEvent, trackingFor, type MappedEvent } from "./prepare-event";
import type { Clock, MatchCandidate, SalesforcePort, SalesforceSession, ShopSyncConfig, SyncEvent, SyncLogger, SyncRecordKey, SyncRecordState, SyncStore } from "./ports";
import type { RetryPolicy } from "./retry-policy";
import { deferForOutage, outageOfPipeline } from "./org-outage";
import { createWork, openWorks, skip, triageStale, triageTopicsAndDuplicates, type Work } from "./shop-work";
import { createDescribeLookup } from "./sobject-describe";
import type { SyncResource } from "./sync-resource";
import type { EventMapper, MapRequest } from "./map-events";
import { parseShopRules } from "./validation-rule";
import { guardEchoes, type EchoGuard } from "./reverse/guard-works";

// One shop's share of a batch: load → coalesce → stale-check → map → validate → skip unchanged →
// plan → upsert in dependency order → apply results → save, in one store call.

export interface ShopBatchDeps {
  store: SyncStore;
  salesforce: SalesforcePort;
  clock: Clock;
  logger?: SyncLogger;
  compiler: MappingCompiler;
  mapEvents: EventMapper;
  retry: { policy: RetryPolicy; random: () => number; deferDelayMs: number };
  chunkSize?: number;
  /** Above 200 only with a port that sends large calls through Bulk API 2.0 (backfill). */
  maxChunkSize?: number;
  /** Two-way sync: drops echoes of our own Shopify writes before they are sent back (app/sync/reverse). */
  echoGuard?: EchoGuard;
}

export interface ShopBatchResult {
  outcomes: EventOutcome[];
  apiCalls: number;
  pause: { shop: string; reason: string } | null;
}

export async function syncShopBatch(deps: ShopBatchDeps, shop: string, events: readonly SyncEvent[], batchId: string, force: boolean): Promise<ShopBatchResult> {
  const startedAt = deps.clock.now();
  const config = await deps.store.loadShopConfig(shop);
  const works = events.map(createWork);

  if (!config) {
    for (const work of works) skip(work, "The shop is not installed; nothing is synced.");
  } else {
    triageTopicsAndDuplicates(works);
    for (const work of openWorks(works)) {
      if (work.shopifyId === null) {
        work.resolution = resolveDecision(
          { kind: "needs-attention", code: "MISSING_ID", message: "The webhook payload has no record id, so it cannot be matched to a Salesforce record." },
          work.event.attempts,
          deps.retry,
        );
      }
    }
    const keys = openWorks(works).map((work) => ({ resource: work.resource as string, shopifyId: work.shopifyId as string }));
    triageStale(works, await loadRecords(deps.store, shop, keys));
    if (config.paused) {
      for (const work of openWorks(works)) {
        const deferred = deferredResolution(work.event.attempts, config.pauseMessage ?? "Syncing is paused for this shop until its Salesforce API allowance recovers.", deps.retry.deferDelayMs);
        // An org outage's events are resumed together when a probe succeeds (they carry its code).
        work.resolution = config.pauseMessage ? { ...deferred, errorCode: "ORG_OUTAGE" } : deferred;
      }
    }
  }

  const open = openWorks(works);
  const result = config && open.length > 0 ? await runPipeline(deps, config, open, force) : emptyPipelineResult();
  const limit = result.execution?.stopped ?? (result.connectFailure?.state === "failed" && result.connectFailure.errorClass === "limit" ? { message: result.connectFailure.message } : null);
  const pause = limit ? { shop, reason: limit.message } : null;
  const outage = config?.outage ?? outageOfPipeline(result, open);
  if (outage) deferForOutage(works, outage, deps.retry.deferDelayMs);
  const finishedAt = deps.clock.now();
  const { changes, outcomes } = assembleChanges(works, result, batchId, startedAt, finishedAt, pause);
  if (outage) changes.outage = { reason: outage };
  else if (config && !config.paused) changes.healthy = true;
  await deps.store.saveBatch(shop, changes);
  return { outcomes, apiCalls: result.execution?.apiCalls ?? 0, pause };
}

async function loadRecords(store: SyncStore, shop: string, keys: readonly SyncRecordKey[]): Promise<Map<string, SyncRecordState>> {
  const unique = [...new Map(keys.map((key) => [`${key.resource}|${key.shopifyId}`, key])).values()];
  const records = unique.length > 0 ? await store.loadSyncRecords(shop, unique) : [];
  return new Map(records.map((record) => [`${record.resource}|${record.shopifyId}`, record]));
}

async function runPipeline(deps: ShopBatchDeps, config: ShopSyncConfig, works: Work[], force: boolean): Promise<PipelineResult> {
  const context: MappingContext = config.context;
  const rules = parseShopRules(config.rules);

  // Resolve every event's mapping here, then map and validate the whole batch in one call (one sandbox
  // round trip in the app) — merchant code never runs on this thread.
  const requests: MapRequest[] = [];
  const requested: Work[] = [];
  const mappingOf = new Map<Work, CompiledMapping>();
  for (const work of works) {
    const resource = work.resource as SyncResource;
    const resolved = resolveMapping(deps.compiler, config, resource);
    work.mappingVersion = resolved.version;
    if (!resolved.ok) {
      work.resolution = resolveDecision({ kind: "needs-attention", code: "MAPPING_INVALID", message: resolved.message }, work.event.attempts, deps.retry);
      continue;
    }
    mappingOf.set(work, resolved.mapping);
    requests.push({
      kind: work.route.kind === "delete" ? "delete" : "upsert",
      payload: work.event.payload,
      mapping: resolved.mapping,
      rules: rules.byResource.get(resource) ?? [],
      context,
      syncRecord: work.own,
    });
    requested.push(work);
  }
  const results = requests.length > 0 ? await deps.mapEvents(requests) : [];
  requested.forEach((work, index) => {
    work.mapped = results[index];
    work.violations = [...(rules.warnings.get(work.resource as SyncResource) ?? []), ...results[index].violations];
  });

  const mapped = works.filter((work) => work.resolution === null && work.mapped !== null);
  const echoes = await guardEchoes(deps.echoGuard, config.shop, mapped, (work) => requests[requested.indexOf(work)]?.mapping.document);
  const sharedKeys = mapped.flatMap((work) =>
    (work.mapped as MappedEvent).records
      .filter((record) => record.shared)
      .map((record) => trackingFor(record, work.resource as string, work.shopifyId as string)),
  );
  const shared = await loadRecords(deps.store, config.shop, sharedKeys);

  let session: SalesforceSession | null = null;
  let connectError: unknown = null;
  const connect = async (): Promise<SalesforceSession | null> => {
    if (session || connectError !== null) return session;
    try {
      session = await deps.salesforce.connect(config.shop);
    } catch (error) {
      connectError = error ?? new Error("connect failed");
      deps.logger?.warn("Salesforce connection failed", { shop: config.shop, error: error instanceof Error ? error.message : String(error) });
    }
    return session;
  };

  const matches = await lookUpMatches(mapped, shared, connect, () => connectError);
  const currentValues = await lookUpCurrentValues(mapped, shared, matches.candidates, connect);
  const describes = createDescribeLookup(config.describes);
  for (const work of mapped) {
    const finalized = finalizeEvent({
      mapped: { ...(work.mapped as MappedEvent), violations: work.violations },
      kind: work.route.kind === "delete" ? "delete" : "upsert",
      resource: work.resource as string,
      shopifyId: work.shopifyId as string,
      own: work.own,
      shared,
      matches: matches.candidates,
      describes,
      currentValues,
      // A merchant's replay sends even unchanged records; automatic retries keep the hash skip.
      force: force || work.event.force === true,
    });
    work.prepared = finalized.records;
    work.violations = finalized.violations;
    if (matches.failure && work.prepared.some((prepared) => prepared.record.matchKeys.length > 0 && !prepared.exists)) {
      work.resolution = resolveDecision(matches.failure, work.event.attempts, deps.retry);
    }
  }

  const items: UpsertItem[] = [];
  for (const work of mapped) {
    if (work.resolution) continue;
    for (const prepared of work.prepared) {
      if (prepared.disposition === "send") items.push({ eventId: work.event.id, rank: work.rank, record: prepared.record });
    }
  }

  const result: PipelineResult = { plan: null, execution: null, connectFailure: null, shared };
  if (items.length > 0) {
    result.plan = planUpserts(items, { chunkSize: deps.chunkSize, maxChunkSize: deps.maxChunkSize });
    const active = await connect();
    if (active) {
      const resourceByEvent = new Map(mapped.map((work) => [work.event.id, work.resource as string]));
      result.execution = await executePlan(result.plan, active, {
        reservePercent: config.apiReservePercent,
        logger: deps.logger,
        now: () => deps.clock.now(),
        resourceOf: (call) => resourceByEvent.get(call.records[0]?.owners[0]?.eventId ?? ""),
      });
    } else {
      result.connectFailure = connectFailureOf(connectError);
    }
  }
  // A connection that failed during the match lookup is the same org-level failure (outage, not a record's fault).
  if (!result.connectFailure && connectError !== null) result.connectFailure = connectFailureOf(connectError);

  // Lines an edit removed (or that dropped to zero) are deleted after the upserts.
  if (!result.connectFailure && !result.execution?.stopped) await removeDroppedRecords(mapped, mappingOf, connect, result, config.apiReservePercent, deps.retry);
  // The buyer as the Opportunity's primary contact role, once per order (contact-roles.ts).
  if (!result.connectFailure && !result.execution?.stopped) await writeContactRoles(mapped, mappingOf, connect, result, config.apiReservePercent);

  for (const work of mapped) {
    if (work.resolution) continue;
    const states = work.prepared.filter((prepared) => prepared.disposition === "send").map((prepared) => recordState(result, work, prepared) as RecordState);
    const decision = decideEventOutcome(states, work.violations);
    if (decision.kind === "synced") echoes.synced.add(work.event.id);
    if (work.prepared.length === 0) {
      const note = work.mapped?.note ?? "Nothing to write: every target was left out by its condition or policy.";
      work.resolution = decision.kind === "synced" ? skippedResolution(work.event.attempts, note) : resolveDecision(decision, work.event.attempts, deps.retry);
    } else {
      work.resolution = resolveDecision(decision, work.event.attempts, deps.retry);
    }
  }
  await echoes.commit();
  return result;
}

function connectFailureOf(error: unknown): NonNullable<PipelineResult["connectFailure"]> {
  const failure = classifyThrown(error);
  return {
    state: "failed",
    // An expired session the adapter could not refresh is retried like any blip.
    errorClass: failure.errorClass === "session" ? "transient" : failure.errorClass,
    code: failure.code,
    message: `Could not connect to Salesforce: ${failure.message}`,
    fields: [],
  };
}

async function lookUpMatches(
  works: readonly Work[],
  shared: ReadonlyMap<string, SyncRecordState>,
  connect: () => Promise<SalesforceSession | null>,
  connectError: () => unknown,
): Promise<{ candidates: Map<string, MatchCandidate[]> | null; failure: EventDecision | null }> {
  const pending = works.flatMap((work) =>
    (work.mapped as MappedEvent).records
      .filter((record) => record.matchKeys.length > 0)
      .map((record) => {
        const tracking = trackingFor(record, work.resource as string, work.shopifyId as string);
        const store = tracking.resource === work.resource ? work.own : shared.get(`${tracking.resource}|${tracking.shopifyId}`);
        return { record, exists: Boolean(store?.salesforceIds[tracking.idKey] ?? work.own?.salesforceIds[record.key]) };
      }),
  );
  const requests = collectMatchRequests(pending);
  if (requests.length === 0) return { candidates: null, failure: null };
  try {
    const session = await connect();
    // The connection's own error (not connected → needs attention, a blip → retry), not a generic one.
    if (!session) throw connectError() ?? new Error("Salesforce is not connected");
    const candidates = new Map<string, MatchCandidate[]>();
    for (const request of requests) {
      candidates.set(matchRequestKey(request.object, request.matchField, request.externalIdField), await session.findMatches(request));
    }
    return { candidates, failure: null };
  } catch (error) {
    // Without the lookup a duplicate could be created: the events wait instead of syncing without it.
    const failure = classifyThrown(error);
    const message = `Could not look up existing Salesforce records: ${failure.message}`;
    if (failure.errorClass === "permanent") return { candidates: null, failure: { kind: "needs-attention", code: failure.code, message } };
    return { candidates: null, failure: { kind: "retry", errorClass: failure.errorClass, code: failure.code, message, deferred: failure.errorClass === "limit" } };
  }
}

type ResolvedMapping = { ok: true; mapping: CompiledMapping; version: number } | { ok: false; message: string; version: number };

function resolveMapping(compiler: MappingCompiler, config: ShopSyncConfig, resource: SyncResource): ResolvedMapping {
  const active = config.mappings[resource];
  if (active) {
    const compiled = compiler.compile(`${config.shop}:${resource}:${active.version}`, active.document);
    if (compiled.ok) return { ok: true, mapping: compiled.value, version: active.version };
    return {
      ok: false,
      version: active.version,
      message: `The ${resource} mapping (version ${active.version}) is invalid: ${describeIssues(compiled.error)}. Fix it in the mapping screen, then replay.`,
    };
  }
  const options = { personAccounts: config.personAccounts, orderModel: config.orderModel, matchExistingByEmail: config.matchExistingByEmail, ...defaultMoneyOptions(config) };
  const compiled = compiler.compile(defaultMappingCacheKey(resource, options), defaultMappingInput(resource, options));
  if (!compiled.ok) throw new Error(`Default ${resource} mapping is invalid: ${describeIssues(compiled.error)}`);
  return { ok: true, mapping: compiled.value, version: 0 };
}
