import { describe, expect, it } from "vitest";
import {
  classifySalesforceError,
  classifyThrown,
  isPermanentError,
  isRetryableError,
  PermanentError,
  RetryableError,
  salesforceErrorCode,
} from "../../../app/sync/errors";

describe("PermanentError / RetryableError", () => {
  it("are told apart by their guards", () => {
    const permanent = new PermanentError("no connection", { code: "NOT_CONNECTED" });
    const retryable = new RetryableError("blip", { retryAfterMs: 500 });
    expect(isPermanentError(permanent)).toBe(true);
    expect(isRetryableError(permanent)).toBe(false);
    expect(isRetryableError(retryable)).toBe(true);
    expect(retryable.retryAfterMs).toBe(500);
    expect(permanent.code).toBe("NOT_CONNECTED");
    expect(isPermanentError(new Error("x"))).toBe(false);
  });

  it("recognise errors from another copy of the module by their brand", () => {
    const foreign = Object.assign(new Error("from a worker"), { kind: "permanent" });
    expect(isPermanentError(foreign)).toBe(true);
    expect(isRetryableError({ kind: "retryable" })).toBe(true);
  });
});

describe("classifySalesforceError", () => {
  it.each([
    [{ errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" }, "transient"],
    [{ errorCode: "SERVER_UNAVAILABLE" }, "transient"],
    [{ statusCode: 503, message: "Service Unavailable" }, "transient"],
    [{ statusCode: 500 }, "transient"],
    [{ errorCode: "ERROR_HTTP_502" }, "transient"],
    [{ code: "ECONNRESET", message: "read ECONNRESET" }, "transient"],
    [{ code: "ETIMEDOUT" }, "transient"],
    [{ message: "socket hang up" }, "transient"],
    [{ message: "fetch failed", cause: { code: "UND_ERR_SOCKET" } }, "transient"],
    [{ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "TotalRequests Limit exceeded." }, "limit"],
    [{ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "ConcurrentRequests (Concurrent API Requests) Limit exceeded." }, "transient"],
    [{ errorCode: "INVALID_SESSION_ID", message: "Session expired or invalid" }, "session"],
    [{ statusCode: 401 }, "session"],
    [{ errorCode: "INVALID_FIELD", message: "Foreign key external ID: 820982911946154508 not found for field Shopify_Order_Id__c in entity Opportunity" }, "transient"],
    [{ errorCode: "INVALID_FIELD", message: "No such column 'Foo__c' on sobject of type Account" }, "permanent"],
    [{ errorCode: "REQUIRED_FIELD_MISSING" }, "permanent"],
    [{ errorCode: "DUPLICATE_VALUE" }, "permanent"],
    [{ errorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION" }, "permanent"],
    [{ errorCode: "STRING_TOO_LONG" }, "permanent"],
    [{ errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST" }, "permanent"],
    [{ errorCode: "DUPLICATES_DETECTED" }, "permanent"],
    [{ errorCode: "FIELD_INTEGRITY_EXCEPTION" }, "permanent"],
    [{ statusCode: 400, message: "Bad Request" }, "permanent"],
  ] as const)("%o → %s", (error, expected) => {
    expect(classifySalesforceError(error)).toBe(expected);
  });

  it("reads the code from a collections SaveResult error (statusCode holds the code string)", () => {
    expect(salesforceErrorCode({ statusCode: "DUPLICATES_DETECTED", message: "Use one of these records?" })).toBe("DUPLICATES_DETECTED");
    expect(classifySalesforceError({ statusCode: "UNABLE_TO_LOCK_ROW" })).toBe("transient");
  });

  it("reads the code jsforce puts in the error name", () => {
    const jsforceError = Object.assign(new Error("Required fields are missing: [LastName]"), { name: "REQUIRED_FIELD_MISSING" });
    expect(classifyThrown(jsforceError)).toMatchObject({ errorClass: "permanent", code: "REQUIRED_FIELD_MISSING" });
  });
});

describe("classifyThrown", () => {
  it("classifies our own errors first", () => {
    expect(classifyThrown(new PermanentError("Salesforce is not connected", { code: "NOT_CONNECTED" }))).toEqual({
      errorClass: "permanent",
      code: "NOT_CONNECTED",
      message: "Salesforce is not connected",
    });
    expect(classifyThrown(new RetryableError("try later")).errorClass).toBe("transient");
  });

  it("treats Salesforce and network shapes by code and unknown failures as transient", () => {
    expect(classifyThrown(Object.assign(new Error("TotalRequests Limit exceeded."), { errorCode: "REQUEST_LIMIT_EXCEEDED" })).errorClass).toBe("limit");
    expect(classifyThrown(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })).errorClass).toBe("transient");
    expect(classifyThrown(new Error("something odd"))).toMatchObject({ errorClass: "transient", code: "UNEXPECTED_ERROR" });
    expect(classifyThrown("plain string").message).toBe("plain string");
  });
});
