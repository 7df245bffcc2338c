import { err, SfApiError } from "../errors";
import { json, noContent, parseJsonBody, type ApiRequest, type ApiResponse, type Route } from "../http/api-types";
import type { Org } from "../org/org";
import { isPlainObject } from "../api/record-access";
import { DELIMITERS, parseCsv, toCsv } from "./csv";
import { IngestJob, OPERATIONS, type IngestOperation } from "./ingest-job";

// Bulk API 2.0 ingest, as jsforce's bulk2 drives it: create job, PUT CSV, PATCH UploadComplete,
// poll, then fetch successfulResults / failedResults / unprocessedrecords.

const jobsByOrg = new WeakMap<Org, Map<string, IngestJob>>();

/** Delay before an UploadComplete job starts, so clients observe InProgress like on a real org. */
export const BULK_PROCESSING_DELAY_MS = 5;

function jobs(org: Org): Map<string, IngestJob> {
  let map = jobsByOrg.get(org);
  if (!map) jobsByOrg.set(org, (map = new Map()));
  return map;
}

function requireJob(req: ApiRequest, id: string): IngestJob {
  const job = jobs(req.org).get(id);
  if (!job) throw err.notFound();
  return job;
}

function invalidJob(message: string): SfApiError {
  return new SfApiError(400, [{ code: "INVALIDJOB", message }]);
}

function createJob(req: ApiRequest): ApiResponse {
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw invalidJob("Invalid job request");
  const schema = typeof body.object === "string" ? req.org.schema.get(body.object) : undefined;
  if (!schema) throw new SfApiError(400, [{ code: "INVALIDENTITY", message: `sObject type '${String(body.object)}' is not supported.` }]);
  const operation = body.operation as IngestOperation;
  if (!OPERATIONS.includes(operation)) throw invalidJob(`Invalid operation: ${String(body.operation)}`);
  const extName = typeof body.externalIdFieldName === "string" ? body.externalIdFieldName : undefined;
  if (operation === "upsert") {
    const f = extName ? schema.field(extName) : undefined;
    if (!f || !schema.isExternalIdField(f)) {
      throw invalidJob(`The field ${extName ?? "(none)"} is not an External ID, Salesforce Id, or indexed field for ${schema.name}`);
    }
  }
  const delimiter = typeof body.columnDelimiter === "string" ? body.columnDelimiter : "COMMA";
  if (!(delimiter in DELIMITERS)) throw invalidJob(`Invalid columnDelimiter: ${delimiter}`);
  const job = new IngestJob(
    req.org.deps.ids.next("750"),
    schema,
    operation,
    operation === "upsert" ? schema.field(extName!)!.name : undefined,
    body.lineEnding === "CRLF" ? "CRLF" : "LF",
    delimiter,
    req.version,
    req.userId,
    req.org.nowStamp(),
  );
  jobs(req.org).set(job.id, job);
  return json(200, job.info(false));
}

function upload(req: ApiRequest, id: string): ApiResponse {
  const job = requireJob(req, id);
  if (job.state !== "Open") {
    throw new SfApiError(409, [{ code: "INVALIDJOBSTATE", message: `Job is not open for uploads: ${job.state}` }]);
  }
  job.chunks.push(req.body);
  const rows = Math.max(0, parseCsv(req.body, DELIMITERS[job.columnDelimiter]).length - 1);
  return { status: 201, text: "", contentType: "text/plain", records: rows };
}

function changeState(req: ApiRequest, id: string): ApiResponse {
  const job = requireJob(req, id);
  const body = parseJsonBody(req);
  const state = isPlainObject(body) ? body.state : undefined;
  if (state === "UploadComplete" && job.state === "Open") {
    job.state = "UploadComplete";
    const { org, userId } = req;
    setTimeout(() => {
      try {
        job.process(org, userId);
      } catch (e) {
        job.state = "Failed";
        job.errorMessage = `InternalServerError : ${e instanceof Error ? e.message : String(e)}`;
      }
    }, BULK_PROCESSING_DELAY_MS);
  } else if (state === "Aborted" && (job.state === "Open" || job.state === "UploadComplete")) {
    job.state = "Aborted";
  } else {
    throw new SfApiError(400, [{ code: "INVALIDJOBSTATE", message: `Can't change job state from ${job.state} to ${String(state)}` }]);
  }
  job.systemModstamp = req.org.nowStamp();
  return json(200, job.info(false));
}

function results(req: ApiRequest, id: string, kind: "successful" | "failed" | "unprocessed"): ApiResponse {
  const job = requireJob(req, id);
  const ending = job.lineEnding === "CRLF" ? "\r\n" : "\n";
  const delimiter = DELIMITERS[job.columnDelimiter];
  const header =
    kind === "successful" ? ["sf__Id", "sf__Created", ...job.header] : kind === "failed" ? ["sf__Id", "sf__Error", ...job.header] : job.header;
  const rows = kind === "successful" ? job.successful : kind === "failed" ? job.failed : job.unprocessed;
  // Before processing finished, nothing ran: every uploaded row is still unprocessed.
  const pending = kind === "unprocessed" && (job.state === "Open" || job.state === "UploadComplete" || job.state === "Aborted");
  const body = pending
    ? job.chunks.join("")
    : header.length === 0
      ? ""
      : toCsv(header, rows, ending, delimiter);
  return { status: 200, text: body, contentType: "text/csv", records: rows.length };
}

function deleteJob(req: ApiRequest, id: string): ApiResponse {
  requireJob(req, id);
  jobs(req.org).delete(id);
  return noContent();
}

export const bulkRoutes: Route[] = [
  { method: "POST", pattern: /^\/jobs\/ingest\/?$/, endpoint: () => "POST /jobs/ingest", handler: createJob },
  {
    method: "GET",
    pattern: /^\/jobs\/ingest\/?$/,
    endpoint: () => "GET /jobs/ingest",
    handler: (req) => json(200, { done: true, records: [...jobs(req.org).values()].map((j) => j.info(true)), nextRecordsUrl: null }),
  },
  { method: "PUT", pattern: /^\/jobs\/ingest\/([^/]+)\/batches\/?$/, endpoint: () => "PUT /jobs/ingest/{jobId}/batches", handler: (req, [id]) => upload(req, id) },
  { method: "PATCH", pattern: /^\/jobs\/ingest\/([^/]+)\/?$/, endpoint: () => "PATCH /jobs/ingest/{jobId}", handler: (req, [id]) => changeState(req, id) },
  { method: "GET", pattern: /^\/jobs\/ingest\/([^/]+)\/?$/, endpoint: () => "GET /jobs/ingest/{jobId}", handler: (req, [id]) => json(200, requireJob(req, id).info(true)) },
  { method: "DELETE", pattern: /^\/jobs\/ingest\/([^/]+)\/?$/, endpoint: () => "DELETE /jobs/ingest/{jobId}", handler: (req, [id]) => deleteJob(req, id) },
  {
    method: "GET",
    pattern: /^\/jobs\/ingest\/([^/]+)\/successfulResults\/?$/,
    endpoint: () => "GET /jobs/ingest/{jobId}/successfulResults",
    handler: (req, [id]) => results(req, id, "successful"),
  },
  {
    method: "GET",
    pattern: /^\/jobs\/ingest\/([^/]+)\/failedResults\/?$/,
    endpoint: () => "GET /jobs/ingest/{jobId}/failedResults",
    handler: (req, [id]) => results(req, id, "failed"),
  },
  {
    method: "GET",
    pattern: /^\/jobs\/ingest\/([^/]+)\/unprocessedrecords\/?$/,
    endpoint: () => "GET /jobs/ingest/{jobId}/unprocessedrecords",
    handler: (req, [id]) => results(req, id, "unprocessed"),
  },
];
