import { describe, expect, it } from "vitest";
import { applyOwnership, hasNothingToUpdate, updateProjection } from "../../../app/sync/ownership";
import type { PlannedRecord } from "../../../app/sync/planned-record";

const record: PlannedRecord = {
  key: "account",
  target: "account",
  object: "Account",
  externalIdField: "Shopify_Customer_Id__c",
  externalId: "1",
  fields: { Name: "Bob", Rating: "Hot", Description: "Loves ice cream", Internal__c: "x", Account: { Shopify_Customer_Id__c: "9" } },
  ownership: { Name: "always", Rating: "create-only", Description: "if-blank", Internal__c: "never", Account: "create-only" },
  dependsOn: [],
  references: [],
  shared: false,
  autoTruncate: [],
  matchKeys: [],
  sources: {},
};

describe("applyOwnership", () => {
  it("writes everything but 'never' fields when the record is new", () => {
    expect(applyOwnership(record, { exists: false }).fields).toEqual({ Name: "Bob", Rating: "Hot", Description: "Loves ice cream", Account: { Shopify_Customer_Id__c: "9" } });
  });

  it("keeps only 'always' fields on update; if-blank acts like create-only without current values", () => {
    const updated = applyOwnership(record, { exists: true });
    expect(updated.fields).toEqual({ Name: "Bob" });
    expect(updated.ownership).toEqual({ Name: "always" });
  });

  it("writes if-blank fields that are blank in Salesforce when current values are known", () => {
    expect(applyOwnership(record, { exists: true, currentValues: { Description: null } }).fields).toEqual({ Name: "Bob", Description: "Loves ice cream" });
    expect(applyOwnership(record, { exists: true, currentValues: { Description: "CRM notes" } }).fields).toEqual({ Name: "Bob" });
  });

  it("treats fields without an ownership entry as 'always'", () => {
    expect(applyOwnership({ ...record, ownership: {} }, { exists: true }).fields).toEqual(record.fields);
  });
});

describe("updateProjection", () => {
  it("is what an update writes regardless of the CRM: the 'always' fields", () => {
    expect(updateProjection(record)).toEqual({ Name: "Bob" });
  });

  it("hasNothingToUpdate spots records left with only their external id", () => {
    const onlyCreate = { ...record, fields: { Rating: "Hot" }, ownership: { Rating: "create-only" as const } };
    expect(hasNothingToUpdate(applyOwnership(onlyCreate, { exists: true }))).toBe(true);
    expect(hasNothingToUpdate(applyOwnership(onlyCreate, { exists: false }))).toBe(false);
  });
});

describe("create-and-close (an Opportunity's StageName)", () => {
  const stage = (value: string): PlannedRecord => ({ ...record, object: "Opportunity", fields: { StageName: value }, ownership: { StageName: "create-and-close" } });

  it("writes the stage on create", () => {
    expect(applyOwnership(stage("Prospecting"), { exists: false }).fields).toEqual({ StageName: "Prospecting" });
  });

  it("leaves open stages to sales on update, and writes the closing ones", () => {
    expect(applyOwnership(stage("Prospecting"), { exists: true }).fields).toEqual({});
    expect(applyOwnership(stage("Closed Won"), { exists: true }).fields).toEqual({ StageName: "Closed Won" });
    expect(applyOwnership(stage("Closed Lost"), { exists: true }).fields).toEqual({ StageName: "Closed Lost" });
  });

  it("counts a closing stage in the update fingerprint, so reaching it sends an update once", () => {
    expect(updateProjection(stage("Prospecting"))).toEqual({});
    expect(updateProjection(stage("Closed Won"))).toEqual({ StageName: "Closed Won" });
  });
});
