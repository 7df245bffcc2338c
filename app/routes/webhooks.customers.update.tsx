import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("customers/update");
export const loader = webhookLoader;
