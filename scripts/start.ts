// `npm start`: the app on its embedded default (or DATABASE_URL): PostgreSQL, migrations, the web server
// and, unless RUN_WORKER=false, a sync worker in the same process.
import { createLogger } from "../app/services/logging/logger.server";
import { startAppProcess } from "../app/services/runtime/app-process.server";
import { onShutdown } from "../app/services/runtime/shutdown.server";
import { exitOnStartupFailure } from "../app/services/runtime/startup-failure.server";

const logger = createLogger({ name: "app" });
const app = await startAppProcess(logger).catch(exitOnStartupFailure("The app"));
onShutdown(logger, [["app", () => app.stop()]]);
