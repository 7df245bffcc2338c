import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

/** Prisma on its JS query compiler, speaking to PostgreSQL through node-postgres (no native engine). */
export function createPrismaClient(
  databaseUrl: string,
  poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10),
): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}
