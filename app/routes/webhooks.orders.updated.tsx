import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("orders/updated");
export const loader = webhookLoader;
