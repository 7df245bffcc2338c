// What the backfill page and the Home completeness card render: plain JSON (dates as ISO strings), built
// on the server from BackfillRun / ReconciliationRun rows.

export interface EstimateView {
  resources: Array<{ resource: string; records: number; shopifyPath: "bulk-operation" | "paginated" }>;
  objects: Array<{ object: string; records: number; path: "bulk" | "collections"; apiCalls: number }>;
  apiCalls: number;
  remaining: number | null;
  reserve: number | null;
  fits: boolean;
  orderWindow: { visibleFrom: string; message: string; howToFix: string } | null;
}

export interface ProgressView {
  total: number;
  read: number;
  synced: number;
  failed: number;
  skipped: number;
}

export interface RunView {
  id: string;
  status: "planned" | "running" | "paused" | "canceled" | "completed" | "failed";
  resources: string[];
  from: string | null;
  to: string | null;
  estimate: EstimateView | null;
  progress: Record<string, ProgressView>;
  /** Share of the records read so far (0–100), over every chosen resource. */
  percent: number;
  report: { finishedAt: string; resources: Record<string, ProgressView> } | null;
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface CompletenessView {
  resources: Array<{
    resource: string;
    score: number;
    total: number;
    checkedAt: string;
    repairs: Array<{ shopifyId: string; kind: string; eventId: string | null }>;
  }>;
  /** Resources whose latest check failed (e.g. Salesforce disconnected), with why. */
  failures: Array<{ resource: string; failedAt: string; error: string }>;
  /** A "Check now" is waiting for or being run by the worker. */
  checking: boolean;
}
