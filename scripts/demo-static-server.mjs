// The demo's page server: serves the built example with a strict Content-Security-Policy, and
// `config.json` pointing the page at the mock backend. Node built-ins only.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The page's policy: scripts and styles from the page's own origin only (no inline code, no
 * eval), and network calls only to the page and the given API/socket origins.
 *
 * @param {string[]} connectSources e.g. `["http://127.0.0.1:8787", "ws://127.0.0.1:8787"]`
 */
export function contentSecurityPolicy(connectSources = []) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSources.join(" ")}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Serves `root` on `host:port` (0 = any free port). `/config.json` is answered from `config`.
 *
 * @param {{ root: string, host?: string, port?: number, config: object, connectSources?: string[] }} options
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startStaticServer({ root, host = "127.0.0.1", port = 0, config, connectSources = [] }) {
  const base = resolve(root);
  const csp = contentSecurityPolicy(connectSources);
  const configBody = `${JSON.stringify(config, null, 2)}\n`;

  const server = createServer(async (req, res) => {
    res.setHeader("content-security-policy", csp);
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("Method not allowed\n");
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("Bad request\n");
      return;
    }
    if (pathname === "/config.json") return send(res, req, 200, TYPES[".json"], configBody, "no-store");
    const file = resolve(base, `.${pathname.endsWith("/") ? `${pathname}index.html` : pathname}`);
    // Never serve anything outside the build folder (`/../`, encoded or not).
    if (file !== base && !file.startsWith(base + sep)) return send(res, req, 403, TYPES[".txt"], "Forbidden\n", "no-store");
    try {
      const body = await readFile(file);
      // Hashed assets never change; the page and everything else is re-read on every load.
      const cache = pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
      send(res, req, 200, TYPES[extname(file)] ?? "application/octet-stream", body, cache);
    } catch {
      send(res, req, 404, TYPES[".txt"], `Not found: ${pathname}\n`, "no-store");
    }
  });

  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen(undefined);
    });
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const hostname = host.includes(":") ? `[${host}]` : host;
  let closing;
  return {
    url: `http://${hostname}:${address.port}/`,
    port: address.port,
    close: () =>
      (closing ??= new Promise((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose(undefined)));
        server.closeAllConnections();
      })),
  };
}

/** @param {import("node:http").ServerResponse} res @param {import("node:http").IncomingMessage} req */
function send(res, req, status, type, body, cache) {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": cache });
  res.end(req.method === "HEAD" ? undefined : body);
}
