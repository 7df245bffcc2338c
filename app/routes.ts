import { flatRoutes } from "@remix-run/fs-routes";

// Flat routes: the file name is the URL (app/routes/webhooks.orders.create.tsx → /webhooks/orders/create).
export default flatRoutes();
