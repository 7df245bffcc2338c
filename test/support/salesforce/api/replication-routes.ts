import { formatDateTime, parseDateTime } from "../data/coerce";
import { err, SfApiError } from "../errors";
import { json, type ApiRequest, type ApiResponse, type Route } from "../http/api-types";
import { requireObject } from "./record-access";

// Data replication resources (REST API "sObject Get Updated" / "sObject Get Deleted"):
// GET /sobjects/{type}/updated/?start=&end= → { ids, latestDateCovered }
// GET /sobjects/{type}/deleted/?start=&end= → { deletedRecords: [{ id, deletedDate }], earliestDateAvailable, latestDateCovered }
// Seconds are ignored; updated looks back at most 30 days, deleted 15; more than 600,000 ids is
// EXCEEDED_ID_LIMIT. Updated uses SystemModstamp.

const DAY_MS = 86_400_000;
const MAX_IDS = 600_000;

/** Sub-resources of /sobjects/{type}/ that Salesforce has and this emulator does not model. */
const UNMODELLED_SUBRESOURCES = new Set(
  ["listviews", "quickActions", "layouts", "compactLayouts", "approvalLayouts", "platformaction", "relevantItems", "eventSchema", "richTextImageFields", "suggestedArticles", "user-password"].map((s) => s.toLowerCase()),
);

export function isUnmodelledSubresource(segment: string): boolean {
  return UNMODELLED_SUBRESOURCES.has(segment.toLowerCase());
}

function replicationError(message: string): SfApiError {
  return new SfApiError(400, [{ code: "INVALID_REPLICATION_DATE", message }]);
}

/** Parses a start/end parameter and drops its seconds, as the API does. */
function minuteParam(req: ApiRequest, name: "start" | "end"): number {
  const text = req.query.get(name);
  if (!text) throw new SfApiError(400, [{ code: "MISSING_ARGUMENT", message: `Missing required parameter: ${name}` }]);
  const stamp = parseDateTime(text);
  if (!stamp) throw replicationError(`${name} is not a valid date/time: ${text}`);
  const ms = Date.parse(stamp.replace("+0000", "Z"));
  return ms - (ms % 60_000);
}

function window(req: ApiRequest, maxDays: number): { start: number; end: number } {
  const start = minuteParam(req, "start");
  const end = minuteParam(req, "end");
  if (start >= end) throw replicationError("start date must be before end date");
  const now = req.org.now();
  if (start < now - maxDays * DAY_MS) throw replicationError(`start date cannot be more than ${maxDays} days ago`);
  return { start, end: Math.min(end, now - (now % 60_000)) };
}

const stampMs = (stamp: unknown): number => (typeof stamp === "string" ? Date.parse(stamp.replace("+0000", "Z")) : NaN);

function updated(req: ApiRequest, type: string): ApiResponse {
  if (req.method !== "GET") throw err.methodNotAllowed(req.method);
  const schema = requireObject(req, type);
  const { start, end } = window(req, 30);
  const ids: string[] = [];
  for (const row of req.org.table(schema).live()) {
    const at = stampMs(row.SystemModstamp ?? row.LastModifiedDate);
    if (at >= start && at < end) ids.push(row.Id as string);
  }
  if (ids.length > MAX_IDS) throw err.exceededIdLimit();
  return json(200, { ids, latestDateCovered: formatDateTime(end) }, ids.length);
}

function deleted(req: ApiRequest, type: string): ApiResponse {
  if (req.method !== "GET") throw err.methodNotAllowed(req.method);
  const schema = requireObject(req, type);
  const { start, end } = window(req, 15);
  const table = req.org.table(schema);
  const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
  let earliest = end;
  for (const [id, deletedDate] of table.deletedAt) {
    const at = stampMs(deletedDate);
    earliest = Math.min(earliest, at);
    if (at >= start && at < end) deletedRecords.push({ id, deletedDate });
  }
  if (deletedRecords.length > MAX_IDS) throw err.exceededIdLimit();
  return json(
    200,
    { deletedRecords, earliestDateAvailable: formatDateTime(earliest - (earliest % 60_000)), latestDateCovered: formatDateTime(end) },
    deletedRecords.length,
  );
}

function unmodelled(): ApiResponse {
  throw err.notFound();
}

export const replicationRoutes: Route[] = [
  ...["GET", "PATCH", "POST", "DELETE"].flatMap((method): Route[] => [
    {
      method,
      pattern: /^\/sobjects\/([^/]+)\/updated\/?$/i,
      endpoint: ([t]) => `${method} /sobjects/${t}/updated`,
      handler: (req, [t]) => updated(req, t),
    },
    {
      method,
      pattern: /^\/sobjects\/([^/]+)\/deleted\/?$/i,
      endpoint: ([t]) => `${method} /sobjects/${t}/deleted`,
      handler: (req, [t]) => deleted(req, t),
    },
    {
      // Known sub-resources we do not model, and anything deeper than /{field}/{value}: NOT_FOUND,
      // never an external-id lookup.
      method,
      pattern: /^\/sobjects\/([^/]+)\/(?:(?:updated|deleted|describe)\/.+|[^/]+\/[^/]+\/.+)$/i,
      endpoint: ([t]) => `${method} /sobjects/${t}/{unknown}`,
      handler: unmodelled,
    },
  ]),
];
