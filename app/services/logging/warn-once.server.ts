// Start-up warnings (development secrets in use, …) come from every part that reads the configuration: the
// script, the worker runtime and the web build (a separate bundle) in one process. Each is said once per
// process; the registry lives on globalThis so all bundles share it.
const KEY = Symbol.for("salesforce-sync.warned-once");

export function warnOnce(warn: (message: string) => void): (message: string) => void {
  const seen = ((globalThis as Record<symbol, Set<string> | undefined>)[KEY] ??= new Set<string>());
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    warn(message);
  };
}
