import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("orders/create");
export const loader = webhookLoader;
