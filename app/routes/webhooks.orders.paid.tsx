import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("orders/paid");
export const loader = webhookLoader;
