import { err, ok, type Result } from "./result";
import { isPlainObject } from "./json-value";

// Dotted Shopify paths (`default_address.city`, `line_items.0.price`, `$item.price`) are resolved
// directly: they need no JSONata, are cheap per record, and are easy to show in the mapping screen.

export type PathScope = "root" | "item" | "index" | "context";

export interface SourcePath {
  readonly scope: PathScope;
  readonly segments: readonly string[];
  readonly text: string;
}

/** What a path or expression is evaluated against: the payload, the forEach element, runtime context. */
export interface EvaluationScope {
  readonly root: unknown;
  readonly item?: unknown;
  readonly index?: number;
  readonly context: Readonly<Record<string, unknown>>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function parseSourcePath(text: string): Result<SourcePath, string> {
  const normalised = text.trim().replace(/\[(\d+)\]/g, ".$1");
  if (normalised === "") return err("the path is empty");
  const parts = normalised.split(".");
  let scope: PathScope = "root";
  const head = parts[0] ?? "";
  if (head.startsWith("$")) {
    const name = head.slice(1);
    if (name !== "item" && name !== "index" && name !== "context") {
      return err(`"${head}" is not a known variable (use $item, $index or $context)`);
    }
    scope = name;
    parts.shift();
  }
  if (scope === "index" && parts.length > 0) return err("$index has no properties");
  for (const part of parts) {
    if (!SEGMENT.test(part)) return err(`"${part}" is not a valid path segment in "${text}"`);
  }
  if (scope === "root" && parts.length === 0) return err("the path is empty");
  return ok({ scope, segments: parts, text });
}

export function resolvePath(path: SourcePath, scope: EvaluationScope): unknown {
  const start =
    path.scope === "root" ? scope.root : path.scope === "item" ? scope.item : path.scope === "index" ? scope.index : scope.context;
  return walk(start, path.segments);
}

function walk(value: unknown, segments: readonly string[]): unknown {
  let current: unknown = value;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(segment)) {
        current = current[Number(segment)];
        continue;
      }
      // Like JSONata, a name applied to an array maps over its elements (`transactions.amount`).
      const rest = segments.slice(i);
      return current.flatMap((element) => {
        const found = walk(element, rest);
        return found === undefined ? [] : [found];
      });
    }
    if (!isPlainObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}
