// A tiny dependency-free static file server for the demo: serves the repository root (so www/ can
// load pkg/ and the recorded logs in tests/fixtures/) on 127.0.0.1. `/` redirects to `/www/`.
//   node scripts/serve.mjs            PORT=8080 by default
//   import { serve } from "./scripts/serve.mjs"; const server = await serve({ port: 0 });
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ndjson": "application/x-ndjson; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".gz": "application/gzip",
};

function reply(res, code, text, headers = {}) {
  res.writeHead(code, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/**
 * Starts the server and resolves to the listening `http.Server` (port 0 = any free port; read it
 * from `server.address().port`). Only files inside `root` are served.
 */
export function serve({ port = 8080, root = ROOT, host = "127.0.0.1" } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return reply(res, 400, "bad request\n");
    }
    if (pathname === "/") return reply(res, 302, "", { location: "/www/" });
    if (pathname.includes("\0")) return reply(res, 400, "bad request\n");
    let path = resolve(join(base, pathname));
    if (path !== base && !path.startsWith(base + sep)) return reply(res, 403, "forbidden\n");
    try {
      let info = await stat(path);
      if (info.isDirectory()) {
        // Relative URLs in index.html need the trailing slash.
        if (!pathname.endsWith("/")) return reply(res, 301, "", { location: `${pathname}/` });
        path = join(path, "index.html");
        info = await stat(path);
      }
      if (!info.isFile()) return reply(res, 404, "not found\n");
      res.writeHead(200, {
        "content-type": TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(path).on("error", () => res.destroy()).pipe(res);
    } catch {
      reply(res, 404, "not found\n");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      ok(server);
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await serve({ port: Number(process.env.PORT || 8080) });
  const { address, port } = server.address();
  console.log(`Serving the demo dashboard on http://${address}:${port}/www/ (Ctrl-C to stop)`);
}
