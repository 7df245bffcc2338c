import net from "node:net";

// The suite must never leave this machine: any connection to a host other than loopback fails loudly.
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const originalConnect = net.Socket.prototype.connect;

function targetHost(args: unknown[]): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) return targetHost(first);
  if (first && typeof first === "object") {
    const options = first as { host?: string; path?: string };
    if (options.path) return "localhost"; // Unix sockets stay on the machine.
    return options.host ?? "localhost";
  }
  if (typeof first === "number" || typeof first === "string") {
    return typeof args[1] === "string" ? args[1] : "localhost";
  }
  return undefined;
}

net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const host = targetHost(args);
  if (host !== undefined && !LOOPBACK.has(host) && !host.startsWith("127.")) {
    throw new Error(`Network access outside loopback is blocked in tests (tried ${host})`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
