import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "./services/store/prisma-client.server";

declare global {
  // Reused across dev-server reloads so HMR does not open a new pool per edit.
  var prismaGlobal: PrismaClient | undefined;
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. `npm start` and `npm run demo` start an embedded PostgreSQL and set it for you; " +
        "set it yourself to use your own PostgreSQL (postgresql://user:password@host:5432/db).",
    );
  }
  return url;
}

const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrismaClient(requireDatabaseUrl());
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
