// `npm run worker`: a sync worker process. Start as many as you need, on any machines that reach the
// database; pg-boss shares the work between them.
import { createLogger } from "../app/services/logging/logger.server";
import { openRuntimeDatabase } from "../app/services/runtime/database.server";
import { assertSafeConfiguration } from "../app/services/runtime/startup-checks.server";
import { exitOnStartupFailure } from "../app/services/runtime/startup-failure.server";
import { onShutdown } from "../app/services/runtime/shutdown.server";
import { startWorkerRuntime } from "../app/services/runtime/worker-runtime.server";

const logger = createLogger({ name: "worker" });
const fail = exitOnStartupFailure("The sync worker");
try {
  assertSafeConfiguration(process.env, "worker");
} catch (error) {
  fail(error);
}
const database = await openRuntimeDatabase(logger).catch(fail);
const runtime = await startWorkerRuntime(database.url, logger);
logger.info({ pid: process.pid }, "sync worker started");

onShutdown(logger, [
  ["worker", () => runtime.stop()],
  ["database", () => database.stop()],
]);
