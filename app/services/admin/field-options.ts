// The target-field picker's view of the org's describe (built by describe-fields.ts). Client-safe and
// dependency-free, so the mapping page's bundle does not carry the describe parser.

export interface FieldOption {
  name: string;
  type: string;
  length: number;
  required: boolean;
  /** Can be written at all (createable or updateable). */
  writable: boolean;
  externalId: boolean;
  relationshipName: string | null;
}

export type FieldOptionsByObject = Record<string, FieldOption[]>;

const SIZED = new Set(["string", "textarea", "email", "phone", "url", "picklist", "encryptedstring"]);

/** "string(80), required" — what a merchant needs to know when picking a field. */
export function describeFieldType(field: Pick<FieldOption, "type" | "length" | "required" | "writable">): string {
  const type = field.length > 0 && SIZED.has(field.type) ? `${field.type}(${field.length})` : field.type;
  return [type, field.required ? "required" : null, field.writable ? null : "read-only"].filter(Boolean).join(", ");
}
