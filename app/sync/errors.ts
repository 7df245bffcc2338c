import { knownClassOf, type ErrorClass } from "./error-codes";
import { isPlainObject } from "./json-value";

export type { ErrorClass } from "./error-codes";

// Two kinds of failure, named. Guards check a brand as well as the class so errors that crossed a
// module or realm boundary (a worker thread, a second copy of this file) are still recognised.

export interface SyncErrorOptions {
  code?: string;
  cause?: unknown;
}

export class PermanentError extends Error {
  readonly kind = "permanent" as const;
  readonly code: string | undefined;

  constructor(message: string, options: SyncErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "PermanentError";
    this.code = options.code;
  }
}

export class RetryableError extends Error {
  readonly kind = "retryable" as const;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: SyncErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "RetryableError";
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isPermanentError(error: unknown): error is PermanentError {
  return error instanceof PermanentError || (isPlainError(error) && error.kind === "permanent");
}

export function isRetryableError(error: unknown): error is RetryableError {
  return error instanceof RetryableError || (isPlainError(error) && error.kind === "retryable");
}

function isPlainError(error: unknown): error is { kind?: unknown } {
  return typeof error === "object" && error !== null && "kind" in error;
}


/**
 * The shapes failures arrive in: a REST error body item (`errorCode`), a collections SaveResult error
 * (`statusCode` holds the code string there), a jsforce error (`errorCode`/`name`), a Node network error
 * (`code`) and an HTTP status (`statusCode` number).
 */
export interface SalesforceErrorLike {
  errorCode?: string;
  statusCode?: number | string;
  message?: string;
  code?: string;
  name?: string;
  cause?: unknown;
}

const NETWORK_MESSAGE = /socket hang up|fetch failed|network (error|timeout)|ECONNRESET|ETIMEDOUT|timed out|other side closed/i;

/** The Salesforce error code, wherever the caller's error shape keeps it. */
export function salesforceErrorCode(error: SalesforceErrorLike): string | undefined {
  if (error.errorCode) return error.errorCode;
  if (typeof error.statusCode === "string" && error.statusCode !== "") return error.statusCode;
  if (error.code) return error.code;
  const cause = error.cause;
  if (isPlainObject(cause) && typeof cause.code === "string") return cause.code;
  if (cause instanceof Error && "code" in cause && typeof cause.code === "string") return cause.code;
  if (error.name && /^[A-Z][A-Z0-9_]+$/.test(error.name)) return error.name;
  return undefined;
}

function httpStatus(error: SalesforceErrorLike): number | undefined {
  if (typeof error.statusCode === "number") return error.statusCode;
  const match = /^ERROR_HTTP_(\d{3})$/.exec(salesforceErrorCode(error) ?? "");
  return match ? Number(match[1]) : undefined;
}

export function classifySalesforceError(error: SalesforceErrorLike): ErrorClass {
  const code = salesforceErrorCode(error) ?? "";
  const message = error.message ?? "";
  const status = httpStatus(error);

  if (code === "INVALID_SESSION_ID" || status === 401) return "session";
  if (code === "REQUEST_LIMIT_EXCEEDED") {
    // "ConcurrentRequests … Limit exceeded" clears in seconds; the daily total needs a pause.
    return /concurrent/i.test(message) ? "transient" : "limit";
  }
  // A trigger or flow that hit a row lock: the lock clears like any other (error-codes.ts lists both rows).
  if (code === "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY") return /UNABLE_TO_LOCK_ROW/.test(message) ? "transient" : "permanent";
  // The parent (e.g. the order's Opportunity) is not in Salesforce yet: webhooks arrive in any order,
  // so a refund may be processed before its order; retrying lets the parent land first.
  if (code === "INVALID_FIELD" && /foreign key external id/i.test(message)) return "transient";
  const known = knownClassOf(code);
  if (known) return known;
  if (status !== undefined && (status >= 500 || status === 408 || status === 429)) return "transient";
  if (!code && status === undefined && NETWORK_MESSAGE.test(message)) return "transient";
  return "permanent";
}

/** Classifies anything a port threw: our own errors first, then Salesforce and network shapes. */
export function classifyThrown(error: unknown): { errorClass: ErrorClass; code: string; message: string } {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "Unknown error";
  if (isPermanentError(error)) return { errorClass: "permanent", code: error.code ?? "PERMANENT_ERROR", message };
  if (isRetryableError(error)) return { errorClass: "transient", code: error.code ?? "RETRYABLE_ERROR", message };
  if (typeof error === "object" && error !== null) {
    const like = error as SalesforceErrorLike;
    const code = salesforceErrorCode(like);
    if (code || typeof like.statusCode === "number" || NETWORK_MESSAGE.test(message)) {
      return { errorClass: classifySalesforceError({ ...like, message }), code: code ?? "HTTP_ERROR", message };
    }
  }
  // An unknown failure may be a bug or a blip; retrying is safe (upserts are idempotent) and bounded.
  return { errorClass: "transient", code: "UNEXPECTED_ERROR", message };
}
