import type { CurrencySetup } from "../metadata/multi-currency";
import { restErrorBody, SfApiError } from "../errors";
import { jsonResult, type HttpResult } from "../http/http-result";
import type { CustomObjectSpec } from "../metadata/custom-object";
import type { FieldSpec } from "../metadata/field-builder";
import type { OrgHandle } from "../org-handle";
import type { FaultConfig, ScriptedFault } from "../org/faults";
import type { OrgOptions } from "../org/org";
import type { DuplicateRuleSpec, ValidationRuleSpec } from "../org/rules";

// /__emulator/…: the same controls as the in-process API, for a standalone emulator. Rules given
// over HTTP use SOQL conditions (errorCondition: "Amount < 0") and matchFields.

export interface ControlTarget {
  orgs(): OrgHandle[];
  org(idOrAlias: string): OrgHandle | undefined;
  createOrg(options: OrgOptions): OrgHandle;
  deleteOrg(handle: OrgHandle): void;
  setAutoApprove(username: string | undefined): void;
}

type Body = Record<string, unknown>;

function ok(body: unknown = { ok: true }, status = 200): HttpResult {
  return jsonResult(status, body);
}

function notFound(what: string): HttpResult {
  return jsonResult(404, { error: "not_found", message: `${what} not found` });
}

function orgRoute(handle: OrgHandle, method: string, rest: string[], query: URLSearchParams, body: Body): HttpResult {
  const [resource, a, b] = rest;
  const key = `${method} ${resource ?? ""}`;
  switch (key) {
    case "GET ":
      return ok(handle.summary());
    case "POST reset":
      handle.reset();
      return ok();
    case "GET records":
      return ok(handle.records(a, { includeDeleted: query.get("includeDeleted") === "true" }));
    case "POST records": {
      const records = Array.isArray(body.records) ? (body.records as Body[]) : [];
      return ok({ ids: handle.insert(a, records) }, 201);
    }
    case "GET stats":
      return ok(handle.stats());
    case "DELETE stats":
      handle.resetStats();
      return ok();
    case "GET faults":
      return ok(handle.faults());
    case "PUT faults":
      handle.setFaults(body as FaultConfig);
      return ok(handle.faults());
    case "POST faults":
      handle.injectFaults((Array.isArray(body.script) ? body.script : []) as ScriptedFault[]);
      return ok(handle.faults());
    case "DELETE faults":
      handle.clearFaults();
      return ok();
    case "GET limits":
      return ok(handle.apiUsage());
    case "PUT limits":
      if (typeof body.dailyApiRequests === "number") handle.setDailyLimit(body.dailyApiRequests);
      return ok(handle.apiUsage());
    case "POST expire-sessions":
      handle.expireSessions();
      return ok();
    case "POST person-accounts":
      return ok(handle.enablePersonAccounts());
    case "POST multi-currency":
      handle.enableMultiCurrency(body as unknown as CurrencySetup);
      return ok();
    case "POST validation-rules":
      handle.addValidationRule(body as unknown as ValidationRuleSpec);
      return ok(undefined, 201);
    case "POST duplicate-rules":
      handle.addDuplicateRule(body as unknown as DuplicateRuleSpec);
      return ok(undefined, 201);
    case "DELETE rules":
      handle.clearRules();
      return ok();
    case "POST fields":
      handle.addField(a, body as unknown as FieldSpec);
      return ok(handle.describe(a).fields.find((f) => f.name === body.name), 201);
    case "POST objects":
      return ok(handle.addCustomObject(body as unknown as CustomObjectSpec), 201);
    case "DELETE fields":
      handle.removeField(a, b);
      return ok();
    case "GET describe":
      return ok(handle.describe(a));
    case "POST users":
      return ok(handle.addUser(body as { username: string; password: string }), 201);
    default:
      return notFound(`${method} /${rest.join("/")}`);
  }
}

export function handleControl(target: ControlTarget, method: string, segments: string[], query: URLSearchParams, rawBody: string): HttpResult {
  let body: Body = {};
  try {
    body = rawBody ? (JSON.parse(rawBody) as Body) : {};
  } catch {
    return jsonResult(400, { error: "bad_request", message: "body must be JSON" });
  }
  try {
    const [first, second, ...rest] = segments;
    if (first === "health") return ok({ ok: true, orgs: target.orgs().length });
    if (first === "auto-approve" && method === "PUT") {
      target.setAutoApprove(typeof body.username === "string" ? body.username : undefined);
      return ok();
    }
    if (first !== "orgs") return notFound(`/${segments.join("/")}`);
    if (second === undefined) {
      if (method === "GET") return ok(target.orgs().map((o) => o.summary()));
      if (method === "POST") return ok(target.createOrg(body as OrgOptions).summary(), 201);
      return notFound(method);
    }
    const handle = target.org(second);
    if (!handle) return notFound(`org ${second}`);
    if (method === "DELETE" && rest.length === 0) {
      target.deleteOrg(handle);
      return ok();
    }
    return orgRoute(handle, method, rest, query, body);
  } catch (e) {
    if (e instanceof SfApiError) return jsonResult(e.status, restErrorBody(e.errors));
    return jsonResult(400, { error: "bad_request", message: e instanceof Error ? e.message : String(e) });
  }
}
