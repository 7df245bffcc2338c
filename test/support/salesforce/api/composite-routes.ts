import { UndoLog } from "../data/undo-log";
import { err, restErrorBody, SfApiError } from "../errors";
import { json, parseJsonBody, type ApiRequest, type ApiResponse, type Route } from "../http/api-types";
import { isPlainObject } from "./record-access";

// POST /composite: subrequests run in order, `@{ref.path}` reads earlier results, and with
// allOrNone the first failure rolls everything back and every other subrequest reports
// PROCESSING_HALTED (see composite_response_failure_allOrNone_camel.json).

export type SubDispatch = (req: ApiRequest) => Promise<ApiResponse>;

const HALTED = [{ errorCode: "PROCESSING_HALTED", message: "The transaction was rolled back since another operation in the same transaction failed." }];
const REFERENCE = /@\{([^}]+)\}/g;

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

class UnresolvedReference extends Error {}

function readReference(results: Map<string, unknown>, expression: string): unknown {
  const [refId, ...rest] = expression.split(".");
  if (!results.has(refId)) throw new UnresolvedReference(expression);
  let value = results.get(refId);
  for (const part of rest.join(".").split(/\.|(?=\[)/).filter(Boolean)) {
    const index = /^\[(\d+)\]$/.exec(part);
    if (index) value = Array.isArray(value) ? value[Number(index[1])] : undefined;
    else value = isPlainObject(value) ? value[part] : undefined;
    if (value === undefined) throw new UnresolvedReference(expression);
  }
  return value;
}

function substitute(value: unknown, results: Map<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^@\{([^}]+)\}$/.exec(value);
    if (whole) return readReference(results, whole[1]);
    return value.replace(REFERENCE, (_, expr: string) => String(readReference(results, expr)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  return value;
}

function toSubResult(referenceId: string, response: ApiResponse): SubResult {
  return {
    body: response.status === 204 ? null : response.body ?? response.text ?? null,
    httpHeaders: response.headers ?? {},
    httpStatusCode: response.status,
    referenceId,
  };
}

async function composite(req: ApiRequest, dispatch: SubDispatch): Promise<ApiResponse> {
  const body = parseJsonBody(req);
  if (!isPlainObject(body) || !Array.isArray(body.compositeRequest)) {
    throw new SfApiError(400, [{ code: "JSON_PARSER_ERROR", message: "compositeRequest is required" }]);
  }
  const allOrNone = body.allOrNone === true;
  const undo = allOrNone ? new UndoLog() : undefined;
  const results = new Map<string, unknown>();
  const out: SubResult[] = [];
  let failed = false;
  for (const raw of body.compositeRequest) {
    if (!isPlainObject(raw) || typeof raw.url !== "string" || typeof raw.method !== "string" || typeof raw.referenceId !== "string") {
      throw err.jsonParser("Each subrequest needs method, url and referenceId");
    }
    const referenceId = raw.referenceId;
    if (failed && allOrNone) {
      out.push({ body: HALTED, httpHeaders: {}, httpStatusCode: 400, referenceId });
      continue;
    }
    let response: ApiResponse;
    try {
      const url = substitute(raw.url, results) as string;
      const m = /^\/services\/data\/v(\d+\.\d)(\/[^?]*)?(?:\?(.*))?$/.exec(url);
      if (!m) throw err.notFound();
      const subBody = raw.body === undefined ? "" : JSON.stringify(substitute(raw.body, results));
      const headers = isPlainObject(raw.httpHeaders)
        ? Object.fromEntries(Object.entries(raw.httpHeaders).map(([k, v]) => [k.toLowerCase(), String(v)]))
        : {};
      response = await dispatch({
        ...req,
        method: raw.method.toUpperCase(),
        version: m[1],
        path: m[2] ?? "/",
        query: new URLSearchParams(m[3] ?? ""),
        headers: { ...req.headers, ...headers },
        body: subBody,
        undo,
      });
    } catch (e) {
      if (e instanceof UnresolvedReference) {
        response = json(400, [
          {
            errorCode: "PROCESSING_HALTED",
            message: `Invalid reference specified. No value for ${e.message} found in ${e.message.split(".")[0]}. Provided referenceId ('${e.message}') isn't valid or the referenced subrequest failed.`,
          },
        ]);
      } else if (e instanceof SfApiError) {
        response = json(e.status, restErrorBody(e.errors));
      } else throw e;
    }
    const result = toSubResult(referenceId, response);
    out.push(result);
    if (response.status >= 400) failed = true;
    else results.set(referenceId, result.body);
  }
  if (failed && allOrNone) {
    undo!.rollback();
    for (const r of out) if (r.httpStatusCode < 400) Object.assign(r, { body: HALTED, httpHeaders: {}, httpStatusCode: 400 });
  }
  return json(200, { compositeResponse: out }, out.length);
}

export function compositeRoutes(dispatch: SubDispatch): Route[] {
  return [{ method: "POST", pattern: /^\/composite\/?$/, endpoint: () => "POST /composite", handler: (req) => composite(req, dispatch) }];
}
