import type { Logger } from "../logging/logger.server";
import { openRuntimeDatabase, type RuntimeDatabase } from "./database.server";
import { assertSafeConfiguration } from "./startup-checks.server";
import { startWebServer, type WebServer } from "./web-server.server";
import { startWorkerRuntime, type WorkerRuntime } from "./worker-runtime.server";

export interface AppProcess {
  database: RuntimeDatabase;
  web: WebServer;
  worker: WorkerRuntime | undefined;
  /** Stops web server, worker and (when this process started it) the embedded PostgreSQL, in that order. */
  stop(): Promise<void>;
}

/** What `npm start` runs: database (embedded unless DATABASE_URL), migrations, web server, in-process worker. */
export async function startAppProcess(logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<AppProcess> {
  assertSafeConfiguration(env);
  const database = await openRuntimeDatabase(logger, env);
  env.DATABASE_URL = database.url;
  const web = await startWebServer({ port: Number(env.PORT ?? 3000), host: env.HOST ?? "0.0.0.0" });
  const worker = env.RUN_WORKER === "false" ? undefined : await startWorkerRuntime(database.url, logger, env);
  logger.info({ url: web.url, worker: Boolean(worker), embeddedDatabase: database.embedded }, "Salesforce Sync is running");
  return {
    database,
    web,
    worker,
    async stop() {
      await web.close();
      await worker?.stop();
      await database.stop();
    },
  };
}
