// A local Salesforce REST API for tests: OAuth, describe, sObject CRUD and upsert, collections,
// composite, SOQL, limits and Bulk API 2.0 ingest, with Salesforce's own status codes and error
// bodies, many orgs at once, and switchable faults. See README.md in this folder.

export { startSalesforceEmulator, type EmulatorOptions, type SalesforceEmulator } from "./emulator";
export { OrgHandle, type ApiUsageSnapshot, type OrgSummary } from "./org-handle";
export type { OrgOptions } from "./org/org";
export type { ClientApp } from "./registry";
export type { FaultConfig, ScriptedFault } from "./org/faults";
export type { StatsSnapshot, EndpointStats, CallRecord } from "./org/request-stats";
export type { ValidationRuleSpec, DuplicateRuleSpec, RuleContext } from "./org/rules";
export type { FieldSpec } from "./metadata/field-builder";
export type { Row as EmulatorRecord, SfValue } from "./data/record-table";
export { normalizeId, checksumSuffix } from "./ids";
