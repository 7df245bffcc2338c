import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("customers/delete");
export const loader = webhookLoader;
