import type { Row } from "../data/record-table";
import { renderQueryRow } from "../data/render";
import { SfApiError } from "../errors";
import { json, type ApiRequest, type ApiResponse, type Route } from "../http/api-types";
import { executeQuery } from "../soql/execute";

// /query and /queryAll with nextRecordsUrl paging (`/query/01g…-2000`), 2000 rows a page unless
// the client asks for fewer with `Sforce-Query-Options: batchSize=N` (200..2000).

const CURSOR_IDLE_MS = 15 * 60 * 1000;
const MAX_CURSORS = 1000;

function batchSize(req: ApiRequest): number {
  const option = /batchSize\s*=\s*(\d+)/i.exec(req.headers["sforce-query-options"] ?? "");
  const n = option ? Number(option[1]) : 2000;
  return Math.min(2000, Math.max(200, n));
}

function page(req: ApiRequest, locator: string, offset: number): ApiResponse {
  const cursor = req.org.cursors.get(locator);
  if (!cursor) throw new SfApiError(400, [{ code: "INVALID_QUERY_LOCATOR", message: "invalid query locator" }]);
  cursor.touched = req.org.now();
  const rows = cursor.rows.slice(offset, offset + cursor.batchSize);
  const next = offset + rows.length;
  const done = next >= cursor.rows.length;
  if (done) req.org.cursors.delete(locator);
  const body: Record<string, unknown> = { totalSize: cursor.totalSize, done };
  if (!done) body.nextRecordsUrl = `/services/data/v${req.version}/query/${locator}-${next}`;
  body.records = rows.map(cursor.render);
  return json(200, body, rows.length);
}

function expireCursors(req: ApiRequest): void {
  const now = req.org.now();
  for (const [locator, cursor] of req.org.cursors) {
    if (now - cursor.touched > CURSOR_IDLE_MS || req.org.cursors.size > MAX_CURSORS) req.org.cursors.delete(locator);
  }
}

function query(req: ApiRequest, includeDeleted: boolean): ApiResponse {
  const soql = req.query.get("q");
  if (!soql) throw new SfApiError(400, [{ code: "MALFORMED_QUERY", message: "A query string has to be specified" }]);
  const outcome = executeQuery(soql, req.org, includeDeleted);
  if (outcome.count) return json(200, { totalSize: outcome.totalSize, done: true, records: [] }, 0);
  expireCursors(req);
  const locator = req.org.deps.ids.next("01g").slice(0, 15);
  const render = (row: Row): object => renderQueryRow(outcome.schema, row, outcome.select, req.version, req.org);
  req.org.cursors.set(locator, { rows: outcome.rows, render, batchSize: batchSize(req), totalSize: outcome.totalSize, touched: req.org.now() });
  return page(req, locator, 0);
}

function queryMore(req: ApiRequest, token: string): ApiResponse {
  const m = /^(.+)-(\d+)$/.exec(token);
  if (!m) throw new SfApiError(400, [{ code: "INVALID_QUERY_LOCATOR", message: "invalid query locator" }]);
  return page(req, m[1], Number(m[2]));
}

export const queryRoutes: Route[] = [
  { method: "GET", pattern: /^\/query\/?$/, endpoint: () => "GET /query", handler: (req) => query(req, false) },
  { method: "GET", pattern: /^\/queryAll\/?$/, endpoint: () => "GET /queryAll", handler: (req) => query(req, true) },
  { method: "GET", pattern: /^\/query\/([^/]+)\/?$/, endpoint: () => "GET /query/{locator}", handler: (req, [t]) => queryMore(req, t) },
  { method: "GET", pattern: /^\/queryAll\/([^/]+)\/?$/, endpoint: () => "GET /queryAll/{locator}", handler: (req, [t]) => queryMore(req, t) },
];
