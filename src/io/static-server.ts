/**
 * A static file server for the built explorer (dist/explorer): GET and HEAD of files under one
 * folder, nothing else. It binds to localhost unless told otherwise, never lists folders, and
 * refuses any path that leaves the folder. The page's content security policy allows no
 * connection beyond this server, so a page that works here works offline.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

// vega compiles its expressions with Function (unsafe-eval); charts and readouts set inline styles
const CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; connect-src 'self' blob: data:; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The port `airace serve` listens on unless told otherwise. */
export const DEFAULT_PORT = 4180;

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Where a request path points inside `root`, or undefined when it may not be served. */
async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return undefined;
  }
  if (path.includes("\0") || !path.startsWith("/")) return undefined;
  const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
  try {
    const real = await realpath(file);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export async function startStaticServer(folder: string, host: string, port: number): Promise<StaticServer> {
  const root = await realpath(folder);
  const server = createServer((req, res) => {
    void (async () => {
      const headers = { "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer" };
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { ...headers, Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("method not allowed\n");
        return;
      }
      const file = await resolveFile(root, req.url ?? "/");
      if (file === undefined) {
        res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": body.length });
        res.end(req.method === "HEAD" ? undefined : body);
      } catch {
        res.writeHead(500, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("cannot read the file\n");
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown === "0.0.0.0" || shown === "[::]" ? "localhost" : shown}:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
