import type { PrismaClient } from "@prisma/client";
import { WAITING_FOR_PARENT_CODE } from "../store/dependency-revival.server";

// "Waiting for order #1001": a child event (refund, order) that failed because its parent is not in
// Salesforce yet names the parent, so the merchant knows what it waits on. It is re-queued by itself
// when the parent lands (dependency-revival.server.ts).

interface ChildEvent {
  shop: string;
  resource: string;
  status: string;
  lastErrorCode: string | null;
  payload: unknown;
}

export async function waitingForParent(prisma: PrismaClient, event: ChildEvent): Promise<string | null> {
  if (event.lastErrorCode !== WAITING_FOR_PARENT_CODE || !["queued", "dead"].includes(event.status)) return null;
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  if (event.resource === "refund" && payload.order_id != null) {
    const orderId = String(payload.order_id);
    const order = await prisma.webhookEvent.findFirst({
      where: { shop: event.shop, resource: "order", shopifyId: orderId },
      orderBy: { receivedAt: "desc" },
      select: { payload: true },
    });
    const name = (order?.payload as Record<string, unknown> | null)?.name;
    return `order ${typeof name === "string" ? name : orderId}`;
  }
  const customer = payload.customer as Record<string, unknown> | null | undefined;
  if (event.resource === "order" && customer?.id != null) {
    const label = [customer.first_name, customer.last_name].filter((part) => typeof part === "string" && part).join(" ");
    return `customer ${label || String(customer.id)}`;
  }
  return null;
}
