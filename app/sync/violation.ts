// A rule that a record breaks is a value the pipeline carries to the activity screen, never an
// exception. `block` stops the record (or, without recordKey, the whole event); `warn` only reports;
// `drop-field` removes the offending field and sends the rest.
export const VIOLATION_ACTIONS = ["block", "warn", "drop-field"] as const;
export type ViolationAction = (typeof VIOLATION_ACTIONS)[number];
export type ViolationSeverity = "error" | "warning";

export interface Violation {
  /** `Contact.LastName` for a Salesforce field, or a Shopify path such as `default_address.zip`. */
  field: string;
  /** What was checked: a rule kind (`required`, `format`…), `describe:<check>` or `mapping:<step>`. */
  rule: string;
  message: string;
  action: ViolationAction;
  severity: ViolationSeverity;
  /** The planned record it concerns; absent when it concerns the whole event. */
  recordKey?: string;
  /** The merchant's ValidationRule id, when one produced it. */
  ruleId?: string;
  /** The event's error code when this violation blocks it (default VALIDATION_FAILED). */
  code?: string;
}

export function makeViolation(input: Omit<Violation, "severity">): Violation {
  return { ...input, severity: input.action === "block" ? "error" : "warning" };
}

export function isBlocking(violation: Violation): boolean {
  return violation.action === "block";
}
