import { existsSync } from "node:fs";
import path from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import type { EventMapper, MapRequest } from "../../sync/map-events";
import type { MappingDocument } from "../../sync/mapping-schema";
import type { MappedEvent } from "../../sync/prepare-event";
import type { ValidationRule } from "../../sync/validation-rule";
import { makeViolation } from "../../sync/violation";
import { processCpuMs } from "./process-cpu.server";
import type { FromSandbox, SandboxMapping, SandboxRequest, ToSandbox } from "./sandbox-protocol";

// Merchant expressions (JSONata mappings, expression rules, patterns) run in a sandbox process, never on the
// thread that answers webhooks and /healthz. Inside, each evaluation has a time budget checked at every
// step; a runaway that step checks cannot see (one huge built-in call) or that grows past the sandbox's heap
// is ended from here: the process is killed, the batch re-run event by event, and the event that breaks
// the budget alone gets a blocking violation naming its expression. A process rather than a worker thread:
// on Node 24 a worker thread that exceeds its resourceLimits heap aborts the whole process (measured). One round trip per batch keeps
// the cost on sync throughput small (measured in README → Measured figures).

export interface ExpressionSandboxOptions {
  /** CPU time of one expression evaluation (EXPRESSION_TIME_BUDGET_MS, default 50). */
  timeBudgetMs?: number;
  /** Heap of the sandbox process (EXPRESSION_MEMORY_MB, default 256: room for batches of 500 large orders). */
  memoryMb?: number;
  onRestart?: (reason: string) => void;
  /** Each sandbox process started (its pid), for logs and for tests that act on the process. */
  onSpawn?: (pid: number) => void;
}

export interface ExpressionSandbox {
  mapEvents: EventMapper;
  close(): Promise<void>;
}

// A batch that is starved rather than running away still ends after this many times its limit in wall time.
const MAX_WALL_FACTOR = 30;

type Failure = { kind: "time" | "memory" | "crash"; expression: string; detail: string };

export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ExpressionSandboxOptions {
  return { timeBudgetMs: Number(env.EXPRESSION_TIME_BUDGET_MS ?? 50), memoryMb: Number(env.EXPRESSION_MEMORY_MB ?? 256) };
}

export function createExpressionSandbox(options: ExpressionSandboxOptions = {}): ExpressionSandbox {
  const timeBudgetMs = options.timeBudgetMs ?? 50;
  const memoryMb = options.memoryMb ?? 256;
  let child: { process: ChildProcess; ready: Promise<void>; stderr: string[] } | null = null;
  let nextId = 1;
  // One batch at a time per sandbox: the budget and the trace belong to one evaluation.
  let queue: Promise<unknown> = Promise.resolve();

  function start() {
    const stderr: string[] = [];
    const forked = fork(workerFile(), [], {
      // The worker is TypeScript like the rest of the app's runtime; its heap is the memory budget.
      execArgv: ["--import", "tsx", `--max-old-space-size=${memoryMb}`],
      env: { ...process.env, EXPRESSION_SANDBOX_SETTINGS: JSON.stringify({ timeBudgetMs }) },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    forked.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    forked.unref();
    if (forked.pid !== undefined) options.onSpawn?.(forked.pid);
    (forked.channel as { unref?: () => void } | undefined)?.unref?.();
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromSandbox) => {
        if (message.type !== "ready") return;
        forked.off("message", onMessage);
        resolve();
      };
      forked.on("message", onMessage);
      forked.once("error", reject);
      forked.once("exit", (code) => reject(new Error(`expression sandbox exited with ${code} while starting: ${stderr.join("").slice(-500)}`)));
    });
    ready.catch(() => undefined);
    child = { process: forked, ready, stderr };
    return child;
  }

  function kill(reason: string) {
    const dying = child;
    child = null;
    options.onRestart?.(reason);
    dying?.process.kill("SIGKILL");
  }

  /** One round trip; resolves with the results or with why the sandbox had to die. */
  async function roundTrip(mappings: Record<string, SandboxMapping>, requests: SandboxRequest[], trace: boolean): Promise<{ ok: true; results: MappedEvent[] } | { ok: false; failure: Failure }> {
    const active = child ?? start();
    await active.ready;
    const id = nextId++;
    // Generous for honest work (mapping takes well under a millisecond an event); only runaways reach it.
    const limitMs = 2000 + requests.length * Math.max(20, timeBudgetMs);
    return await new Promise((resolve) => {
      let lastExpression = "";
      const done = (outcome: { ok: true; results: MappedEvent[] } | { ok: false; failure: Failure }) => {
        clearTimeout(timer);
        active.process.off("message", onMessage);
        active.process.off("exit", onExit);
        resolve(outcome);
      };
      const onMessage = (message: FromSandbox) => {
        if (message.type === "expression" && message.id === id) lastExpression = message.text;
        if (message.type === "mapped" && message.id === id) done({ ok: true, results: message.results });
        if (message.type === "failed" && message.id === id) done({ ok: false, failure: { kind: "crash", expression: lastExpression, detail: message.message } });
      };
      const onExit = () => {
        const memory = /heap out of memory|Reached heap limit/i.test(active.stderr.join(""));
        if (child === active) child = null;
        options.onRestart?.(memory ? "memory" : "crash");
        done({ ok: false, failure: { kind: memory ? "memory" : "crash", expression: lastExpression, detail: "the sandbox process ended" } });
      };
      // The limit is CPU the sandbox spent, like the budget inside it: on a starved machine (a load average
      // far above the cores) an honest batch can wait seconds for a core, and killing it then would park
      // valid events as needs attention. The clock only arms the check; past the limit in wall time, the
      // sandbox's CPU time decides (where /proc cannot tell, or after MAX_WALL_FACTOR × the limit, wall time does).
      const cpuAtStart = processCpuMs(active.process.pid);
      const startedAt = Date.now();
      const check = () => {
        const cpuNow = processCpuMs(active.process.pid);
        const cpuSpent = cpuAtStart === null || cpuNow === null ? null : cpuNow - cpuAtStart;
        const waited = Date.now() - startedAt;
        if (cpuSpent !== null && cpuSpent < limitMs && waited < limitMs * MAX_WALL_FACTOR) {
          timer = setTimeout(check, Math.max(100, limitMs - cpuSpent));
          return;
        }
        kill("time");
        done({ ok: false, failure: { kind: "time", expression: lastExpression, detail: `no answer within ${limitMs} ms` } });
      };
      let timer = setTimeout(check, limitMs);
      active.process.on("message", onMessage);
      active.process.once("exit", onExit);
      active.process.send({ type: "map", id, mappings, requests, trace } satisfies ToSandbox);
    });
  }

  async function mapBatch(requests: readonly MapRequest[]): Promise<MappedEvent[]> {
    const mappings: Record<string, SandboxMapping> = {};
    for (const request of requests) mappings[request.mapping.cacheKey] ??= { document: request.mapping.document, rules: request.rules };
    const plain = requests.map(toSandboxRequest);
    const whole = await roundTrip(mappings, plain, false);
    if (whole.ok) return whole.results;
    if (whole.failure.kind === "crash" && child) throw new Error(`expression sandbox failed: ${whole.failure.detail}`);
    // Find the event(s) that break the budget alone, tracing which expression runs; the others map normally.
    const results: MappedEvent[] = [];
    for (const [index, request] of plain.entries()) {
      const single = await roundTrip({ [request.cacheKey]: mappings[request.cacheKey] }, [request], true);
      results.push(single.ok ? single.results[0] : budgetViolation(requests[index], single.failure, timeBudgetMs, memoryMb));
    }
    return results;
  }

  return {
    mapEvents(requests) {
      const run = queue.then(() => mapBatch(requests));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      const closing = child;
      child = null;
      if (closing && closing.process.exitCode === null) {
        const exited = new Promise((resolve) => closing.process.once("exit", resolve));
        // Unreferenced while idle (it must not keep the app alive); referenced while we wait for it to end.
        closing.process.ref();
        closing.process.kill("SIGTERM");
        await exited;
      }
    },
  };
}

function toSandboxRequest(request: MapRequest): SandboxRequest {
  return {
    kind: request.kind,
    payload: request.payload,
    cacheKey: request.mapping.cacheKey,
    context: request.context,
    syncRecord: request.syncRecord,
  };
}

function budgetViolation(request: MapRequest, failure: Failure, timeBudgetMs: number, memoryMb: number): MappedEvent {
  const what =
    failure.kind === "memory"
      ? `expression used more than ${memoryMb} MB of memory`
      : failure.kind === "time"
        ? `expression took longer than ${timeBudgetMs} ms`
        : `expression could not be evaluated (${failure.detail})`;
  const where = locateExpression(request.mapping.document, request.rules, failure.expression);
  const message = `${where.label} ${what}${failure.expression ? `: ${failure.expression.slice(0, 120)}` : ""}. Simplify it, then replay the event.`;
  return { records: [], violations: [makeViolation({ field: where.field, rule: where.rule, message, action: "block", ...(where.ruleId ? { ruleId: where.ruleId } : {}) })], note: null };
}

/** The mapping row or rule that holds the expression, so the violation shows where it belongs. */
function locateExpression(document: MappingDocument, rules: readonly ValidationRule[], expression: string): { field: string; rule: string; label: string; ruleId?: string } {
  if (expression) {
    for (const target of document.targets) {
      const field = target.fields.find((candidate) => candidate.expression === expression);
      if (field) return { field: `${target.object}.${field.target}`, rule: "mapping:budget", label: `The mapping of ${target.object}.${field.target}:` };
      if (target.when === expression || target.externalIdExpression === expression) return { field: target.object, rule: "mapping:budget", label: `The mapping of ${target.object}:` };
    }
    const rule = rules.find((candidate) => candidate.expression === expression);
    if (rule) return { field: rule.field ?? "(event)", rule: "expression:budget", label: "The validation rule's", ruleId: rule.id };
  }
  const patternRule = rules.find((candidate) => candidate.kind === "pattern");
  if (!expression && patternRule) return { field: patternRule.field ?? "(event)", rule: "pattern:budget", label: "A validation rule's", ruleId: patternRule.id };
  return { field: "(mapping)", rule: "mapping:budget", label: "A mapping" };
}

/** The worker script, from the project root (the web build is bundled, so import.meta.url is not this file). */
function workerFile(): string {
  const candidates = [path.resolve(process.env.APP_ROOT ?? process.cwd(), "app/services/sandbox/sandbox-worker.ts")];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`expression sandbox worker not found at ${candidates.join(", ")}: start the app from its project folder or set APP_ROOT.`);
  return found;
}
