// WebhookEvent.status: a closed union with a transition table, checked before every update so a
// duplicate job delivery can never move a finished event backwards.
export const EVENT_STATUSES = ["received", "queued", "synced", "skipped", "needs-attention", "dead"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

const TRANSITIONS: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  received: ["queued"],
  // queued → queued is a retry (attempts + 1, delayed job).
  queued: ["queued", "synced", "skipped", "needs-attention", "dead"],
  // Every finished state can be replayed from the UI, which queues the event again; a failed one can
  // also be discarded there (the merchant decides it will never sync: skipped, "Discarded by merchant").
  synced: ["queued"],
  skipped: ["queued"],
  "needs-attention": ["queued", "skipped"],
  dead: ["queued", "skipped"],
};

export function isEventStatus(value: unknown): value is EventStatus {
  return typeof value === "string" && (EVENT_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: EventStatus, to: EventStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${entity} cannot move from "${from}" to "${to}"`);
    this.name = "InvalidTransitionError";
  }
}

export function assertTransition(from: EventStatus, to: EventStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError("WebhookEvent", from, to);
}

/** Only these are picked up by the engine; anything else is a duplicate delivery of a finished job. */
export function isProcessable(status: EventStatus): boolean {
  return status === "received" || status === "queued";
}
