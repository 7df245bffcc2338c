// `npm start`: the app on its embedded default (or DATABASE_URL): PostgreSQL, migrations, the web server
// and, unless RUN_WORKER=false, a sync worker in the same process.
import { createLogger } from "../app/services/logging/logger.server";
import { openRuntimeDatabase } from "../app/services/runtime/database.server";
import { onShutdown } from "../app/services/runtime/shutdown.server";
import { startWebServer } from "../app/services/runtime/web-server.server";
import { startWorkerRuntime } from "../app/services/runtime/worker-runtime.server";

const logger = createLogger({ name: "app" });

const database = await openRuntimeDatabase(logger);
process.env.DATABASE_URL = database.url;

const web = await startWebServer({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "0.0.0.0" });
const worker = process.env.RUN_WORKER === "false" ? undefined : await startWorkerRuntime(database.url, logger);
logger.info({ url: web.url, worker: Boolean(worker), embeddedDatabase: database.embedded }, "Salesforce Sync is running");

onShutdown(logger, [
  ["web server", () => web.close()],
  ["worker", async () => worker?.stop()],
  ["database", () => database.stop()],
]);
