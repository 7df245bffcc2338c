import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { securityHeaders } from "./security-headers.server";

export interface WebServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

interface EntryWithShutdown {
  closeAppContext?: () => Promise<void>;
}

/** Serves the production Remix build (`npm run build`) with Express. */
export async function startWebServer(options: { port: number; host: string; buildDir?: string }): Promise<WebServer> {
  const buildDir = path.resolve(options.buildDir ?? "build");
  const serverEntry = path.join(buildDir, "server", "index.js");
  if (!existsSync(serverEntry)) throw new Error(`No production build at ${serverEntry}: run \`npm run build\` first.`);
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders({ production: process.env.NODE_ENV === "production" }));
  app.use("/assets", express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(options.port, options.host, () => resolve(listening));
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host === "0.0.0.0" ? "localhost" : options.host;
  return {
    server,
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await (build.entry.module as EntryWithShutdown).closeAppContext?.();
    },
  };
}
