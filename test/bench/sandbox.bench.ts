// `npm run bench:sandbox`: what the expression sandbox costs the sync engine. Maps the same mixed batches
// (customers and orders of 2–250 lines, default mappings plus a pattern and an expression rule) in process
// and through the sandbox, one round trip per batch of WORKER_BATCH_SIZE, alternating, in one run.
import { performance } from "node:perf_hooks";
import { createExpressionSandbox } from "../../app/services/sandbox/expression-sandbox.server";
import { compileMapping } from "../../app/sync/compile-mapping";
import { defaultMappingDocument } from "../../app/sync/default-mappings";
import { mapInProcess, type MapRequest } from "../../app/sync/map-events";
import type { ValidationRule } from "../../app/sync/validation-rule";
import { customerPayload, orderPayload } from "../support/shopify-stream";
import { writeResults } from "./bench-env";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 4000);
const BATCH = Number(process.env.WORKER_BATCH_SIZE ?? 500);
const ROUNDS = 3;

const customer = compileMapping(defaultMappingDocument("customer"), "bench:customer:0");
const order = compileMapping(defaultMappingDocument("order"), "bench:order:0");
const rules: ValidationRule[] = [
  { id: "r1", resource: "customer", field: "email", expression: null, kind: "pattern", params: { pattern: "^[^@]+@[^@]+$" }, action: "warn", message: null },
  { id: "r2", resource: "order", field: null, expression: "$count(line_items) < 1000", kind: "expression", params: {}, action: "block", message: null },
];
const requests: MapRequest[] = Array.from({ length: EVENTS }, (_, index) =>
  index % 2 === 0
    ? { kind: "upsert", payload: customerPayload(index), mapping: customer, rules: rules.filter((rule) => rule.resource === "customer"), context: {}, syncRecord: null }
    : { kind: "upsert", payload: orderPayload(index, { customerIndex: index - 1, lines: index % 50 === 1 ? 250 : 2 + (index % 3) }), mapping: order, rules: rules.filter((rule) => rule.resource === "order"), context: { standardPricebookId: "01s000000000001AAA" }, syncRecord: null },
);
const batches: MapRequest[][] = [];
for (let i = 0; i < requests.length; i += BATCH) batches.push(requests.slice(i, i + BATCH));

const sandbox = createExpressionSandbox();
await sandbox.mapEvents(batches[0]); // start the sandbox process (once per worker process)

const timings = { inProcess: [] as number[], sandbox: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, map] of [["inProcess", mapInProcess], ["sandbox", sandbox.mapEvents]] as const) {
    const started = performance.now();
    for (const batch of batches) await map(batch);
    timings[name].push(performance.now() - started);
  }
}
await sandbox.close();

const best = (values: number[]) => Math.min(...values);
const result = {
  events: EVENTS,
  batchSize: BATCH,
  inProcessEventsPerSec: Math.round(EVENTS / (best(timings.inProcess) / 1000)),
  sandboxEventsPerSec: Math.round(EVENTS / (best(timings.sandbox) / 1000)),
  sandboxMsPerBatch: Number(((best(timings.sandbox) - best(timings.inProcess)) / batches.length).toFixed(1)),
};
console.table(result);
writeResults("sandbox", result);
