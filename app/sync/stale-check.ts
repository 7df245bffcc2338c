// Newest wins across batches too: an event older than what was last applied to the record would undo
// newer data in Salesforce. Equal timestamps are allowed so a replay of the last event goes through.

export type StaleVerdict = { stale: false } | { stale: true; reason: string };

export function checkStale(eventUpdatedAt: Date | null, lastAppliedAt: Date | null): StaleVerdict {
  // Without a timestamp on either side there is nothing to compare; coalescing still applies.
  if (!eventUpdatedAt || !lastAppliedAt) return { stale: false };
  if (eventUpdatedAt.getTime() >= lastAppliedAt.getTime()) return { stale: false };
  return {
    stale: true,
    reason: `Stale: this event describes the record as of ${eventUpdatedAt.toISOString()}, but Salesforce already has the version of ${lastAppliedAt.toISOString()}.`,
  };
}
