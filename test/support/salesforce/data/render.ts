import type { DescribeField } from "../metadata/describe-types";
import type { ObjectSchema } from "../schema/object-schema";
import type { BoundPath, RecordLookup } from "../soql/bind";
import type { Row, SfValue } from "./record-table";

// Records as the REST API returns them: `attributes` first, canonical field names, compound
// address fields assembled from their components.

export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/v${version}/sobjects/${type}/${id}`;
}

function addressValue(f: DescribeField, row: Row): object | null {
  const prefix = f.name.replace(/Address$/, "");
  const part = (suffix: string): SfValue => row[prefix + suffix] ?? null;
  const value = {
    city: part("City"),
    country: part("Country"),
    geocodeAccuracy: part("GeocodeAccuracy"),
    latitude: part("Latitude"),
    longitude: part("Longitude"),
    postalCode: part("PostalCode"),
    state: part("State"),
    street: part("Street"),
  };
  return Object.values(value).some((v) => v !== null) ? value : null;
}

export function fieldValue(f: DescribeField, row: Row): SfValue | object {
  if (f.type === "address") return addressValue(f, row);
  const v = row[f.name];
  return v === undefined ? null : v;
}

/** GET sobjects/{type}/{id}: every field (or the requested ones) in describe order. */
export function renderRecord(schema: ObjectSchema, row: Row, version: string, fields?: DescribeField[]): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: schema.name, url: recordUrl(version, schema.name, row.Id as string) } };
  for (const f of fields ?? schema.fields) out[f.name] = fieldValue(f, row);
  return out;
}

/** A query result row, with parent relationships as nested records (or null). */
export function renderQueryRow(
  schema: ObjectSchema,
  row: Row,
  select: BoundPath[],
  version: string,
  lookup: RecordLookup,
): Record<string, unknown> {
  const out = renderRecord(schema, row, version, []);
  for (const path of select) {
    if (path.steps.length === 0) {
      out[path.field.name] = fieldValue(path.field, row);
      continue;
    }
    let target: Record<string, unknown> | null = out;
    let current: Row | undefined = row;
    for (let i = 0; i < path.steps.length && target && current; i++) {
      const step = path.steps[i];
      const key = step.relationshipName!;
      const parentId: SfValue | undefined = current[step.name];
      const parent: Row | undefined = typeof parentId === "string" ? lookup.findById(parentId) : undefined;
      if (target[key] === undefined) {
        target[key] = parent ? renderRecord(path.targets[i], parent, version, []) : null;
      }
      target = target[key] as Record<string, unknown> | null;
      current = parent;
    }
    if (target && current) target[path.field.name] = fieldValue(path.field, current);
  }
  return out;
}
