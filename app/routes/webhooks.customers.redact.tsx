import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("customers/redact");
export const loader = webhookLoader;
