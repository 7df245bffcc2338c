// How merchant expressions run. The core evaluates JSONata and regexes through this seam so a host can
// bound them: the sync worker and the preview run them in a sandbox (a worker thread with a time budget per
// expression, a memory limit, and a linear-time regex engine). Without a runtime they run unbounded, which
// only tests of the pure core do.

export interface ExpressionGuard {
  /** Before each expression evaluation (its text): starts its time budget. */
  start(expression?: string): void;
  /** At every evaluation step: throws when the budget is spent (the error becomes a violation). */
  step(): void;
  /** After an evaluation: throws when its value is beyond any field's size (e.g. `$pad("x", 1e8)`). */
  finish?(value: unknown): void;
}

export interface CompiledPattern {
  test(text: string): boolean;
}

export interface ExpressionRuntime {
  guard?: ExpressionGuard;
  /** Compiles a merchant's pattern; throws a readable Error when the engine cannot run it. */
  compilePattern?(pattern: string, flags: string | undefined): CompiledPattern;
}

export function compilePattern(runtime: ExpressionRuntime | undefined, pattern: string, flags: string | undefined): CompiledPattern {
  return runtime?.compilePattern ? runtime.compilePattern(pattern, flags) : new RegExp(pattern, flags);
}
