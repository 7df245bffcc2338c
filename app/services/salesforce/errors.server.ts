// Failures of the connection itself (not of a record). Each carries a merchant-readable message the
// admin can show as is. The code is also embedded in `message` as "[CODE] …" because jsforce wraps a
// failed refresh in a plain Error ("Unable to refresh session due to: <message>"), losing the class;
// toSalesforceConnectionError() recovers it from there.

export const CONNECTION_ERROR_CODES = ["SALESFORCE_NOT_CONNECTED", "SALESFORCE_NEEDS_REAUTH", "SALESFORCE_REFRESH_FAILED"] as const;
export type ConnectionErrorCode = (typeof CONNECTION_ERROR_CODES)[number];

export abstract class SalesforceConnectionError extends Error {
  abstract readonly code: ConnectionErrorCode;
  /** Whether the shop's sync is paused until the merchant acts (vs. a blip the queue retries). */
  abstract readonly pausesSync: boolean;

  constructor(
    readonly shop: string,
    readonly merchantMessage: string,
    code: ConnectionErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`[${code}] ${merchantMessage}`, options);
  }
}

/** The shop never connected Salesforce, or disconnected it. */
export class SalesforceNotConnectedError extends SalesforceConnectionError {
  override name = "SalesforceNotConnectedError";
  readonly code = "SALESFORCE_NOT_CONNECTED";
  readonly pausesSync = true;
  constructor(shop: string, message = "Salesforce is not connected. Open Salesforce connection in the app and click Connect.") {
    super(shop, message, "SALESFORCE_NOT_CONNECTED");
  }
}

/** The refresh token was revoked or expired (invalid_grant): only the merchant can fix it, by reconnecting. */
export class SalesforceNeedsReauthError extends SalesforceConnectionError {
  override name = "SalesforceNeedsReauthError";
  readonly code = "SALESFORCE_NEEDS_REAUTH";
  readonly pausesSync = true;
  constructor(shop: string, message: string, options?: { cause?: unknown }) {
    super(shop, message, "SALESFORCE_NEEDS_REAUTH", options);
  }
}

/** Refreshing failed for a passing reason (network, 5xx): retry later, nothing to pause. */
export class SalesforceRefreshFailedError extends SalesforceConnectionError {
  override name = "SalesforceRefreshFailedError";
  readonly code = "SALESFORCE_REFRESH_FAILED";
  readonly pausesSync = false;
  /** Read by app/sync/errors classifyThrown(): retryable. */
  readonly kind = "retryable" as const;
  constructor(shop: string, options?: { cause?: unknown }) {
    super(shop, "Salesforce could not renew the session just now; sync will retry shortly.", "SALESFORCE_REFRESH_FAILED", options);
  }
}

const CODE_IN_MESSAGE = /\[(SALESFORCE_[A-Z_]+)\] (.*)$/s;

/** Recognises our connection errors, including after jsforce wrapped one in a plain Error. */
export function toSalesforceConnectionError(error: unknown, shop = ""): SalesforceConnectionError | undefined {
  if (error instanceof SalesforceConnectionError) return error;
  const message = error instanceof Error ? error.message : "";
  const match = CODE_IN_MESSAGE.exec(message);
  if (!match) return undefined;
  const [, code, merchantMessage] = match;
  if (code === "SALESFORCE_NOT_CONNECTED") return new SalesforceNotConnectedError(shop, merchantMessage);
  if (code === "SALESFORCE_NEEDS_REAUTH") return new SalesforceNeedsReauthError(shop, merchantMessage, { cause: error });
  if (code === "SALESFORCE_REFRESH_FAILED") return new SalesforceRefreshFailedError(shop, { cause: error });
  return undefined;
}
