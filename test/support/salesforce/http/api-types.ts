import type { UndoLog } from "../data/undo-log";
import { err } from "../errors";
import type { Org } from "../org/org";

/** A data API call after authentication, independent of HTTP so composite can replay it. */
export interface ApiRequest {
  method: string;
  /** Path below /services/data/vXX.X, e.g. `/sobjects/Account/describe`. */
  path: string;
  /** "50.0" */
  version: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
  org: Org;
  userId: string;
  /** Where the emulator is reached, e.g. http://127.0.0.1:8787 (instance and login URL). */
  baseUrl: string;
  /** Set inside an all-or-none composite request: subrequests share one rollback. */
  undo?: UndoLog;
}

export interface ApiResponse {
  status: number;
  /** Serialized as JSON unless `text` is set. */
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Records written or returned, for request statistics. */
  records?: number;
}

export type Handler = (req: ApiRequest, params: string[]) => ApiResponse | Promise<ApiResponse>;

export interface Route {
  method: string;
  pattern: RegExp;
  /** Statistics key, e.g. `PATCH /composite/sobjects/Account/{extIdField}`. */
  endpoint: (params: string[]) => string;
  handler: Handler;
}

export function json(status: number, body: unknown, records?: number): ApiResponse {
  return { status, body, records };
}

export function noContent(records?: number): ApiResponse {
  return { status: 204, records };
}

/** Malformed JSON fails like Jackson does: 400 JSON_PARSER_ERROR. */
export function parseJsonBody(req: ApiRequest): unknown {
  if (req.body.trim().length === 0) return null;
  try {
    return JSON.parse(req.body);
  } catch (e) {
    const position = /position (\d+)/.exec(e instanceof Error ? e.message : "")?.[1];
    const column = position === undefined ? req.body.length : Number(position) + 1;
    const ch = req.body[column - 1] ?? "";
    throw err.jsonParser(
      `Unexpected character ('${ch}' (code ${ch.charCodeAt(0) || 0})): was expecting a valid value at [line:1, column:${column}]`,
    );
  }
}
