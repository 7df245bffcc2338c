// Every Salesforce errorCode (and network failure code) the engine knows, with its class — the single
// source of truth for errors.ts, org-outage.ts and the README table (scripts/error-codes-table.ts
// regenerates it; test/unit/sync/error-codes.test.ts fails when they disagree).

/** How the queue reacts: retry with backoff, park for the merchant, renew the session, or pause for a limit. */
export type ErrorClass = "transient" | "permanent" | "session" | "limit";
/** Whose failure it is: one record's (spends the event's attempts) or the org's (pauses the shop, attempts kept). */
export type ErrorScope = "record" | "org";

export interface KnownErrorCode {
  code: string;
  errorClass: ErrorClass;
  scope: ErrorScope;
  /** The condition on the message under which this row applies (another row covers the rest). */
  when?: string;
  /** What the engine does, for the README. */
  meaning: string;
}

const record = (code: string, errorClass: ErrorClass, meaning: string, when?: string): KnownErrorCode => ({ code, errorClass, scope: "record", meaning, ...(when ? { when } : {}) });
const org = (code: string, errorClass: ErrorClass, meaning: string, when?: string): KnownErrorCode => ({ code, errorClass, scope: "org", meaning, ...(when ? { when } : {}) });

const NETWORK_MEANING = "Network failure on the way to Salesforce: a whole-batch failure pauses the shop until a probe succeeds.";

export const KNOWN_ERROR_CODES: readonly KnownErrorCode[] = [
  // Org-level: nothing about the record is wrong.
  org("INVALID_SESSION_ID", "session", "Session expired: jsforce logs in again; when it cannot, the shop pauses (reconnect)."),
  org("REQUEST_LIMIT_EXCEEDED", "limit", "The org's daily API limit is used up: the shop pauses until the API budget recovers.", "daily total"),
  record("REQUEST_LIMIT_EXCEEDED", "transient", "Too many concurrent requests: clears in seconds, retried with backoff.", "message mentions ConcurrentRequests"),
  org("STORAGE_LIMIT_EXCEEDED", "permanent", "The org's data storage is full: the shop pauses (events keep their attempts) until a probe succeeds."),
  org("SERVER_UNAVAILABLE", "transient", "Salesforce is down or in maintenance (HTTP 503): on every call of a batch, the shop pauses."),
  org("UNKNOWN_EXCEPTION", "transient", "Salesforce's own internal error (HTTP 500): retried; on every call of a batch, the shop pauses."),
  ...["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH", "ESOCKETTIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"].map((code) =>
    org(code, "transient", NETWORK_MEANING),
  ),
  // Record-level, transient: the same request usually succeeds later.
  record("UNABLE_TO_LOCK_ROW", "transient", "Another transaction holds the record: retried with backoff."),
  record("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "transient", "A trigger or flow hit a row lock: retried with backoff.", "message contains UNABLE_TO_LOCK_ROW"),
  record("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "permanent", "A trigger or flow of the org failed: needs attention, with the org's message."),
  record("QUERY_TIMEOUT", "transient", "A lookup query timed out: retried with backoff."),
  record("REQUEST_RUNNING_TOO_LONG", "transient", "The request ran too long: retried with backoff."),
  record("ALL_OR_NONE_OPERATION_ROLLED_BACK", "transient", "Rolled back because another record of the call failed: retried."),
  record("PROCESSING_HALTED", "transient", "Processing halted by another failure in the call: retried."),
  record("TXN_SECURITY_METERING_ERROR", "transient", "Transaction security policy metering: retried with backoff."),
  record("INVALID_FIELD", "transient", "The parent (order, customer) is not in Salesforce yet: retried; revived when the parent lands.", "message mentions foreign key external id"),
  // Record-level, permanent: the merchant must fix the data, the mapping or the org.
  record("INVALID_FIELD", "permanent", "The mapping writes a field the org does not have: needs attention."),
  record("REQUIRED_FIELD_MISSING", "permanent", "A required field is empty: needs attention."),
  record("INVALID_FIELD_FOR_INSERT_UPDATE", "permanent", "The field cannot be written (create-only, formula): needs attention."),
  record("DUPLICATE_VALUE", "permanent", "A unique field already holds this value: needs attention."),
  record("DUPLICATES_DETECTED", "permanent", "A duplicate rule blocked the record: needs attention."),
  record("FIELD_CUSTOM_VALIDATION_EXCEPTION", "permanent", "A validation rule of the org rejected the record: needs attention."),
  record("STRING_TOO_LONG", "permanent", "A value is longer than the field: needs attention."),
  record("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "permanent", "A value is not in a restricted picklist: needs attention."),
  record("INVALID_EMAIL_ADDRESS", "permanent", "An email address Salesforce refuses: needs attention."),
  record("FIELD_INTEGRITY_EXCEPTION", "permanent", "A reference or value breaks the field's integrity: needs attention."),
  record("INVALID_CROSS_REFERENCE_KEY", "permanent", "A referenced record id is wrong: needs attention."),
  record("MALFORMED_ID", "permanent", "A malformed Salesforce id: needs attention."),
  record("ENTITY_IS_DELETED", "permanent", "The Salesforce record was deleted: needs attention (replay re-creates it)."),
  record("INSUFFICIENT_ACCESS_OR_READONLY", "permanent", "The integration user may not write this record: needs attention."),
  record("INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "permanent", "The integration user may not reference the parent: needs attention."),
  record("INVALID_TYPE", "permanent", "The org has no such object: needs attention."),
  record("NOT_FOUND", "permanent", "The resource does not exist: needs attention."),
  // The engine's own, before any call: Salesforce would refuse it (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST on CurrencyIsoCode).
  record("CURRENCY_NOT_ACTIVE", "permanent", "The order's currency is not active in the multi-currency org: held before any call, needs attention naming the currency and Setup → Company Settings → Manage Currencies."),
];

/** Codes whose class does not depend on the message. */
function fixedClass(code: string): KnownErrorCode | undefined {
  const rows = KNOWN_ERROR_CODES.filter((row) => row.code === code);
  return rows.length === 1 ? rows[0] : undefined;
}

export function knownClassOf(code: string): ErrorClass | undefined {
  return fixedClass(code)?.errorClass;
}

export function isKnownOrgLevel(code: string): boolean {
  return KNOWN_ERROR_CODES.some((row) => row.code === code && row.scope === "org" && row.errorClass !== "limit");
}

export const ERROR_CODE_TABLE_START = "<!-- error-codes:start (generated from app/sync/error-codes.ts by scripts/error-codes-table.ts) -->";
export const ERROR_CODE_TABLE_END = "<!-- error-codes:end -->";

export function renderErrorCodeTable(): string {
  const lines = ["| errorCode | When | Class | Scope | What the engine does |", "| --- | --- | --- | --- | --- |"];
  for (const row of KNOWN_ERROR_CODES) lines.push(`| \`${row.code}\` | ${row.when ?? "always"} | ${row.errorClass} | ${row.scope} | ${row.meaning} |`);
  lines.push("| any other code | always | permanent | record | Needs attention, with Salesforce's raw message. |");
  return lines.join("\n");
}
