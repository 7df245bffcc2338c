import { createExpressionSandbox, sandboxOptionsFromEnv, type ExpressionSandbox } from "./expression-sandbox.server";

// The web process's sandbox for previews and rule tests, started on first use and separate from the sync
// worker's, so a merchant previewing a runaway never delays a sync batch (and the reverse).
let sandbox: ExpressionSandbox | undefined;

export function previewSandbox(): ExpressionSandbox {
  sandbox ??= createExpressionSandbox(sandboxOptionsFromEnv());
  return sandbox;
}

export async function closePreviewSandbox(): Promise<void> {
  const closing = sandbox;
  sandbox = undefined;
  await closing?.close();
}
