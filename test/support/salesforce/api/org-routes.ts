import { readFileSync } from "node:fs";
import { err } from "../errors";
import type { DescribeSObject } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import { json, type ApiRequest, type Route } from "../http/api-types";

// Org-level resources: the version list, the resource directory, limits and describes.

const VERSION_LABELS: Array<[string, string]> = [];
{
  const seasons = ["Winter", "Spring", "Summer"];
  // Three releases a year; v32.0 was Winter '15 (Winter 'YY ships in the autumn before).
  for (let v = 31; v <= 66; v++) {
    const index = v - 32;
    const season = seasons[((index % 3) + 3) % 3];
    const year = 15 + Math.floor(index / 3);
    // The doc example spells Spring ’18 with a typographic apostrophe; keep that quirk.
    const apostrophe = v === 42 ? "’" : "'";
    VERSION_LABELS.push([`${v}.0`, `${season} ${apostrophe}${year}`]);
  }
}

export const SUPPORTED_VERSIONS = new Set(VERSION_LABELS.map(([v]) => v));

export function versionsList(): object[] {
  return VERSION_LABELS.map(([version, label]) => ({ label, url: `/services/data/v${version}`, version }));
}

function resources(req: ApiRequest): Record<string, string> {
  const base = `/services/data/v${req.version}`;
  const names = ["tooling", "metadata", "chatter", "tabs", "appMenu", "quickActions", "queryAll", "search", "composite", "theme", "recent", "limits", "process", "query", "jobs", "sobjects", "actions", "support"];
  const out: Record<string, string> = {};
  for (const n of names) out[n] = `${base}/${n}`;
  out.identity = `${req.baseUrl}/id/${req.org.id}/${req.userId}`;
  return out;
}

let limitsTemplate: Record<string, unknown> | undefined;

function limits(req: ApiRequest): Record<string, unknown> {
  limitsTemplate ??= JSON.parse(readFileSync(new URL("../metadata/limits-template.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const usage = req.org.apiUsage;
  return { ...structuredClone(limitsTemplate), DailyApiRequests: { Max: usage.dailyLimit, Remaining: usage.remaining() } };
}

function objectUrls(req: ApiRequest, name: string, prefix: string | null, full: boolean): Record<string, string> {
  const base = `/services/data/v${req.version}/sobjects/${name}`;
  const urls: Record<string, string> = {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
  };
  if (full) {
    urls.uiDetailTemplate = `${req.baseUrl}/{ID}`;
    urls.uiEditTemplate = `${req.baseUrl}/{ID}/e`;
    urls.defaultValues = `${base}/defaultValues?recordTypeId&fields`;
  }
  urls.listviews = `${base}/listviews`;
  urls.describe = `${base}/describe`;
  if (full) urls.uiNewRecord = `${req.baseUrl}/${prefix ?? ""}/e`;
  urls.quickActions = `${base}/quickActions`;
  urls.layouts = `${base}/describe/layouts`;
  urls.sobject = base;
  return urls;
}

const GLOBAL_KEYS = [
  "activateable", "createable", "custom", "customSetting", "deepCloneable", "deletable", "deprecatedAndHidden",
  "feedEnabled", "hasSubtypes", "isInterface", "isSubtype", "keyPrefix", "label", "labelPlural", "layoutable",
  "mergeable", "mruEnabled", "name", "queryable", "replicateable", "retrieveable", "searchable", "triggerable",
  "undeletable", "updateable",
];

function globalEntry(req: ApiRequest, doc: DescribeSObject): Record<string, unknown> {
  const entry: Record<string, unknown> = { associateEntityType: null, associateParentEntity: null };
  for (const key of GLOBAL_KEYS) entry[key] = doc[key];
  entry.urls = objectUrls(req, doc.name, doc.keyPrefix, false);
  return Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a === "urls" ? 1 : b === "urls" ? -1 : a.localeCompare(b))));
}

function requireObject(req: ApiRequest, name: string): ObjectSchema {
  const schema = req.org.schema.get(name);
  if (!schema) throw err.notFound();
  return schema;
}

function describe(req: ApiRequest, schema: ObjectSchema): DescribeSObject {
  const doc = structuredClone(schema.describe);
  doc.urls = objectUrls(req, doc.name, doc.keyPrefix, true);
  doc.recordTypeInfos = doc.recordTypeInfos.map((r) => ({
    ...r,
    urls: { layout: `/services/data/v${req.version}/sobjects/${doc.name}/describe/layouts/${r.recordTypeId}` },
  }));
  return doc;
}

export const orgRoutes: Route[] = [
  { method: "GET", pattern: /^\/?$/, endpoint: () => "GET /", handler: (req) => json(200, resources(req)) },
  { method: "GET", pattern: /^\/limits\/?$/, endpoint: () => "GET /limits", handler: (req) => json(200, limits(req)) },
  {
    method: "GET",
    pattern: /^\/sobjects\/?$/,
    endpoint: () => "GET /sobjects",
    handler: (req) =>
      json(200, {
        encoding: "UTF-8",
        maxBatchSize: 200,
        sobjects: req.org.schema
          .all()
          .map((s) => globalEntry(req, s.describe))
          .sort((a, b) => String(a.name).localeCompare(String(b.name))),
      }),
  },
  {
    method: "GET",
    pattern: /^\/sobjects\/([^/]+)\/describe\/?$/,
    endpoint: ([type]) => `GET /sobjects/${type}/describe`,
    handler: (req, [type]) => json(200, describe(req, requireObject(req, type))),
  },
  {
    method: "GET",
    pattern: /^\/sobjects\/([^/]+)\/?$/,
    endpoint: ([type]) => `GET /sobjects/${type}`,
    handler: (req, [type]) => json(200, { objectDescribe: globalEntry(req, requireObject(req, type).describe), recentItems: [] }),
  },
];
