// A process that cannot start says why and what to do, once, without a stack trace for expected
// problems (configuration, the embedded database), and exits non-zero.

/** Errors whose message already tells the operator what to do. */
const EXPLAINED = new Set(["UnsafeConfigurationError", "EmbeddedDatabaseError"]);

export function exitOnStartupFailure(processName: string) {
  return (error: unknown): never => {
    const explained = error instanceof Error && EXPLAINED.has(error.name);
    const text = explained ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`\n${processName} could not start.\n${text}\n`);
    process.exit(1);
  };
}
