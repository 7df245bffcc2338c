import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import jsforce, { type Connection } from "jsforce";
import { startSalesforceEmulator, type OrgHandle, type SalesforceEmulator } from "../support/salesforce";

// Emulator throughput with the real jsforce: records/s upserted through sObject Collections
// (200 per call) against the single-record upsert path, both measured in this run on this machine.
// Run: node --import tsx test/bench/emulator.bench.ts [records]

const RECORDS = Number(process.argv[2] ?? 50_000);
const BASELINE_RECORDS = 2_000;
const CONCURRENCY = 4;

interface Run {
  records: number;
  ms: number;
  recordsPerSecond: number;
  apiCalls: number;
  apiCallsPerRecord: number;
  failures: number;
}

async function login(emulator: SalesforceEmulator, org: OrgHandle): Promise<Connection> {
  const conn = new jsforce.Connection({
    loginUrl: emulator.loginUrl,
    version: "62.0",
    oauth2: { clientId: "bench", clientSecret: "bench", loginUrl: emulator.loginUrl },
  });
  await conn.login(org.username, org.password);
  return conn;
}

function customers(n: number, offset: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    Name: `Customer ${offset + i}`,
    Shopify_Customer_Id__c: String(7_000_000_000_000 + offset + i),
    BillingCity: "Montréal",
    Phone: "+1 514 555 0100",
    AnnualRevenue: (offset + i) * 10,
  }));
}

async function measure(emulator: SalesforceEmulator, label: string, body: (conn: Connection) => Promise<number>): Promise<Run> {
  const org = emulator.createOrg({ dailyApiLimit: 10_000_000 });
  const conn = await login(emulator, org);
  const started = performance.now();
  const records = await body(conn);
  const ms = performance.now() - started;
  const { apiCalls } = org.stats();
  const failures = records - org.records("Account").length;
  const run = { records, ms: Math.round(ms), recordsPerSecond: Math.round((records / ms) * 1000), apiCalls, apiCallsPerRecord: apiCalls / records, failures };
  console.log(`${label.padEnd(34)} ${String(run.records).padStart(7)} records ${String(run.ms).padStart(7)} ms ${String(run.recordsPerSecond).padStart(8)} rec/s ${run.apiCallsPerRecord.toFixed(3).padStart(7)} calls/rec`);
  return run;
}

async function main(): Promise<void> {
  const emulator = await startSalesforceEmulator();
  try {
    const baseline = await measure(emulator, "single-record upsert (baseline)", async (conn) => {
      for (const record of customers(BASELINE_RECORDS, 0)) await conn.sobject("Account").upsert(record, "Shopify_Customer_Id__c");
      return BASELINE_RECORDS;
    });
    const collections = await measure(emulator, "collections upsert, 200/call", async (conn) => {
      await conn.sobject("Account").upsert(customers(RECORDS, 0), "Shopify_Customer_Id__c", { allOrNone: false, allowRecursive: true });
      return RECORDS;
    });
    const parallel = await measure(emulator, `collections upsert, ${CONCURRENCY} in flight`, async (conn) => {
      const chunks: Array<Array<Record<string, unknown>>> = [];
      for (let i = 0; i < RECORDS; i += 200) chunks.push(customers(Math.min(200, RECORDS - i), i));
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < chunks.length) await conn.sobject("Account").upsert(chunks[next++], "Shopify_Customer_Id__c", { allOrNone: false });
        }),
      );
      return RECORDS;
    });
    const results = {
      benchmark: "salesforce-emulator",
      at: new Date().toISOString(),
      node: process.version,
      cpu: os.cpus()[0]?.model ?? "unknown",
      baseline,
      collections,
      parallel,
      speedupVsBaseline: Number((collections.recordsPerSecond / baseline.recordsPerSecond).toFixed(1)),
      apiCallsSavedPerRecord: Number((baseline.apiCallsPerRecord - collections.apiCallsPerRecord).toFixed(3)),
    };
    console.log(`collections vs single-record: ${results.speedupVsBaseline}x records/s, ${collections.apiCallsPerRecord.toFixed(3)} vs ${baseline.apiCallsPerRecord.toFixed(3)} API calls per record`);
    const dir = path.resolve("test/bench/results");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, "emulator.json");
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await emulator.close();
  }
}

await main();
