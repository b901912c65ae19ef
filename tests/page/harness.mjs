// What every page test needs: the dashboard served from the repository root on a free port, and
// Debian's headless Chromium (never a browser a tool downloads), both started before the file's
// tests and stopped after them.
import { before, after } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

/**
 * Registers the file's `before`/`after` hooks; the returned object's `browser` and `base` (the
 * dashboard's URL, ending in `/www/`) are set once `before` has run.
 */
export function dashboard() {
  const env = { browser: null, base: "", server: null };
  before(async () => {
    env.server = await serve({ port: 0 });
    env.base = `http://127.0.0.1:${env.server.address().port}/www/`;
    env.browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
  });
  after(async () => {
    await env.browser?.close();
    await new Promise((ok) => (env.server ? env.server.close(ok) : ok()));
  });
  return env;
}
