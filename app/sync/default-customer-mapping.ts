import { CUSTOMER_DISPLAY_NAME, CUSTOMER_LAST_NAME, CUSTOMER_PHONE } from "./default-expressions";
import type { MappingDocumentInput } from "./mapping-schema";

// customer → Account (business) + Contact, matched by Shopify_Customer_Id__c on both. Lengths are the
// standard field lengths, so values fit even before the org's describe has been read.

const text = (length: number) => [{ kind: "trim" as const }, { kind: "truncate" as const, length }];

export const DEFAULT_CUSTOMER_MAPPING: MappingDocumentInput = {
  schemaVersion: 1,
  resource: "customer",
  targets: [
    {
      key: "account",
      label: "Account",
      object: "Account",
      externalIdField: "Shopify_Customer_Id__c",
      externalIdSource: "id",
      fields: [
        { target: "Name", expression: CUSTOMER_DISPLAY_NAME, transforms: text(255) },
        { target: "Phone", expression: CUSTOMER_PHONE, transforms: text(40) },
        {
          target: "BillingStreet",
          source: "default_address.address1",
          transforms: [{ kind: "concat", sources: ["default_address.address2"], separator: "\n" }, ...text(255)],
        },
        { target: "BillingCity", source: "default_address.city", transforms: text(40) },
        { target: "BillingState", source: "default_address.province", transforms: text(80) },
        { target: "BillingPostalCode", source: "default_address.zip", transforms: text(20) },
        { target: "BillingCountry", source: "default_address.country", transforms: text(80) },
        // The CRM team writes their own account notes; Shopify's note only seeds an empty field.
        { target: "Description", source: "note", ownership: "if-blank", transforms: text(32000) },
      ],
    },
    {
      key: "contact",
      label: "Contact",
      object: "Contact",
      externalIdField: "Shopify_Customer_Id__c",
      externalIdSource: "id",
      dependsOn: ["account"],
      // Set on create only: a Contact adopted by email keeps the Account the CRM filed it under.
      references: [{ relationshipName: "Account", target: "account", required: true, ownership: "create-only" }],
      fields: [
        { target: "FirstName", source: "first_name", transforms: text(40) },
        { target: "LastName", expression: CUSTOMER_LAST_NAME, transforms: text(80) },
        { target: "Email", source: "email", transforms: [{ kind: "trim" }, { kind: "lower" }, { kind: "truncate", length: 80 }] },
        { target: "Phone", expression: CUSTOMER_PHONE, transforms: text(40) },
        {
          target: "MailingStreet",
          source: "default_address.address1",
          transforms: [{ kind: "concat", sources: ["default_address.address2"], separator: "\n" }, ...text(255)],
        },
        { target: "MailingCity", source: "default_address.city", transforms: text(40) },
        { target: "MailingState", source: "default_address.province", transforms: text(80) },
        { target: "MailingPostalCode", source: "default_address.zip", transforms: text(20) },
        { target: "MailingCountry", source: "default_address.country", transforms: text(80) },
      ],
    },
  ],
  // Salesforce keeps deleted customers by default (history, reporting); GDPR redaction is separate.
  policies: { deletedCustomers: { action: "ignore" } },
};

/**
 * Orgs with person accounts: one Account per customer carrying the person fields. RecordTypeId comes
 * from the runtime context (the org's person-account record type), set on create only.
 */
export const DEFAULT_CUSTOMER_PERSON_ACCOUNT_MAPPING: MappingDocumentInput = {
  schemaVersion: 1,
  resource: "customer",
  targets: [
    {
      key: "account",
      label: "Person Account",
      object: "Account",
      externalIdField: "Shopify_Customer_Id__c",
      externalIdSource: "id",
      fields: [
        { target: "RecordTypeId", source: "$context.personAccountRecordTypeId", ownership: "create-only" },
        { target: "FirstName", source: "first_name", transforms: text(40) },
        { target: "LastName", expression: CUSTOMER_LAST_NAME, transforms: text(80) },
        { target: "PersonEmail", source: "email", transforms: [{ kind: "trim" }, { kind: "lower" }, { kind: "truncate", length: 80 }] },
        { target: "Phone", expression: CUSTOMER_PHONE, transforms: text(40) },
        {
          target: "PersonMailingStreet",
          source: "default_address.address1",
          transforms: [{ kind: "concat", sources: ["default_address.address2"], separator: "\n" }, ...text(255)],
        },
        { target: "PersonMailingCity", source: "default_address.city", transforms: text(40) },
        { target: "PersonMailingState", source: "default_address.province", transforms: text(80) },
        { target: "PersonMailingPostalCode", source: "default_address.zip", transforms: text(20) },
        { target: "PersonMailingCountry", source: "default_address.country", transforms: text(80) },
        { target: "Description", source: "note", ownership: "if-blank", transforms: text(32000) },
      ],
    },
  ],
  policies: { deletedCustomers: { action: "ignore" } },
};
