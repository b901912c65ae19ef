// The demo dashboard in real headless Chromium (playwright-core, Debian's /usr/bin/chromium): the
// rendered KPI values equal the Node API's for the same log and window; the replay clock ticks;
// switching the window re-renders. Screenshot: tests/out/demo.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { agentKpis } from "agent-kpis";
import { serve } from "../../scripts/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out");
const events = JSON.parse(readFileSync(join(root, "tests", "fixtures", "day-shift.json"), "utf8"));
const H = 3_600_000;
const day = Date.UTC(2026, 2, 10);

let server, browser, base;
before(async () => {
  mkdirSync(out, { recursive: true });
  server = await serve({ port: 0 });
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function rendered(page) {
  return page.$$eval("tbody tr[data-user-id]", (rows) => rows.map((tr) => {
    const kpi = (k) => Number(tr.querySelector(`[data-kpi="${k}"]`).dataset.value);
    return { user_id: tr.dataset.userId, loggedInMs: kpi("loggedInMs"), occupancyPct: kpi("occupancyPct"), utilizationPct: kpi("utilizationPct"),
      adherencePct: tr.querySelector('[data-kpi="adherencePct"]').dataset.value };
  }));
}

const { schedules, timezone } = JSON.parse(readFileSync(join(root, "tests", "fixtures", "day-shift.adherence.json"), "utf8"));
const api = (since, now) => agentKpis(events, since, { now, schedules, timezone }).agents.map(({ user_id, loggedInMs, occupancyPct, utilizationPct, adherencePct }) =>
  ({ user_id, loggedInMs, occupancyPct, utilizationPct, adherencePct: adherencePct === undefined ? "" : String(adherencePct) }));

test("rendered values equal the Node API for the same log and window", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const since = day + 8 * H;
  const now = day + 12 * H + 34_567;
  await page.goto(`${base}/www/?since=${since}&now=${now}&paused=1`);
  await page.waitForSelector("body[data-ready='1'] tbody tr[data-user-id]");
  const got = await rendered(page);
  assert.equal(got.length, 38); // 36 agents with events + 2 scheduled agents without
  assert.deepEqual(got, api(since, now));
  assert.equal(await page.locator("#error").isHidden(), true);
  await page.screenshot({ path: join(out, "demo.png"), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the clock ticks and the window selector re-renders", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}/www/?speed=60`);
  await page.waitForSelector("body[data-ready='1'] tbody tr[data-user-id]");
  const t1 = await page.textContent("#now");
  await page.waitForFunction((t) => document.getElementById("now").textContent !== t, t1, { timeout: 5000 });
  await page.selectOption("#since-mode", "15m");
  await page.waitForFunction(() => {
    const [now, since] = ["now", "since"].map((id) => Date.parse(document.getElementById(id).textContent.replace(" UTC", "Z").replace(" ", "T")));
    return now - since <= 15 * 60_000 + 60_000;
  });
  await page.close();
});

test("a narrow screen still shows every agent", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  await page.goto(`${base}/www/?since=${day}&now=${day + 13 * H}&paused=1`);
  await page.waitForSelector("body[data-ready='1'] tbody tr[data-user-id]");
  assert.equal((await rendered(page)).length, 38);
  await page.screenshot({ path: join(out, "demo-narrow.png") });
  await page.close();
});
