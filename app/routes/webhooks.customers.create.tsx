import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("customers/create");
export const loader = webhookLoader;
