import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("orders/cancelled");
export const loader = webhookLoader;
