// What customers/redact does in Salesforce, chosen per shop on the Salesforce connection page. Our own
// database is erased under every policy; the policy only decides what happens to the org's records.
export const REDACTION_POLICIES = ["anonymize", "delete", "record-only"] as const;
export type RedactionPolicy = (typeof REDACTION_POLICIES)[number];

export const DEFAULT_REDACTION_POLICY: RedactionPolicy = "anonymize";

export function isRedactionPolicy(value: unknown): value is RedactionPolicy {
  return typeof value === "string" && (REDACTION_POLICIES as readonly string[]).includes(value);
}

export const REDACTION_POLICY_LABELS: Record<RedactionPolicy, string> = {
  anonymize: "Anonymize: blank the mapped personal fields of the customer's Contact / Account and their orders' buyer fields",
  delete: "Delete: delete the customer's Contact / Account and their order records in Salesforce",
  "record-only": "Record only: change nothing in Salesforce; list the request here for your Salesforce admin",
};
