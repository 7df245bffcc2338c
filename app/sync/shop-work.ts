import { coalesceEvents, sortByRecency } from "./coalesce-events";
import { skippedResolution, type EventResolution } from "./event-outcome";
import { idString } from "./normalize-ids";
import type { PreparedRecord, MappedEvent } from "./prepare-event";
import type { SyncEvent, SyncRecordState } from "./ports";
import { checkStale } from "./stale-check";
import { resourceNoun, type SyncResource } from "./sync-resource";
import { routeTopic, type TopicRoute } from "./topics";
import type { Violation } from "./violation";

// The state of one event while its shop's batch is processed, and the triage that settles events
// before any mapping: topics that are not synced, superseded events, stale events.

export interface Work {
  event: SyncEvent;
  route: TopicRoute;
  resource: SyncResource | null;
  shopifyId: string | null;
  /** Recency within the batch (higher is newer): the newest event's values win merged writes. */
  rank: number;
  own: SyncRecordState | null;
  mappingVersion: number | null;
  mapped: MappedEvent | null;
  prepared: PreparedRecord[];
  violations: Violation[];
  resolution: EventResolution | null;
}

export function createWork(event: SyncEvent): Work {
  const route = routeTopic(event.topic);
  return {
    event,
    route,
    resource: route.kind === "ignore" ? null : route.resource,
    // The intake stores shopifyId; the payload id is a fallback for rows written before it did.
    shopifyId: event.shopifyId ?? idString(payloadId(event.payload)) ?? null,
    rank: 0,
    own: null,
    mappingVersion: null,
    mapped: null,
    prepared: [],
    violations: [],
    resolution: null,
  };
}

export function openWorks(works: readonly Work[]): Work[] {
  return works.filter((work) => work.resolution === null);
}

export function skip(work: Work, reason: string): void {
  work.resolution = skippedResolution(work.event.attempts, reason);
}

/** Non-sync topics are skipped; of several events for one record only the newest stays open. */
export function triageTopicsAndDuplicates(works: readonly Work[]): void {
  for (const work of openWorks(works)) if (work.route.kind === "ignore") skip(work, work.route.reason);
  const candidates = openWorks(works).filter((work) => work.shopifyId !== null);
  const byId = new Map(candidates.map((work) => [work.event.id, work]));
  const { superseded } = coalesceEvents(candidates.map((work) => ({ ...work.event, resource: work.resource as string, shopifyId: work.shopifyId })));
  for (const { event, supersededBy } of superseded) {
    const work = byId.get(event.id) as Work;
    skip(work, `Superseded by a newer event for the same ${resourceNoun(work.resource ?? "")} (event ${supersededBy.id}).`);
  }
  sortByRecency(openWorks(works).map((work) => work.event)).forEach((event, rank) => {
    const work = works.find((candidate) => candidate.event.id === event.id);
    if (work) work.rank = rank;
  });
}

/** Attaches each open event's SyncRecord and skips events older than what Salesforce already has. */
export function triageStale(works: readonly Work[], records: ReadonlyMap<string, SyncRecordState>): void {
  for (const work of openWorks(works)) {
    work.own = records.get(`${work.resource}|${work.shopifyId}`) ?? null;
    const verdict = checkStale(work.event.sourceUpdatedAt, work.own?.sourceUpdatedAt ?? null);
    if (verdict.stale) skip(work, verdict.reason);
  }
}

function payloadId(payload: unknown): unknown {
  return typeof payload === "object" && payload !== null && "id" in payload ? (payload as { id: unknown }).id : undefined;
}
