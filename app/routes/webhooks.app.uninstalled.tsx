import { webhookAction, webhookLoader } from "../webhook-route.server";

export const action = webhookAction("app/uninstalled");
export const loader = webhookLoader;
