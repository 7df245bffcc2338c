import type { Logger } from "../logging/logger.server";

/**
 * Runs `steps` in order on SIGINT/SIGTERM, once, then exits. A second signal exits at once, so a stuck
 * step never traps the operator.
 */
export function onShutdown(logger: Logger, steps: Array<[name: string, run: () => Promise<void>]>): void {
  let stopping = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "shutting down");
    let failed = false;
    for (const [name, run] of steps) {
      try {
        await run();
      } catch (error) {
        failed = true;
        logger.error({ err: error, step: name }, "shutdown step failed");
      }
    }
    process.exit(failed ? 1 : 0);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
