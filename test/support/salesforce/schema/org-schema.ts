import type { DescribeField, DescribeSObject } from "../metadata/describe-types";
import { ObjectSchema } from "./object-schema";

/** All objects of one org. `revision` changes whenever metadata does, so caches can tell. */
export class OrgSchema {
  private readonly byLower = new Map<string, ObjectSchema>();
  private readonly byPrefix = new Map<string, ObjectSchema>();
  revision = 0;

  constructor(docs: DescribeSObject[]) {
    for (const doc of docs) this.put(doc);
  }

  get(name: string): ObjectSchema | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  byKeyPrefix(prefix: string): ObjectSchema | undefined {
    return this.byPrefix.get(prefix);
  }

  all(): ObjectSchema[] {
    return [...this.byLower.values()];
  }

  put(doc: DescribeSObject): ObjectSchema {
    const schema = new ObjectSchema(doc);
    this.byLower.set(doc.name.toLowerCase(), schema);
    if (doc.keyPrefix) this.byPrefix.set(doc.keyPrefix, schema);
    this.revision++;
    return schema;
  }

  addField(objectName: string, f: DescribeField): ObjectSchema {
    const schema = this.require(objectName);
    const doc = schema.describe;
    doc.fields = [...doc.fields.filter((x) => x.name.toLowerCase() !== f.name.toLowerCase()), f];
    return this.put(doc);
  }

  removeField(objectName: string, fieldName: string): ObjectSchema {
    const doc = this.require(objectName).describe;
    doc.fields = doc.fields.filter((x) => x.name.toLowerCase() !== fieldName.toLowerCase());
    return this.put(doc);
  }

  require(name: string): ObjectSchema {
    const schema = this.get(name);
    if (!schema) throw new Error(`Unknown sObject type ${name}`);
    return schema;
  }
}
