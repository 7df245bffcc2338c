import type { DescribeSObject } from "./describe-types";
import { field, sobject, systemFields } from "./field-builder";

// OpportunityContactRole, authored from the Object Reference ("OpportunityContactRole"): OpportunityId
// is required and cannot be updated; ContactId, IsPrimary (defaulted false) and Role (a picklist with
// Salesforce's standard values) can. It has no external id field, so it cannot be upserted by one.

export function opportunityContactRole(): DescribeSObject {
  const sys = systemFields("Contact Role");
  return sobject({
    name: "OpportunityContactRole",
    label: "Opportunity Contact Role",
    labelPlural: "Opportunity Contact Role",
    keyPrefix: "00K",
    fields: [
      ...sys.head,
      field({
        name: "OpportunityId",
        type: "reference",
        label: "Opportunity ID",
        referenceTo: ["Opportunity"],
        relationshipName: "Opportunity",
        nillable: false,
        cascadeDelete: true,
        updateable: false,
      }),
      field({ name: "ContactId", type: "reference", label: "Contact ID", referenceTo: ["Contact"], relationshipName: "Contact" }),
      field({
        name: "Role",
        type: "picklist",
        label: "Role",
        length: 255,
        picklist: ["Business User", "Decision Maker", "Economic Buyer", "Economic Decision Maker", "Evaluator", "Executive Sponsor", "Influencer", "Technical Buyer", "Other"],
      }),
      field({ name: "IsPrimary", type: "boolean", label: "Primary", nillable: false, defaultedOnCreate: true }),
      ...sys.audit,
    ],
  });
}
