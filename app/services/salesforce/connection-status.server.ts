import type { PrismaClient } from "@prisma/client";
import { budgetMessage, evaluateBudget, type BudgetState } from "./api-budget.server";
import type { ConnectionStatus } from "./connection-store.server";
import type { HealthReport } from "./setup-check.server";

/** What the admin shows about a shop's connection. Never includes a token, encrypted or not. */
export interface ConnectionStatusView {
  status: ConnectionStatus;
  statusMessage: string | null;
  environment: string | null;
  loginUrl: string | null;
  instanceUrl: string | null;
  orgId: string | null;
  username: string | null;
  apiVersion: string | null;
  connectedAt: string | null;
  tokenRefreshedAt: string | null;
  apiReservePercent: number;
  apiUsage: (BudgetState & { seenAt: string | null }) | null;
  pause: { since: string; reason: string; message: string } | null;
  health: HealthReport | null;
}

const PAUSE_MESSAGES: Record<string, string> = {
  "salesforce-needs-reauth": "Salesforce needs you to reconnect. Events are kept and sync resumes after you connect again.",
  "salesforce-not-connected": "Salesforce is disconnected. Events are kept and sync resumes after you connect again.",
};

export async function readConnectionStatus(prisma: PrismaClient, shop: string): Promise<ConnectionStatusView> {
  const [row, shopRow] = await Promise.all([
    prisma.salesforceConnection.findUnique({ where: { shop } }),
    prisma.shop.findUnique({ where: { shop }, select: { syncPausedAt: true, syncPauseReason: true } }),
  ]);
  const reservePercent = row?.apiReservePercent ?? 20;
  const usage = row?.apiUsed != null && row.apiLimit ? evaluateBudget({ used: row.apiUsed, limit: row.apiLimit }, reservePercent) : null;
  const reason = shopRow?.syncPausedAt ? shopRow.syncPauseReason ?? "paused" : null;
  const pauseMessage = (r: string) =>
    r === "salesforce-api-budget" && usage ? budgetMessage(usage, reservePercent) : (r === "salesforce-needs-reauth" && row?.statusMessage) || PAUSE_MESSAGES[r] || r;
  return {
    status: (row?.status as ConnectionStatus | undefined) ?? "disconnected",
    statusMessage: row?.statusMessage ?? null,
    environment: row?.environment ?? null,
    loginUrl: row?.loginUrl ?? null,
    instanceUrl: row?.instanceUrl ?? null,
    orgId: row?.orgId ?? null,
    username: row?.username ?? null,
    apiVersion: row?.apiVersion ?? null,
    connectedAt: row?.connectedAt?.toISOString() ?? null,
    tokenRefreshedAt: row?.tokenRefreshedAt?.toISOString() ?? null,
    apiReservePercent: reservePercent,
    apiUsage: usage && { ...usage, seenAt: row?.apiUsageSeenAt?.toISOString() ?? null },
    pause: reason && shopRow?.syncPausedAt ? { since: shopRow.syncPausedAt.toISOString(), reason, message: pauseMessage(reason) } : null,
    health: (row?.healthReport as unknown as HealthReport | null) ?? null,
  };
}
