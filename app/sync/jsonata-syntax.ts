import jsonata from "jsonata";
import { err, ok, type Result } from "./result";

// Compiling JSONata up front turns a typo into a mapping-screen error instead of a failed sync.
export function compileJsonata(expression: string): Result<jsonata.Expression, string> {
  try {
    return ok(jsonata(expression));
  } catch (error) {
    return err(describeJsonataError(error));
  }
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
