import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("shop/redact");
export const loader = webhookLoader;
