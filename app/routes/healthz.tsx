import prisma from "../db.server";

// Liveness and readiness for load balancers: 200 when the database answers.
export const loader = async () => {
  await prisma.$queryRaw`SELECT 1`;
  return Response.json({ ok: true });
};
