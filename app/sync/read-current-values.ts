import { collectCurrentValueRequests, readCurrentValues, valuesOfCandidates, type CurrentValues } from "./current-values";
import type { MatchCandidate, SalesforceSession, SyncRecordState } from "./ports";
import { trackingFor, type MappedEvent } from "./prepare-event";
import type { Work } from "./shop-work";

/**
 * The sync-shop step before finalizing: Salesforce's current values of the batch's if-blank fields, from
 * the match query's candidates and one query per object for records that already exist.
 */
export async function lookUpCurrentValues(
  works: readonly Work[],
  shared: ReadonlyMap<string, SyncRecordState>,
  candidates: ReadonlyMap<string, readonly MatchCandidate[]> | null,
  connect: () => Promise<SalesforceSession | null>,
): Promise<CurrentValues> {
  const known = works.flatMap((work) =>
    (work.mapped as MappedEvent).records.map((record) => {
      const tracking = trackingFor(record, work.resource as string, work.shopifyId as string);
      const store = tracking.resource === work.resource ? work.own : shared.get(`${tracking.resource}|${tracking.shopifyId}`);
      return { record, knownId: store?.salesforceIds[tracking.idKey] ?? work.own?.salesforceIds[record.key] ?? null };
    }),
  );
  const requests = collectCurrentValueRequests(known);
  const values: CurrentValues = requests.length > 0 ? await readWith(requests, connect) : new Map();
  if (candidates) valuesOfCandidates(candidates.values(), values);
  return values;
}


async function readWith(requests: Parameters<typeof readCurrentValues>[0], connect: () => Promise<SalesforceSession | null>): Promise<CurrentValues> {
  const session = await connect();
  return session ? readCurrentValues(requests, session) : new Map();
}
