import jsonata from "jsonata";
import type { ExpressionRuntime } from "./expression-runtime";
import { err, ok, type Result } from "./result";

// JSONata calls this hook before evaluating every node of an expression; a guard that throws there ends a
// runaway (endless recursion, huge loops) at its budget instead of letting it hold the thread.
const EVALUATE_ENTRY = Symbol.for("jsonata.__evaluate_entry");
// The text of each compiled program, so a guard can say which expression ran over its budget.
const SOURCES = new WeakMap<jsonata.Expression, string>();

// Compiling JSONata up front turns a typo into a mapping-screen error instead of a failed sync.
export function compileJsonata(expression: string, runtime?: ExpressionRuntime): Result<jsonata.Expression, string> {
  try {
    const program = jsonata(expression);
    const guard = runtime?.guard;
    // JSONata keys its hooks by symbol; its typings only name string bindings.
    if (guard) program.assign(EVALUATE_ENTRY as unknown as string, () => guard.step());
    SOURCES.set(program, expression);
    return ok(program);
  } catch (error) {
    return err(describeJsonataError(error));
  }
}

/** Evaluates with the runtime's budget started (no budget without a runtime). */
export async function evaluateJsonata(program: jsonata.Expression, runtime: ExpressionRuntime | undefined, input: unknown, bindings: Record<string, unknown>): Promise<unknown> {
  runtime?.guard?.start(SOURCES.get(program));
  const value: unknown = await program.evaluate(input, bindings);
  runtime?.guard?.finish?.(value);
  return value;
}

export function describeJsonataError(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const details = error as { message?: unknown; position?: unknown; code?: unknown };
    const message = typeof details.message === "string" ? details.message : "invalid expression";
    const position = typeof details.position === "number" ? ` at position ${details.position}` : "";
    const code = typeof details.code === "string" ? ` (${details.code})` : "";
    return `JSONata error${position}: ${message}${code}`;
  }
  return "JSONata error: invalid expression";
}
