// The expression sandbox process: maps and validates batches of events with every JSONata evaluation under
// a time budget (checked at each evaluation step) and patterns compiled by RE2 (linear time, no
// backtracking). A runaway the step check cannot see (one huge built-in call, memory past
// --max-old-space-size) is ended from outside: the app kills this process (see expression-sandbox.server.ts).
import { RE2JS } from "re2js";
import { MappingCompiler } from "../../sync/compile-mapping";
import type { ExpressionRuntime } from "../../sync/expression-runtime";
import { mapEvent, type MappedEvent } from "../../sync/prepare-event";
import { compileRules, type CompiledRule } from "../../sync/validate-record";
import type { FromSandbox, SandboxSettings, ToSandbox } from "./sandbox-protocol";

const settings = JSON.parse(process.env.EXPRESSION_SANDBOX_SETTINGS ?? "{}") as SandboxSettings;
const send = (message: FromSandbox) => process.send?.(message);
let deadline = Number.POSITIVE_INFINITY;
let cpuAtStart = 0;
let steps = 0;
// CPU time of this process in ms: the budget is CPU spent, so a machine busy with other work (or a pause
// while the OS runs something else) never turns an honest expression into a violation.
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
let tracing: { id: number } | null = null;

const runtime: ExpressionRuntime = {
  guard: {
    start(expression) {
      deadline = performance.now() + settings.timeBudgetMs;
      cpuAtStart = cpuMs();
      if (tracing) send({ type: "expression", id: tracing.id, text: (expression ?? "").slice(0, 500) });
    },
    step() {
      // The clock is read every 64th step (a step takes well under a microsecond); wall time first, and only
      // past it CPU time, moving the wall deadline to what is left of the CPU budget.
      if ((++steps & 63) !== 0) return;
      const now = performance.now();
      if (now <= deadline) return;
      const spent = cpuMs() - cpuAtStart;
      if (spent >= settings.timeBudgetMs) throw new Error(`expression took longer than ${settings.timeBudgetMs} ms`);
      deadline = now + (settings.timeBudgetMs - spent);
    },
    finish(value) {
      const size = approximateSize(value, MAX_VALUE_CHARS);
      if (size > MAX_VALUE_CHARS) throw new Error(`expression produced more than ${MAX_VALUE_CHARS} characters (Salesforce's longest text field)`);
    },
  },
  compilePattern(pattern, flags) {
    let options = 0;
    for (const flag of flags ?? "") {
      if (flag === "i") options |= RE2JS.CASE_INSENSITIVE;
      else if (flag === "m") options |= RE2JS.MULTILINE;
      else if (flag === "s") options |= RE2JS.DOTALL;
    }
    try {
      const compiled = RE2JS.compile(pattern, options);
      return { test: (text) => compiled.matcher(text).find() };
    } catch (error) {
      // Lookarounds and backreferences have no linear-time implementation.
      throw new Error(`uses syntax the linear-time pattern engine does not support (${error instanceof Error ? error.message : String(error)})`);
    }
  },
};

// Salesforce's longest field (Long Text Area) holds 131,072 characters; no honest mapping value is larger.
const MAX_VALUE_CHARS = 131_072;

/** Characters in a value's strings (and elements), stopping once past `limit`. */
function approximateSize(value: unknown, limit: number): number {
  if (typeof value === "string") return value.length;
  if (value === null || typeof value !== "object") return 8;
  let total = 0;
  for (const inner of Array.isArray(value) ? value : Object.values(value)) {
    total += approximateSize(inner, limit) + 1;
    if (total > limit) break;
  }
  return total;
}

const compiler = new MappingCompiler(64, runtime);
const ruleCache = new Map<string, CompiledRule[]>();

async function map(message: ToSandbox): Promise<MappedEvent[]> {
  tracing = message.trace ? { id: message.id } : null;
  const results: MappedEvent[] = [];
  const rulesKeys = new Map(Object.entries(message.mappings).map(([key, mapping]) => [key, `${key}\u0000${JSON.stringify(mapping.rules)}`]));
  for (const request of message.requests) {
    const mapping = message.mappings[request.cacheKey];
    const compiled = compiler.compile(request.cacheKey, mapping.document);
    if (!compiled.ok) throw new Error(`mapping ${request.cacheKey} does not compile in the sandbox`);
    const rulesKey = rulesKeys.get(request.cacheKey) as string;
    let rules = ruleCache.get(rulesKey);
    if (!rules) {
      rules = compileRules(mapping.rules, mapping.document, runtime);
      if (ruleCache.size > 256) ruleCache.clear();
      ruleCache.set(rulesKey, rules);
    }
    results.push(await mapEvent({ kind: request.kind, payload: request.payload, mapping: compiled.value, rules, context: request.context, syncRecord: request.syncRecord }));
  }
  return results;
}

// One batch at a time (the app queues them), so the budget and the trace belong to one evaluation.
process.on("message", (message: ToSandbox) => {
  void map(message).then(
    (results) => send({ type: "mapped", id: message.id, results }),
    (error: unknown) => send({ type: "failed", id: message.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
// The app going away takes the sandbox with it.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
