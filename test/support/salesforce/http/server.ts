import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { SUPPORTED_VERSIONS, versionsList } from "../api/org-routes";
import { handleControl, type ControlTarget } from "../control/control-routes";
import { err, restErrorBody, SfApiError } from "../errors";
import type { OAuthEndpoints } from "../oauth/oauth-routes";
import type { Org } from "../org/org";
import type { OrgRegistry } from "../registry";
import type { Dispatched } from "./api-dispatch";
import type { ApiRequest, ApiResponse } from "./api-types";
import { jsonResult, type HttpResult } from "./http-result";

export interface ServerParts {
  registry: OrgRegistry;
  oauth: OAuthEndpoints;
  control: ControlTarget;
  dispatch: (req: ApiRequest) => Promise<Dispatched>;
  baseUrl: () => string;
}

const JSON_TYPE = "application/json;charset=UTF-8";

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, result: HttpResult): void {
  if (res.destroyed) return;
  res.writeHead(result.status, result.headers ?? {});
  res.end(result.body ?? "");
}

function apiResult(response: ApiResponse, org: Org | undefined): HttpResult {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  // Every data API response carries the org's usage, which clients (jsforce limitInfo) read.
  if (org) headers["Sforce-Limit-Info"] = org.apiUsage.header();
  if (response.status === 204) return { status: 204, headers, body: "" };
  if (response.text !== undefined) {
    headers["Content-Type"] = response.contentType ?? "text/plain";
    return { status: response.status, headers, body: response.text };
  }
  headers["Content-Type"] = JSON_TYPE;
  return { status: response.status, headers, body: JSON.stringify(response.body ?? null) };
}

function errorResult(e: SfApiError, org: Org | undefined): HttpResult {
  return apiResult({ status: e.status, body: restErrorBody(e.errors) }, org);
}

function bearer(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return m?.[1] ?? url.searchParams.get("oauth_token") ?? undefined;
}

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

async function dataApi(parts: ServerParts, req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<HttpResult | undefined> {
  const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(url.pathname);
  if (!m || !SUPPORTED_VERSIONS.has(m[1])) return errorResult(err.notFound(), undefined);
  const [, version, rawPath] = m;
  const path = rawPath ?? "/";
  const token = bearer(req, url);
  const org = token ? parts.registry.orgForAccessToken(token) : undefined;
  const session = org && token ? org.session(token) : undefined;
  if (!org || !session || !token) return errorResult(err.sessionExpired(), org);
  const scopes = session.scope.split(" ");
  if (!scopes.includes("api") && !scopes.includes("full")) {
    return errorResult(new SfApiError(401, [{ code: "INVALID_SESSION_ID", message: "This session is not valid for use with the REST API" }]), org);
  }

  const decision = org.faults.decide(path);
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  const action = decision.action;
  if (action.kind === "reset") {
    org.apiUsage.record();
    req.socket.destroy();
    return undefined;
  }
  if (action.kind === "sessionExpired") {
    org.sessions.delete(token);
    return errorResult(err.sessionExpired(), org);
  }
  if (org.apiUsage.exhausted() || action.kind === "requestLimit") return errorResult(err.requestLimitExceeded(), org);
  org.apiUsage.record();
  const at = org.now();
  if (action.kind === "status") {
    const body =
      action.status === 503
        ? [{ errorCode: "SERVER_UNAVAILABLE", message: "Server temporarily unavailable. Please try again later." }]
        : [{ errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred. Please include this ErrorId if you contact support: 1917314193-31491 (-1180324412)" }];
    org.requestStats.recordCall({ method: req.method ?? "GET", endpoint: `${req.method} ${path} (fault ${action.status})`, status: action.status, records: 0, at }, true);
    return apiResult({ status: action.status, body }, org);
  }
  const apiRequest: ApiRequest = {
    method: (req.method ?? "GET").toUpperCase(),
    path,
    version,
    query: url.searchParams,
    headers: headerMap(req),
    body,
    org,
    userId: session.userId,
    baseUrl: parts.baseUrl(),
  };
  const { response, endpoint } = await parts.dispatch(apiRequest);
  org.requestStats.recordCall({ method: apiRequest.method, endpoint, status: response.status, records: response.records ?? 0, at }, true);
  // A slow response still did its work: the client times out not knowing whether it was saved.
  if (action.kind === "slow") {
    await sleep(action.ms);
    if (res.destroyed) return undefined;
  }
  return apiResult(response, org);
}

function formParams(url: URL, body: string, contentType: string | undefined): URLSearchParams {
  const params = new URLSearchParams(url.search);
  if (body && (!contentType || contentType.includes("application/x-www-form-urlencoded"))) {
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  }
  return params;
}

async function route(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<HttpResult | undefined> {
  const url = new URL(req.url ?? "/", parts.baseUrl());
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req);
  const path = url.pathname;
  if (path.startsWith("/__emulator/")) {
    return handleControl(parts.control, method, path.split("/").slice(2).filter(Boolean), url.searchParams, body);
  }
  if (path.startsWith("/services/oauth2/")) {
    const params = formParams(url, body, req.headers["content-type"]);
    switch (path.replace(/\/$/, "")) {
      case "/services/oauth2/token":
        return method === "POST" ? parts.oauth.token(params) : jsonResult(405, { error: "invalid_request", error_description: "must use HTTP POST" });
      case "/services/oauth2/authorize":
        return parts.oauth.authorize(method, params);
      case "/services/oauth2/revoke":
        return parts.oauth.revoke(params);
      case "/services/oauth2/userinfo": {
        const token = bearer(req, url);
        const org = token ? parts.registry.orgForAccessToken(token) : undefined;
        const session = org && token ? org.session(token) : undefined;
        return session && org ? parts.oauth.identity(org.id, session.userId, token) : { status: 403, body: "Bad_OAuth_Token" };
      }
      default:
        return jsonResult(404, { error: "not_found", error_description: "unknown OAuth endpoint" });
    }
  }
  const identity = /^\/id\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (identity) return parts.oauth.identity(identity[1], identity[2], bearer(req, url));
  if (/^\/services\/data\/?$/.test(path)) return jsonResult(200, versionsList());
  if (path.startsWith("/services/data/")) return dataApi(parts, req, res, url, body);
  return errorResult(err.notFound(), undefined);
}

export function createRequestListener(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(parts, req, res).then(
      (result) => {
        if (result) send(res, result);
      },
      (e: unknown) => {
        console.error("[salesforce-emulator] request failed", e);
        send(res, jsonResult(500, [{ errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred." }]));
      },
    );
  };
}
