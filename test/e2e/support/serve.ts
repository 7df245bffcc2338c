// The production server as `npm start` runs it (the built Remix app on Express), in a child process of
// the e2e test, with outbound network blocked like the rest of the suite. Prints one line when listening.
import "../../support/block-network";
import { startWebServer } from "../../../app/services/runtime/web-server.server";

const server = await startWebServer({ port: Number(process.env.PORT), host: "127.0.0.1" });
console.log(`LISTENING ${server.url}`);

process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
