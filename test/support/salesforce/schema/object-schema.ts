import type { DescribeField, DescribeSObject } from "../metadata/describe-types";

// Indexes over one describe document. Salesforce API names are case-insensitive, so every lookup
// goes through lower-cased keys while responses always use the describe's canonical spelling.

export class ObjectSchema {
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string;
  private readonly byLower = new Map<string, DescribeField>();
  private readonly relationships = new Map<string, DescribeField>();
  /** Fields Salesforce indexes for uniqueness or external-id lookups. */
  readonly indexedFields: DescribeField[];
  /** Required on insert: not nillable, createable and not filled in by Salesforce. */
  readonly requiredOnCreate: DescribeField[];
  readonly defaults: Array<[string, string | boolean]>;

  constructor(readonly describe: DescribeSObject) {
    this.name = describe.name;
    this.label = describe.label;
    this.keyPrefix = describe.keyPrefix ?? "";
    for (const f of describe.fields) {
      this.byLower.set(f.name.toLowerCase(), f);
      if (f.relationshipName) this.relationships.set(f.relationshipName.toLowerCase(), f);
    }
    this.indexedFields = describe.fields.filter((f) => f.externalId || f.unique);
    this.requiredOnCreate = describe.fields.filter(
      (f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== "boolean",
    );
    this.defaults = [];
    for (const f of describe.fields) {
      const picked = f.picklistValues.find((p) => p.defaultValue);
      if (picked) this.defaults.push([f.name, picked.value]);
      else if (f.type === "boolean" && (f.createable || f.defaultedOnCreate)) {
        this.defaults.push([f.name, f.defaultValue === true]);
      }
    }
  }

  get fields(): DescribeField[] {
    return this.describe.fields;
  }

  field(name: string): DescribeField | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  /** The lookup field behind a relationship name (`Account` → AccountId, `Order__r` → Order__c). */
  relationship(name: string): DescribeField | undefined {
    return this.relationships.get(name.toLowerCase());
  }

  isExternalIdField(f: DescribeField): boolean {
    return f.externalId || f.type === "id";
  }
}
