import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODE_TABLE_END, ERROR_CODE_TABLE_START, KNOWN_ERROR_CODES, renderErrorCodeTable } from "../../../app/sync/error-codes";
import { classifySalesforceError, classifyThrown } from "../../../app/sync/errors";
import { isOrgLevelCode } from "../../../app/sync/org-outage";

describe("Salesforce error codes", () => {
  it("treats a trigger or flow hitting a row lock as transient, whatever wraps it", () => {
    const wrapped = {
      statusCode: "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY",
      message:
        "OrderTrigger: execution of AfterInsert caused by: System.DmlException: Update failed. First exception on row 0 with id 0015g00000XyZabAAB; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record: []",
    };
    expect(classifySalesforceError(wrapped)).toBe("transient");
    // Any other trigger failure is the record's (or the org's automation's) problem: not retried.
    expect(classifySalesforceError({ statusCode: "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", message: "OrderTrigger: System.NullPointerException" })).toBe("permanent");
  });

  it("makes a full org storage an org-level failure (the shop pauses), not a record's", () => {
    expect(isOrgLevelCode("STORAGE_LIMIT_EXCEEDED")).toBe(true);
    expect(isOrgLevelCode("SERVER_UNAVAILABLE")).toBe(true);
    expect(isOrgLevelCode("UNABLE_TO_LOCK_ROW")).toBe(false);
    expect(isOrgLevelCode("FIELD_CUSTOM_VALIDATION_EXCEPTION")).toBe(false);
  });

  it("keeps an unknown code record-level and needing attention, with Salesforce's raw message", () => {
    const failure = classifyThrown(Object.assign(new Error("Something new went wrong: [Foo__c]"), { errorCode: "BRAND_NEW_CODE" }));
    expect(failure).toEqual({ errorClass: "permanent", code: "BRAND_NEW_CODE", message: "Something new went wrong: [Foo__c]" });
    expect(isOrgLevelCode("BRAND_NEW_CODE")).toBe(false);
  });

  it("classifies every code it lists as the table says", () => {
    for (const known of KNOWN_ERROR_CODES) {
      if (known.when) continue; // message-dependent rows are covered above
      expect({ code: known.code, errorClass: classifySalesforceError({ errorCode: known.code, message: "x" }) }).toEqual({ code: known.code, errorClass: known.errorClass });
    }
  });

  it("documents exactly these codes in the README", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf(ERROR_CODE_TABLE_START);
    const end = readme.indexOf(ERROR_CODE_TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    // Regenerate with: npx tsx scripts/error-codes-table.ts
    expect(readme.slice(start + ERROR_CODE_TABLE_START.length, end).trim()).toBe(renderErrorCodeTable().trim());
  });
});
