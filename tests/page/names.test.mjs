// The dashboard (www/) with statuses, reasons and user ids that plain JS objects already have as
// members (constructor, __proto__, hasOwnProperty, toString, valueOf, …) and markup
// (tests/fixtures/hostile-names.json), in headless Debian Chromium through playwright-core: labels,
// filter options, counts, current statuses and bar segments are the status strings themselves,
// every status with time has a colored segment, and no string became an element or ran. Expected
// values come from the raw events by hand and from the Node API, never from the page's code.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis } from "agent-kpis";
import { dashboard } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const shots = join(root, "tests", "out", "screenshots");
const events = JSON.parse(readFileSync(join(root, "tests", "fixtures", "hostile-names.json"), "utf8"));
const SINCE = 1773129600000;
const NOW = SINCE + 100_000;
const QUERY = `?log=../tests/fixtures/hostile-names.json&schedules=none&since=${SINCE}&now=${NOW}&paused=1`;

// Every status of the log, and its label: the status itself, but for the platform's canonical
// statuses, which the dashboard names ("paused" → "Paused").
const STATUSES = [...new Set(events.map((e) => e.status))];
const label = (s) => (s === "paused" ? "Paused" : s);
const agents = agentKpis(events, SINCE, { now: NOW }).agents;
const own = (o, k) => (o !== undefined && Object.hasOwn(o, k) ? o[k] : undefined);

/** By hand from the raw events (in time order): each agent's status and reason at NOW. */
const current = new Map();
for (const e of [...events].sort((a, b) => a.ts - b.ts)) if (e.ts <= NOW) current.set(e.user_id, { status: e.status, reason: e.reason ?? null });

const hms = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
const sorted = (list) => [...list].sort();
const TRANSPARENT = "rgba(0, 0, 0, 0)";

const env = dashboard();
before(() => {
  mkdirSync(shots, { recursive: true });
});

/** Opens the page with `window.alert` (and confirm, prompt) recording their calls; dialogs are recorded too. */
async function open(query) {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.errors = [];
  page.dialogs = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("dialog", (d) => {
    page.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.calls = [];
    for (const name of ["alert", "confirm", "prompt"]) window[name] = (...args) => void window.calls.push([name, ...args.map(String)]);
  });
  await page.goto(`${env.base}${query}`);
  await page.waitForSelector("body[data-ready]");
  return page;
}

test("labels, filter options, counts, current statuses and bar segments are the status strings", async () => {
  const page = await open(QUERY);
  await page.waitForSelector("#rows tr[data-user-id]");
  await page.waitForFunction((n) => Number(document.body.dataset.now) === n, NOW);
  assert.equal(await page.locator("#error").isHidden(), true, await page.textContent("#error"));

  // Legend: one entry per status of the log, labelled with it, titled with it, with a color.
  const legend = await page.$$eval("#legend li", (lis) => lis.map((li) => ({
    text: li.textContent, title: li.title, color: getComputedStyle(li.querySelector(".swatch")).backgroundColor,
  })));
  assert.deepEqual(sorted(legend.map((l) => l.title)), sorted(STATUSES));
  for (const l of legend) {
    assert.equal(l.text, label(l.title), `legend label of ${l.title}`);
    assert.notEqual(l.color, TRANSPARENT, `legend color of ${l.title}`);
  }

  // Status filter: "All" and one option per status, valued and labelled with it.
  const options = await page.$$eval("#status-filter option", (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options[0], ["", "All"]);
  assert.deepEqual(sorted(options.slice(1).map(([v]) => v)), sorted(STATUSES));
  for (const [value, text] of options.slice(1)) assert.equal(text, label(value), `filter option ${value}`);

  // Rows: the Node API's numbers, keyed by the user ids as written.
  const rows = await page.$$eval("#rows tr[data-user-id]", (trs) => trs.map((tr) => ({
    user_id: tr.dataset.userId,
    agent: tr.querySelector("th.agent").textContent,
    status: tr.querySelector('[data-kpi="status"]').dataset.value,
    statusText: tr.querySelector('[data-kpi="status"] span:last-child').textContent,
    statusColor: getComputedStyle(tr.querySelector('[data-kpi="status"] .swatch')).backgroundColor,
    statusMs: tr.querySelector('[data-kpi="statusMs"]').dataset.value,
    barText: tr.querySelector('[data-kpi="statusMs"] .bar').title,
    segments: [...tr.querySelectorAll('[data-kpi="statusMs"] .bar > span')].map((s) => ({
      status: s.dataset.status, grow: s.style.flexGrow, color: getComputedStyle(s).backgroundColor, width: s.getBoundingClientRect().width,
    })),
  }))).then((list) => list.map((r) => ({ ...r, statusMs: JSON.parse(r.statusMs) })));
  // (statusMs is parsed here: objects returned from the page lose an own "__proto__" key on the way.)
  assert.deepEqual(sorted(rows.map((r) => r.user_id)), sorted(agents.map((a) => a.user_id)));
  for (const r of rows) {
    const a = agents.find((x) => x.user_id === r.user_id);
    const cur = current.get(r.user_id);
    assert.equal(r.agent, r.user_id);
    assert.deepEqual(r.statusMs, a.statusMs, `statusMs of ${r.user_id}`);
    // Current status: the status (and reason) as text, with its color.
    assert.equal(r.status, cur.status, `current status of ${r.user_id}`);
    assert.equal(r.statusText, `${label(cur.status)}${cur.reason ? ` · ${cur.reason}` : ""}`, `status text of ${r.user_id}`);
    assert.notEqual(r.statusColor, TRANSPARENT, `status color of ${r.user_id}`);
    // Bar: one colored, visible segment per status with time, its flex-grow the status's ms.
    const withTime = Object.entries(a.statusMs).filter(([, ms]) => ms > 0);
    assert.deepEqual(sorted(r.segments.map((s) => s.status)), sorted(withTime.map(([s]) => s)), `segments of ${r.user_id}`);
    for (const [s, ms] of withTime) {
      const seg = r.segments.find((x) => x.status === s);
      assert.equal(seg.grow, String(ms), `${r.user_id} ${s}`);
      assert.notEqual(seg.color, TRANSPARENT, `color of ${r.user_id}'s ${s} segment`);
      assert.ok(seg.width > 0, `${r.user_id}'s ${s} segment is drawn`);
      // The tooltip: the status, its time and its reasons (only its own, none inherited).
      const reasons = own(a.reasonMs, s);
      const piece = `${label(s)} ${hms(ms)}${reasons ? ` (${Object.entries(reasons).map(([k, v]) => `${k} ${hms(v)}`).join(", ")})` : ""}`;
      assert.ok(`${r.barText}, `.includes(`${piece}, `), `${r.user_id}: ${JSON.stringify(piece)} in ${JSON.stringify(r.barText)}`);
    }
  }
  // The issue's numbers, by hand.
  const ms = (id, s) => own(rows.find((r) => r.user_id === id).statusMs, s) ?? 0;
  assert.deepEqual(rows.map((r) => ms(r.user_id, "constructor")), rows.map((r) => (r.user_id === "__proto__" ? 99_000 : 0)));
  assert.deepEqual(rows.map((r) => ms(r.user_id, "hasOwnProperty")), rows.map((r) => (r.user_id === "n" ? 97_000 : 0)));

  // Agents per current status: each chip is the status's label and its count.
  const counts = await page.$$eval("#status-counts li", (lis) => lis.map((li) => [li.dataset.status, li.dataset.count, li.textContent]));
  const want = new Map();
  for (const { status } of current.values()) want.set(status, (want.get(status) ?? 0) + 1);
  assert.deepEqual(sorted(counts.map(([s]) => s)), sorted(want.keys()));
  for (const [s, n, text] of counts) {
    assert.equal(n, String(want.get(s)), `count of ${s}`);
    assert.equal(text, `${label(s)} ${want.get(s)}`, `chip of ${s}`);
  }

  // Filtering by a status named like an Object.prototype member keeps exactly its agents.
  for (const s of ["constructor", "hasOwnProperty", "__proto__", "toString"]) {
    await page.selectOption("#status-filter", s);
    const shown = await page.$$eval("#rows tr[data-user-id]", (trs) => trs.map((tr) => tr.dataset.userId));
    assert.deepEqual(sorted(shown), sorted([...current].filter(([, c]) => c.status === s).map(([id]) => id)), `filter ${s}`);
  }
  await page.selectOption("#status-filter", "");

  // No string of the log became an element, and nothing ran (hovering over every row too).
  for (const tr of await page.$$("#rows tr[data-user-id]")) await tr.hover();
  const injected = await page.evaluate(() => [...document.querySelectorAll("svg[onload], img[onerror], script, b[onmouseover], [onerror], [onload], [onmouseover]")].map((n) => n.outerHTML));
  assert.deepEqual(injected, ['<script type="module" src="app.js"></script>'], "only the page's own script");
  assert.deepEqual(await page.evaluate(() => window.calls), []);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: join(shots, "hostile-names.png") });
  await page.close();
});

test("a window= URL parameter named like an Object.prototype member is refused", async () => {
  for (const w of ["toString", "constructor", "__proto__"]) {
    const page = await open(`${QUERY.replace(/&since=\d+/, "")}&window=${w}`);
    await page.waitForSelector("#error:not([hidden])");
    assert.match(await page.textContent("#error .message"), /^RangeError: URL parameter window: expected one of day, shift, hour, 15m, custom$/, w);
    await page.close();
  }
});
