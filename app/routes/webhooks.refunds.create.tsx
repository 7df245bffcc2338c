import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("refunds/create");
export const loader = webhookLoader;
