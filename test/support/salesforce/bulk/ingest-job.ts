import { coerceCsv } from "../data/coerce";
import { deleteRecord, insertRecord, updateRecord, upsertRecord, type DmlContext, type SaveResult } from "../data/dml";
import type { ExternalRef, ParsedRecord } from "../data/parse-record";
import type { Row } from "../data/record-table";
import { bulkErrorCell, recordErr, type RecordError } from "../errors";
import { normalizeId } from "../ids";
import type { DescribeField } from "../metadata/describe-types";
import type { Org } from "../org/org";
import type { ObjectSchema } from "../schema/object-schema";
import { DELIMITERS, parseCsv } from "./csv";

export const OPERATIONS = ["insert", "update", "upsert", "delete", "hardDelete"] as const;
export type IngestOperation = (typeof OPERATIONS)[number];
export type JobState = "Open" | "UploadComplete" | "InProgress" | "JobComplete" | "Failed" | "Aborted";

type Column =
  | { kind: "field"; f: DescribeField }
  | { kind: "ref"; lookup: DescribeField; target: ObjectSchema; extName: string; extField: DescribeField | undefined };

/** "#N/A" is how Bulk API CSV says "set this field to null"; an empty cell leaves it alone. */
const NULL_CELL = "#N/A";

class InvalidBatch extends Error {}

export class IngestJob {
  state: JobState = "Open";
  readonly chunks: string[] = [];
  readonly successful: string[][] = [];
  readonly failed: string[][] = [];
  readonly unprocessed: string[][] = [];
  header: string[] = [];
  errorMessage: string | undefined;
  processedCount = 0;
  totalProcessingTime = 0;
  systemModstamp: string;

  constructor(
    readonly id: string,
    readonly schema: ObjectSchema,
    readonly operation: IngestOperation,
    readonly externalIdFieldName: string | undefined,
    readonly lineEnding: "LF" | "CRLF",
    readonly columnDelimiter: string,
    readonly apiVersion: string,
    readonly createdById: string,
    readonly createdDate: string,
  ) {
    this.systemModstamp = createdDate;
  }

  info(full: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: this.id,
      operation: this.operation,
      object: this.schema.name,
      createdById: this.createdById,
      createdDate: this.createdDate,
      systemModstamp: this.systemModstamp,
      state: this.state,
    };
    if (this.externalIdFieldName) out.externalIdFieldName = this.externalIdFieldName;
    out.concurrencyMode = "Parallel";
    out.contentType = "CSV";
    out.apiVersion = Number(this.apiVersion);
    if (full) {
      out.jobType = "V2Ingest";
      out.lineEnding = this.lineEnding;
      out.columnDelimiter = this.columnDelimiter;
      out.numberRecordsProcessed = this.processedCount;
      out.numberRecordsFailed = this.failed.length;
      out.retries = 0;
      out.totalProcessingTime = this.totalProcessingTime;
      out.apiActiveProcessingTime = this.totalProcessingTime;
      out.apexProcessingTime = 0;
      if (this.errorMessage) out.errorMessage = this.errorMessage;
    } else {
      out.contentUrl = `services/data/v${this.apiVersion}/jobs/ingest/${this.id}/batches`;
      out.lineEnding = this.lineEnding;
      out.columnDelimiter = this.columnDelimiter;
    }
    return out;
  }

  /** Runs the uploaded rows through the same save pipeline as the REST API, record by record. */
  process(org: Org, userId: string): void {
    const started = Date.now();
    this.state = "InProgress";
    const ctx: DmlContext = { org, userId, applyFaults: true };
    try {
      for (const chunk of this.chunks) this.processChunk(org, ctx, chunk);
      this.state = "JobComplete";
    } catch (e) {
      if (!(e instanceof InvalidBatch)) throw e;
      this.state = "Failed";
      this.errorMessage = e.message;
    }
    this.totalProcessingTime = Date.now() - started;
    this.systemModstamp = org.nowStamp();
  }

  private processChunk(org: Org, ctx: DmlContext, chunk: string): void {
    // Only a line with nothing on it is no record; a row of empty cells (",,") is a record with no
    // values and fails like any other (REQUIRED_FIELD_MISSING), so the job's counts add up.
    const rows = parseCsv(chunk, DELIMITERS[this.columnDelimiter] ?? ",").filter((r) => r.length > 1 || r[0] !== "");
    if (rows.length === 0) return;
    const [header, ...data] = rows;
    this.header = header;
    const columns = header.map((name) => this.column(org, name));
    const extIndex = this.externalIdFieldName
      ? header.findIndex((h) => h.toLowerCase() === this.externalIdFieldName!.toLowerCase())
      : -1;
    const upsertById = this.operation === "upsert" && this.externalIdFieldName?.toLowerCase() === "id";
    if (this.operation === "upsert" && extIndex < 0 && !upsertById) {
      throw new InvalidBatch(`InvalidBatch : Field name provided, ${this.externalIdFieldName} does not match an External ID, Salesforce Id, or indexed field for ${this.schema.name}`);
    }
    const extField = this.externalIdFieldName ? this.schema.field(this.externalIdFieldName) : undefined;
    const seen = new Map<string, number>();
    if (extIndex >= 0) for (const r of data) if (r[extIndex]) seen.set(r[extIndex], (seen.get(r[extIndex]) ?? 0) + 1);
    const idIndex = header.findIndex((h) => h.toLowerCase() === "id");
    for (const cells of data) {
      this.processedCount++;
      const parsed = this.parseRow(columns, cells);
      const result = this.save(org, ctx, parsed, cells, idIndex, extIndex, extField, seen);
      if (result.success) this.successful.push([result.id!, String(result.created === true), ...cells]);
      else this.failed.push([result.id ?? "", bulkErrorCell(result.errors), ...cells]);
    }
  }

  private save(
    org: Org,
    ctx: DmlContext,
    parsed: ParsedRecord,
    cells: string[],
    idIndex: number,
    extIndex: number,
    extField: DescribeField | undefined,
    seen: Map<string, number>,
  ): SaveResult {
    const table = org.table(this.schema);
    const existing = (): Row | RecordError => {
      const idText = idIndex >= 0 ? cells[idIndex] : "";
      const id = normalizeId(idText);
      if (!idText) return recordErr.missingId();
      if (!id || id.slice(0, 3) !== this.schema.keyPrefix) return recordErr.malformedId(this.schema.label, idText);
      const row = table.get(id);
      if (!row) return recordErr.invalidCrossReference("Id");
      if (row.IsDeleted) return recordErr.entityIsDeleted();
      return row;
    };
    switch (this.operation) {
      case "insert":
        return insertRecord(ctx, this.schema, parsed);
      case "update": {
        const row = existing();
        if (!("Id" in row)) return { success: false, errors: [row as RecordError] };
        const result = updateRecord(ctx, this.schema, row, parsed);
        return result.success ? { ...result, created: false } : { ...result, id: row.Id as string };
      }
      case "upsert": {
        const value = extIndex >= 0 ? (cells[extIndex] ?? "") : "";
        // Upsert on Id: a row without an Id is a new record (Bulk API "upsert … based on an ID").
        if (!value && extField!.type === "id") return insertRecord(ctx, this.schema, parsed);
        if (!value) return { success: false, errors: [recordErr.required([extField!.name])] };
        if ((seen.get(value) ?? 0) > 1) return { success: false, errors: [recordErr.duplicateExternalId(extField!.name, value)] };
        return upsertRecord(ctx, this.schema, extField!, value, parsed);
      }
      default: {
        const row = existing();
        if (!("Id" in row)) return { success: false, errors: [row as RecordError] };
        const result = deleteRecord(ctx, this.schema, row);
        return result.success ? { ...result, created: false } : result;
      }
    }
  }

  private column(org: Org, name: string): Column {
    const [head, tail] = name.split(/[.:]/, 2);
    if (tail !== undefined) {
      const lookup = this.schema.relationship(head);
      const target = lookup?.referenceTo.map((t) => org.schema.get(t)).find((s) => s !== undefined);
      if (!lookup || !target) throw new InvalidBatch(`InvalidBatch : Field name not found : ${name}`);
      return { kind: "ref", lookup, target, extName: tail, extField: target.field(tail) };
    }
    const f = this.schema.field(name);
    if (!f) throw new InvalidBatch(`InvalidBatch : Field name not found : ${name}`);
    return { kind: "field", f };
  }

  private parseRow(columns: Column[], cells: string[]): ParsedRecord {
    const values: Row = {};
    const refs: ExternalRef[] = [];
    const errors: RecordError[] = [];
    columns.forEach((col, i) => {
      const cell = cells[i] ?? "";
      if (cell === "") return;
      if (col.kind === "ref") {
        refs.push({ lookup: col.lookup, target: col.target, extName: col.extName, extField: col.extField, value: cell });
        return;
      }
      if (col.f.type === "id") return;
      if (cell === NULL_CELL) {
        values[col.f.name] = null;
        return;
      }
      const value = coerceCsv(col.f, cell);
      if (value === undefined) errors.push(recordErr.invalidTypeInRecord(col.f.label, col.f.name, cell));
      else values[col.f.name] = value;
    });
    return { values, refs, errors };
  }
}
