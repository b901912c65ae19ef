// The supervisor dashboard (www/) in real headless Chromium (playwright-core driving Debian's
// /usr/bin/chromium; never a downloaded browser), served by scripts/serve.mjs on a free port.
// Every expected number comes from the Node API (the installed `agent-kpis` package) or from the raw
// events by hand (current status, counts, half-up ratios with BigInt), never from the page's code.
// Screenshots of the main states go to tests/out/screenshots/ (test artifacts).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AgentLog, agentKpis } from "agent-kpis";
import { dashboard } from "./harness.mjs";
import { syntheticDay } from "./synthetic.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = join(root, "tests", "out");
const shots = join(out, "screenshots");
const LOG = join(root, "tests", "fixtures", "day-shift.json");
const SCHEDULES = LOG.replace(/\.json$/, ".adherence.json");
const fileEvents = JSON.parse(readFileSync(LOG, "utf8"));
// The page replays events in time order; the reference folds the same events in the same order
// (a stable sort: equal timestamps keep their file order).
const events = [...fileEvents].sort((a, b) => a.ts - b.ts);
const adherence = JSON.parse(readFileSync(SCHEDULES, "utf8"));
const MIN = 60_000;
const H = 60 * MIN;
const first = events[0].ts;
// 2026-03-10 in Europe/London is GMT (UTC+0): the replay day starts at UTC midnight.
const DAY = Date.UTC(2026, 2, 10);
const byId = (a, b) => a.user_id.localeCompare(b.user_id, "en", { numeric: true });

/** The blocks the dashboard shows (issue 14). */
const INCLUDE = ["contacts", "episodes", "current", "team"];
/** With schedules, also conformance and shrinkage (issue 15). */
const INCLUDE_SCHED = [...INCLUDE, "conformance", "shrinkage"];

/** The Node API's response for the day-shift log (with its schedules) over [since, now], every block included. */
function apiResponse(since, now, evs = events, sch = adherence, groups = null) {
  const options = { now, include: sch ? INCLUDE_SCHED : INCLUDE, ...(sch && { schedules: sch.schedules, timezone: sch.timezone }), ...(groups && { groups }) };
  return agentKpis(evs, since, options);
}

/** The Node API's rows for the day-shift log (with its schedules) over [since, now]. */
const api = (since, now, evs = events, sch = adherence) => apiResponse(since, now, evs, sch).agents;

const own = (o, k) => (Object.hasOwn(o, k) ? o[k] : undefined);
const raw = (v) => (v === null || v === undefined ? "" : String(v));

/** What the table must show for those KPIs, in the page's terms (data-value strings), by user_id. */
function expectedRows(agents, scheduled = true) {
  return agents.map((a) => ({
    user_id: a.user_id,
    loggedInMs: String(a.loggedInMs),
    occupancyPct: String(a.occupancyPct),
    utilizationPct: String(a.utilizationPct),
    statusMs: a.statusMs,
    handled: String(a.contacts.handled),
    ahtMs: raw(a.contacts.ahtMs),
    longestBreakMs: raw(own(a.episodes, "paused")?.longestMs),
    ...(scheduled && {
      adherencePct: a.adherencePct === undefined ? "" : String(a.adherencePct),
      conformancePct: raw(a.conformancePct), shrinkagePct: raw(a.shrinkagePct),
    }),
  })).sort(byId);
}

/** By hand from the raw events (in time order): each agent's status and reason at `now`. */
function currentStatus(evs, now) {
  const cur = new Map();
  for (const e of evs) {
    if (e.ts > now) break;
    cur.set(String(e.user_id), { status: e.status, reason: e.reason || null });
  }
  return cur;
}

/** The Node API's `current` per user_id: status, reason, since (start of the open status episode), ms. */
const currentOf = (agents) => new Map(agents.filter((a) => a.current).map((a) => [a.user_id, a.current]));

/** h:mm:ss and m:ss, by hand. */
const hms = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
const mss = (ms) => `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}`;

/** round(100 a / b) half-up in exact integers; null when b is 0. */
const halfUp = (a, b) => (b === 0n ? null : Number((200n * a + b) / (2n * b)));

/** Every rendered row's data-user-id and data-kpi values, by user_id. */
function rendered(page) {
  return page.$$eval("#rows tr[data-user-id]", (rows) => rows.map((tr) => {
    const row = { user_id: tr.dataset.userId };
    for (const td of tr.querySelectorAll("[data-kpi]")) {
      if (td.dataset.kpi === "status" || td.dataset.kpi === "for") continue;
      row[td.dataset.kpi] = td.dataset.kpi === "statusMs" ? JSON.parse(td.dataset.value) : td.dataset.value;
    }
    return row;
  })).then((rows) => rows.sort(byId));
}

const rowIds = (page) => page.$$eval("#rows tr[data-user-id]", (rows) => rows.map((tr) => tr.dataset.userId));
const bodyNumber = (page, key) => page.evaluate((k) => Number(document.body.dataset[k]), key);
const dataValue = (page, sel) => page.$eval(sel, (n) => n.dataset.value);

const env = dashboard();
before(() => {
  mkdirSync(shots, { recursive: true });
});

/** Opens the page; collects uncaught page errors into `page.errors`. */
async function open(query, viewport = { width: 1280, height: 900 }) {
  const page = await env.browser.newPage({ viewport });
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(`${env.base}${query}`);
  await page.waitForSelector("body[data-ready]");
  return page;
}

/** Drops files (`[{ name, text }]`) on the page as a user's drag and drop would. */
function drop(page, files) {
  return page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    const target = document.querySelector("main");
    for (const type of ["dragenter", "dragover", "drop"]) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, files);
}

test("the server: redirect, MIME types, no way out of the root", async () => {
  const origin = env.base.replace(/\/www\/$/, "");
  const r = await fetch(`${origin}/`, { redirect: "manual" });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get("location"), "/www/");
  assert.equal((await fetch(`${origin}/pkg/web/agent_kpis_bg.wasm`)).headers.get("content-type"), "application/wasm");
  assert.match((await fetch(`${origin}/www/app.js`)).headers.get("content-type"), /^text\/javascript/);
  for (const p of ["/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/www/%E0%A4%A"]) {
    assert.ok([400, 403, 404].includes((await fetch(`${origin}${p}`)).status), p);
  }
});

test("load: rows, team header, current statuses and the interval chart equal the Node API", async () => {
  const since = DAY + 8 * H;
  const now = first + 5 * H + 34_567;
  const page = await open(`?since=${since}&now=${now}&paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  const agents = api(since, now);
  assert.ok(agents.length >= 30, `the API finds ${agents.length} agents`);
  assert.deepEqual(await rendered(page), expectedRows(agents));
  assert.equal(await bodyNumber(page, "now"), now);
  assert.equal(await bodyNumber(page, "since"), since);
  assert.equal(await bodyNumber(page, "events"), events.filter((e) => e.ts <= now).length, "streamed up to now");

  // Current status (the last event's, by hand) and since when (the API's \`current\`: the start of the
  // open status episode), AHT as m:ss.
  const cur = currentStatus(events, now);
  const apiCur = currentOf(agents);
  const shownStatus = await page.$$eval("#rows tr[data-user-id]", (rows) => rows.map((tr) => [tr.dataset.userId,
    tr.querySelector('[data-kpi="status"]').dataset.value, tr.querySelector('[data-kpi="for"]').dataset.value,
    tr.querySelector('[data-kpi="for"]').textContent, tr.querySelector('[data-kpi="ahtMs"]').textContent]));
  for (const [id, status, since0, text, aht] of shownStatus) {
    const want = apiCur.get(id);
    assert.equal(status, cur.get(id)?.status ?? "", `status of ${id}`);
    assert.equal(status, want?.status ?? "", `status of ${id} (API)`);
    assert.equal(since0, want ? String(want.since) : "", `status start of ${id}`);
    if (want) assert.equal(text, hms(want.ms));
    const { ahtMs } = agents.find((a) => a.user_id === id).contacts;
    assert.equal(aht, ahtMs === null ? "—" : mss(ahtMs), `AHT of ${id}`);
  }

  // Team header: time-weighted sums of the API's numbers, rounded half-up by hand.
  let handle = 0n, ready = 0n, logged = 0n, onShift = 0n, adherent = 0n, handled = 0n, contactMs = 0n;
  for (const a of agents) {
    handle += BigInt((a.statusMs.incall ?? 0) + (a.statusMs.wrapup ?? 0));
    ready += BigInt(a.statusMs.ready ?? 0);
    logged += BigInt(a.loggedInMs);
    handled += BigInt(a.contacts.handled);
    contactMs += BigInt(a.contacts.handleMs);
    if (a.adherence) [onShift, adherent] = [onShift + BigInt(a.adherence.onShift), adherent + BigInt(a.adherence.adherent)];
  }
  assert.ok(handled > 0n);
  assert.equal(await dataValue(page, "#team-handled"), String(handled));
  assert.equal(await dataValue(page, "#team-aht"), String((2n * contactMs + handled) / (2n * handled)), "AHT: Σhandle ÷ handled, half-up");
  assert.equal(await dataValue(page, "#team-occupancy"), String(halfUp(handle, handle + ready)));
  assert.equal(await dataValue(page, "#team-utilization"), String(halfUp(handle, logged)));
  assert.equal(await dataValue(page, "#team-adherence"), String(halfUp(adherent, onShift)));
  assert.equal(await dataValue(page, "#out-count"),
    String(agents.filter((a) => a.adherence?.onShiftNow && !a.adherence.inAdherenceNow).length));
  const statuses = [...cur.values()].map((c) => c.status);
  assert.equal(await dataValue(page, "#logged-in"), String(statuses.filter((s) => s !== "offline").length));
  const counts = Object.fromEntries(await page.$$eval("#status-counts li", (lis) => lis.map((li) => [li.dataset.status, Number(li.dataset.count)])));
  const wantCounts = {};
  for (const s of statuses) wantCounts[s] = (wantCounts[s] ?? 0) + 1;
  assert.deepEqual(counts, wantCounts);

  // Interval chart: the Node API's intervals over the day, summed over agents per interval.
  const log = new AgentLog();
  log.append(events);
  const report = log.intervals(DAY, now, 15 * MIN, { now });
  log.free();
  const want = new Map();
  for (const { intervals } of report.agents) {
    for (const r of intervals) {
      const w = want.get(r.start) ?? { handle: 0n, ready: 0n };
      w.handle += BigInt((r.statusMs.incall ?? 0) + (r.statusMs.wrapup ?? 0));
      w.ready += BigInt(r.statusMs.ready ?? 0);
      want.set(r.start, w);
    }
  }
  const bars = await page.$$eval("#chart rect", (rects) => rects.map((r) => ({ ...r.dataset })));
  assert.equal(bars.length, 96, "a 24-hour day has 96 intervals");
  let drawn = 0;
  for (const bar of bars) {
    const w = want.get(Number(bar.start));
    const value = w ? halfUp(w.handle, w.handle + w.ready) : null;
    assert.equal(bar.value, value === null ? "" : String(value), `interval ${bar.start}`);
    if (value !== null) {
      drawn += 1;
      assert.equal(bar.handle, String(w.handle));
      assert.equal(bar.ready, String(w.ready));
    }
  }
  assert.ok(drawn >= 20, `${drawn} intervals drawn`);
  assert.equal(await page.locator("#error").isHidden(), true);
  // The footer shows a refresh's time once it has been measured (after its frame: at the next refresh).
  await page.waitForFunction(() => /^\d+\.\d$/.test(document.querySelector("#refresh-ms").textContent), null, { timeout: 5000 });
  await page.screenshot({ path: join(shots, "load.png") });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("sort by any column: header buttons by click and keyboard, aria-sort", async () => {
  const now = first + 6 * H;
  const page = await open(`?now=${now}&paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  const agents = api(DAY, now);
  const order = (key, dir) => [...agents].sort((a, b) => (dir * (key(a) - key(b))) || byId(a, b)).map((a) => a.user_id);
  assert.deepEqual(await rowIds(page), [...agents].sort(byId).map((a) => a.user_id), "by agent at first");
  assert.equal(await page.getAttribute("th:has(button[data-sort=agent])", "aria-sort"), "ascending");

  await page.click("button[data-sort=loggedIn]");
  assert.equal(await page.getAttribute("th:has(button[data-sort=loggedIn])", "aria-sort"), "ascending");
  assert.equal(await page.getAttribute("th:has(button[data-sort=agent])", "aria-sort"), null);
  assert.deepEqual(await rowIds(page), order((a) => a.loggedInMs, 1));
  await page.click("button[data-sort=loggedIn]");
  assert.equal(await page.getAttribute("th:has(button[data-sort=loggedIn])", "aria-sort"), "descending");
  assert.deepEqual(await rowIds(page), order((a) => a.loggedInMs, -1));

  // Keyboard only: focus the Occupancy header button, Enter sorts; Space toggles the direction.
  await page.focus("button[data-sort=occupancy]");
  await page.keyboard.press("Enter");
  assert.deepEqual(await rowIds(page), order((a) => a.occupancyPct, 1));
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("th:has(button[data-sort=occupancy])", "aria-sort"), "descending");
  assert.deepEqual(await rowIds(page), order((a) => a.occupancyPct, -1));
  await page.screenshot({ path: join(shots, "sorted-occupancy.png") });

  // Status filter and search by user_id.
  const cur = currentStatus(events, now);
  await page.selectOption("#status-filter", "incall");
  const incall = agents.filter((a) => cur.get(a.user_id)?.status === "incall").map((a) => a.user_id);
  assert.ok(incall.length > 0);
  assert.deepEqual((await rowIds(page)).sort(), [...incall].sort());
  await page.selectOption("#status-filter", "");
  await page.fill("#search", "100");
  assert.deepEqual((await rowIds(page)).sort(), agents.map((a) => a.user_id).filter((id) => id.includes("100")).sort());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("issue 15: conformance, shrinkage (planned/unplanned, reasons), severe badges and the grace control equal the Node API", async () => {
  const now = first + 5 * H + 34_567;
  /** The Node API's response over the day with the schedules and `extra` options (the page's blocks). */
  const ref = (extra = {}) => agentKpis(events.filter((e) => e.ts <= now), DAY,
    { now, schedules: adherence.schedules, timezone: adherence.timezone, include: INCLUDE_SCHED, ...extra });
  const page = await open(`?now=${now}&paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  const base = ref();
  assert.deepEqual(await rendered(page), expectedRows(base.agents), "per agent: conformancePct and shrinkagePct (and the rest)");
  const withShrinkage = base.agents.filter((a) => a.shrinkage && a.shrinkage.plannedMs > 0 && a.shrinkage.unplannedMs > 0);
  assert.ok(withShrinkage.length > 0, "some agent has planned and unplanned shrinkage");
  for (const a of withShrinkage.slice(0, 5)) {
    const title = await page.getAttribute(`#rows tr[data-user-id="${a.user_id}"] [data-kpi="shrinkagePct"]`, "title");
    for (const ms of [a.shrinkage.ms, a.shrinkage.plannedMs, a.shrinkage.unplannedMs, a.shrinkage.unknownMs]) assert.ok(title.includes(hms(ms)), `${a.user_id}: ${hms(ms)} in ${title}`);
    for (const reasons of Object.values(a.shrinkage.byReason)) {
      for (const [r, ms] of Object.entries(reasons)) assert.ok(title.includes(`${r} ${hms(ms)}`), `${a.user_id}: reason ${r} in ${title}`);
    }
    const conf = await page.getAttribute(`#rows tr[data-user-id="${a.user_id}"] [data-kpi="conformancePct"]`, "title");
    assert.ok(conf.includes(hms(a.conformance.workedMs)) && conf.includes(hms(a.conformance.scheduledMs)), conf);
  }
  // The team cards: the API's team block (planned/unplanned split on the card, reasons in its tooltip).
  const { team } = base;
  assert.equal(await dataValue(page, "#team-conformance"), raw(team.conformancePct));
  assert.equal(await dataValue(page, "#team-shrinkage"), raw(team.shrinkagePct));
  assert.equal(await page.getAttribute("#team-shrink-split", "data-planned"), String(team.shrinkage.plannedMs));
  assert.equal(await page.getAttribute("#team-shrink-split", "data-unplanned"), String(team.shrinkage.unplannedMs));
  assert.match(await page.textContent("#team-shrink-split"), new RegExp(`planned ${hms(team.shrinkage.plannedMs)} · unplanned ${hms(team.shrinkage.unplannedMs)}`));
  const cardTitle = await page.getAttribute("#shrink-card", "title");
  for (const reasons of Object.values(team.shrinkage.byReason)) for (const r of Object.keys(reasons)) assert.ok(cardTitle.includes(r), `team reason ${r}`);
  // Severe exceptions: the badge has the class "severe" and says so exactly where adherence.severe is true.
  const severe = base.agents.filter((a) => a.adherence?.severe).map((a) => a.user_id).sort();
  assert.ok(severe.length > 0, "some agent is severely out of adherence");
  const shownSevere = await page.$$eval("#rows tr[data-user-id]", (trs) => trs.filter((tr) => tr.querySelector(".badge.severe")).map((tr) => tr.dataset.userId));
  assert.deepEqual(shownSevere.sort(), severe);
  for (const id of severe) assert.match(await page.textContent(`#rows tr[data-user-id="${id}"] .badge`), /^severe \d+:\d\d:\d\d$/);
  // At 1280 px every adherence badge stays whole inside its cell, a severe one too.
  const overflowing = await page.$$eval("#rows .adh-cell", (tds) => tds.filter((td) => {
    const b = td.querySelector(".badge");
    return !b.hidden && b.getBoundingClientRect().right > td.getBoundingClientRect().right + 0.5;
  }).map((td) => td.closest("tr").dataset.userId));
  assert.deepEqual(overflowing, [], "badges cut off");
  await page.screenshot({ path: join(shots, "schedule-metrics.png") });
  await page.locator(`#rows tr[data-user-id="${severe[0]}"]`).screenshot({ path: join(shots, "severe-row.png") });

  // The grace control: adherencePct (per agent and team) becomes the API's with adherenceGraceMs;
  // conformance and shrinkage do not change.
  for (const grace of [120_000, 300_000, 0]) {
    await page.selectOption("#grace", String(grace));
    await page.waitForFunction((g) => document.body.dataset.grace === String(g), grace, { polling: 100 });
    const withGrace = ref({ adherenceGraceMs: grace });
    assert.deepEqual(await rendered(page), expectedRows(withGrace.agents), `grace ${grace}`);
    assert.equal(await dataValue(page, "#team-adherence"), raw(withGrace.team.adherencePct), `team, grace ${grace}`);
    assert.equal(await dataValue(page, "#team-conformance"), raw(team.conformancePct));
    if (grace === 120_000) {
      assert.ok(withGrace.agents.some((a, i) => a.adherencePct !== base.agents[i].adherencePct), "the grace changes some agent's adherence");
      assert.notEqual(withGrace.team.adherencePct, team.adherencePct, "and the team's");
    }
  }
  assert.deepEqual(page.errors, []);
  await page.close();

  // Group headers with schedules: each group's conformance and shrinkage are the API's `groups`.
  const ids = [...new Set(events.map((e) => String(e.user_id)))];
  const split = Object.fromEntries(ids.map((id, i) => [id, i % 2 ? "odd" : "even"]));
  writeFileSync(join(out, "day-shift.groups.json"), JSON.stringify(split));
  const grouped = await open(`?now=${now}&paused=1&groups=../tests/out/day-shift.groups.json`);
  await grouped.waitForSelector("#group-rows tr[data-group]");
  for (const g of ref({ groups: split }).groups) {
    for (const kpi of ["adherencePct", "conformancePct", "shrinkagePct"]) {
      assert.equal(await grouped.getAttribute(`#group-rows tr[data-group="${g.group}"] [data-kpi="${kpi}"]`, "data-value"), raw(g[kpi]), `${g.group} ${kpi}`);
    }
    assert.match(await grouped.getAttribute(`#group-rows tr[data-group="${g.group}"] [data-kpi="shrinkagePct"]`, "title"), new RegExp(`planned ${hms(g.shrinkage.plannedMs)}`));
  }
  assert.deepEqual(grouped.errors, []);
  await grouped.close();

  // ?grace= sets it on load; a bad value is an error in the banner.
  const graced = await open(`?now=${now}&paused=1&grace=60000`);
  await graced.waitForSelector("#rows tr[data-user-id]");
  assert.equal(await graced.inputValue("#grace"), "60000");
  assert.deepEqual(await rendered(graced), expectedRows(ref({ adherenceGraceMs: 60_000 }).agents));
  await graced.close();
  const bad = await open(`?now=${now}&paused=1&grace=7`);
  assert.match(await bad.textContent("#error"), /grace/);
  await bad.close();
});

test("the window selector: last 15 minutes, then last hour, each equal to the Node API", async () => {
  const now = first + 6 * H;
  const page = await open(`?now=${now}&paused=1`);
  for (const [mode, len] of [["15m", 15 * MIN], ["hour", H]]) {
    await page.selectOption("#since-mode", mode);
    await page.waitForFunction((s) => Number(document.body.dataset.since) === s, now - len);
    assert.deepEqual(await rendered(page), expectedRows(api(now - len, now)), mode);
  }
  await page.screenshot({ path: join(shots, "last-hour.png") });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("streaming replay: events are appended as the clock passes them; speed changes while running", async () => {
  const start = first + 4 * H;
  const page = await open(`?now=${start}&speed=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  const sample = () => page.evaluate(() => ({ now: Number(document.body.dataset.now), events: Number(document.body.dataset.events), t: performance.now() }));
  const upTo = (t) => events.filter((e) => e.ts <= t).length;
  const s1 = await sample();
  assert.equal(s1.events, upTo(s1.now));
  await page.waitForFunction((n) => Number(document.body.dataset.now) > n + 1500, s1.now);
  const s2 = await sample();
  const rate1 = (s2.now - s1.now) / (s2.t - s1.t);
  assert.ok(rate1 > 0.5 && rate1 < 2, `1×: replay ms per wall ms ${rate1.toFixed(2)}`);
  assert.equal(await page.textContent("#live"), "replay 1×");

  await page.selectOption("#speed", "60");
  const s3 = await sample();
  await page.waitForFunction((n) => Number(document.body.dataset.now) > n + 3 * 60_000, s3.now, { timeout: 8000 });
  const s4 = await sample();
  const rate60 = (s4.now - s3.now) / (s4.t - s3.t);
  assert.ok(rate60 > 30 && rate60 < 90, `60×: replay ms per wall ms ${rate60.toFixed(2)}`);
  assert.equal(await page.textContent("#live"), "replay 60×");
  assert.ok(s4.events > s1.events, `the stream grew: ${s1.events} → ${s4.events} events`);
  assert.equal(s4.events, upTo(s4.now), "exactly the events up to the replay time");
  await page.screenshot({ path: join(shots, "live-60x.png") });

  await page.click("#pause");
  assert.equal(await page.textContent("#live"), "paused");
  const paused = await bodyNumber(page, "now");
  await page.waitForTimeout(1500);
  assert.ok((await bodyNumber(page, "now")) - paused < 60_000, "paused: the clock stops");
  // The numbers after streaming equal the one-shot Node API over every event up to now.
  const now = await bodyNumber(page, "now");
  await page.waitForFunction((n) => Number(document.body.dataset.now) === n && document.body.dataset.refreshes, now);
  assert.deepEqual(await rendered(page), expectedRows(api(DAY, now)));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("file drop: a good CSV log with schedules replaces the data; a bad file keeps it and shows the line", async () => {
  const page = await open(`?now=${first + 6 * H}&paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  // A CSV log (user ids kept as written) and a schedules file, dropped together.
  const csv = "user_id,ts,status,reason\n" +
    "007,1773129600000,ready,\n" +
    "ann,1773129660000,ready,\n" +
    "007,1773129900000,incall,\n" +
    "ann,1773130000000,paused,break\n" +
    "007,1773130200000,wrapup,\n" +
    "ann,1773130500000,\"ready\",\n" +
    "007,1773130260000,ready,\n" +
    "007,1773133200000,paused,lunch\n";
  const sched = { timezone: "UTC", schedules: [{ user_id: "007", segments: [{ start: 1773129600000, end: 1773133200000 }] }] };
  await drop(page, [{ name: "small.csv", text: csv }, { name: "small.schedules.json", text: JSON.stringify(sched) }]);
  await page.waitForFunction(() => document.body.dataset.loaded === "small.csv,small.schedules.json");
  const csvEvents = [
    { user_id: "007", ts: 1773129600000, status: "ready" }, { user_id: "ann", ts: 1773129660000, status: "ready" },
    { user_id: "007", ts: 1773129900000, status: "incall" }, { user_id: "ann", ts: 1773130000000, status: "paused", reason: "break" },
    { user_id: "007", ts: 1773130260000, status: "ready" }, { user_id: "007", ts: 1773130200000, status: "wrapup" },
    { user_id: "ann", ts: 1773130500000, status: "ready" }, { user_id: "007", ts: 1773133200000, status: "paused", reason: "lunch" },
  ];
  // Shown at its end (the last event), paused, since the start of its day.
  const end = 1773133200000;
  await page.waitForFunction((n) => Number(document.body.dataset.now) === n, end);
  assert.equal(await page.textContent("#live"), "paused");
  const want = expectedRows(api(DAY, end, csvEvents, sched));
  assert.deepEqual(await rendered(page), want);
  assert.deepEqual(want.map((a) => a.user_id), ["007", "ann"]);
  assert.match(await page.textContent("#source"), /small\.csv · 8 events · schedules small\.schedules\.json/);
  assert.equal(await page.textContent("#rows tr[data-user-id='ann'] [data-kpi=status]"), "Ready");
  await page.screenshot({ path: join(shots, "dropped-csv.png") });

  // A bad NDJSON file through the file <input> (the keyboard path): error at line 3, data kept.
  const before = await rendered(page);
  const bad = '{"user_id":1,"ts":1773129600000,"status":"ready"}\n{"user_id":1,"ts":1773129700000,"status":"incall"}\n{"user_id":1,"ts":-5,"status":"ready"}\n';
  await page.setInputFiles("#file-input", { name: "bad.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(bad) });
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.textContent("#error .message"), /RangeError: bad\.ndjson: line 3: ts: /);
  await page.waitForTimeout(1200); // a refresh or more later: still shown, data unchanged
  assert.equal(await page.locator("#error").isVisible(), true);
  assert.deepEqual(await rendered(page), before);
  await page.screenshot({ path: join(shots, "bad-file.png") });

  // A bad JSON array dropped: the package's index in the message.
  await drop(page, [{ name: "bad-log.json", text: readFileSync(join(here, "bad-log.json"), "utf8") }]);
  await page.waitForFunction(() => /events\[1\]\.ts/.test(document.querySelector("#error .message").textContent));
  assert.deepEqual(await rendered(page), before);
  await page.click("#error .dismiss");
  assert.equal(await page.locator("#error").isHidden(), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a narrow screen shows every agent without horizontal scrolling", async () => {
  const now = first + 9 * H;
  const page = await open(`?since=${first}&now=${now}&paused=1`, { width: 400, height: 860 });
  await page.waitForSelector("#rows tr[data-user-id]");
  assert.deepEqual(await rendered(page), expectedRows(api(first, now)));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);
  await page.screenshot({ path: join(shots, "narrow.png"), fullPage: true });
  await page.close();
});

test("another log by ?log=, without schedules: no adherence column, unknown statuses get a color", async () => {
  const small = JSON.parse(readFileSync(join(here, "small-log.json"), "utf8"));
  const since = 1773129600000, now = since + 20 * MIN;
  const page = await open(`?log=../tests/page/small-log.json&since=${since}&now=${now}&paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  const want = expectedRows(agentKpis([...small].sort((a, b) => a.ts - b.ts), since, { now, include: INCLUDE }).agents, false);
  assert.deepEqual(await rendered(page), want);
  assert.deepEqual(want.map((a) => a.user_id), ["7", "ann"]); // "late" has no event before now
  assert.equal(await page.locator("#adh-head").isHidden(), true);
  assert.match(await page.textContent("#legend"), /coaching/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("group headers: ?groups= and a dropped groups file show the API's figures per group", async () => {
  const small = JSON.parse(readFileSync(join(here, "small-log.json"), "utf8")).sort((a, b) => a.ts - b.ts);
  const groups = JSON.parse(readFileSync(join(here, "small-groups.json"), "utf8"));
  const since = 1773129600000, now = since + 20 * MIN;
  const page = await open(`?log=../tests/page/small-log.json&groups=../tests/page/small-groups.json&since=${since}&now=${now}&paused=1`);
  await page.waitForSelector("#group-rows tr[data-group]");
  /** The group rows on the page, in order, in the page's terms. */
  const shownGroups = () => page.$$eval("#group-rows tr[data-group]", (trs) => trs.map((tr) => ({
    group: tr.dataset.group, ...Object.fromEntries([...tr.querySelectorAll("[data-kpi]")].map((td) => [td.dataset.kpi, td.dataset.value])),
    text: [...tr.cells].map((c) => c.textContent),
  })));
  /** What they must be: the API's `groups` (logged in now by hand from the raw events). */
  const wantGroups = (g) => {
    const res = agentKpis(small, since, { now, include: INCLUDE, groups: g });
    const cur = currentStatus(small, now);
    return res.groups.map((x) => ({
      group: x.group, agents: String(x.agents),
      loggedIn: String(res.agents.filter((a) => Object.hasOwn(g, a.user_id) && g[a.user_id] === x.group && cur.get(a.user_id)?.status !== "offline").length),
      occupancyPct: raw(x.occupancyPct), utilizationPct: raw(x.utilizationPct), handled: String(x.contacts.handled),
      ahtMs: raw(x.contacts.ahtMs), adherencePct: "", conformancePct: "", shrinkagePct: "",
    }));
  };
  const strip = (rows) => rows.map(({ text, ...r }) => r);
  const want = wantGroups(groups);
  assert.deepEqual(want.map((g) => g.group), ["east", "west"], "in order of first appearance; late has no event yet");
  assert.ok(want.some((g) => g.handled !== "0"), "a group handled a contact");
  const shown = await shownGroups();
  assert.deepEqual(strip(shown), want);
  const east = shown.find((g) => g.group === "east");
  assert.equal(east.text[6], east.ahtMs === "" ? "—" : mss(Number(east.ahtMs)), "AHT as m:ss");
  assert.match(await page.textContent("#source"), /groups small-groups\.json/);
  assert.equal(await page.locator("#groups-panel").isVisible(), true);
  // The rows and the team header are unchanged by groups.
  assert.deepEqual(await rendered(page), expectedRows(agentKpis(small, since, { now, include: INCLUDE }).agents, false));
  await page.screenshot({ path: join(shots, "groups.png") });

  // A groups file dropped alone applies to the current log; group names are any strings.
  const other = { 7: "constructor", ann: "__proto__" };
  await drop(page, [{ name: "other.groups.json", text: JSON.stringify(other) }]);
  await page.waitForFunction(() => document.body.dataset.loaded === "other.groups.json");
  await page.waitForFunction(() => document.querySelector("#group-rows tr[data-group]")?.dataset.group === "constructor");
  assert.deepEqual(strip(await shownGroups()), wantGroups(other));
  // A bad groups file keeps the data and says why.
  await drop(page, [{ name: "bad.groups.json", text: '{ "7": "east", "ann": 5 }' }]);
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.textContent("#error .message"), /bad\.groups\.json/);
  assert.deepEqual(strip(await shownGroups()), wantGroups(other));
  assert.deepEqual(page.errors, []);
  await page.close();

  // Without a groups file there is no group header.
  const plain = await open(`?log=../tests/page/small-log.json&since=${since}&now=${now}&paused=1`);
  await plain.waitForSelector("#rows tr[data-user-id]");
  assert.equal(await plain.locator("#groups-panel").isHidden(), true);
  await plain.close();
});

test("errors show in a banner, never a blank page", async () => {
  const cases = [
    [`?log=../tests/fixtures/missing.json`, /could not load the log .*missing\.json: HTTP 404/],
    [`?log=../tests/page/bad-log.json&schedules=none`, /TypeError: bad-log\.json: events\[1\]\.ts/],
    [`?since=${first + 5 * H}&now=${first + H}&paused=1`, /RangeError: .*since/],
    [`?now=yesterday`, /RangeError: URL parameter now/],
  ];
  for (const [query, message] of cases) {
    const page = await open(query);
    await page.waitForSelector("#error:not([hidden])");
    assert.match(await page.textContent("#error"), message, query);
    await page.close();
  }
});

// The 50 ms budget is a speed goal: `make bench` checks it (FRAME_BUDGET_MS=50); `make test` runs the
// same page and checks its numbers, and reports the times without failing on a slow or busy machine.
const FRAME_BUDGET_MS = Number(process.env.FRAME_BUDGET_MS ?? "0");

test("2,000 agents (synthetic log) computed in a Web Worker: values equal the Node API's, few rows in the DOM, no main-thread long task in 10 refreshes (frame budget in make bench)", async (t) => {
  // Synthetic, generated deterministically: 2,000 agents × 200 events, with schedules.
  const { events: synth, schedules, day } = syntheticDay();
  const name = "synthetic-2000";
  writeFileSync(join(out, `${name}.json`), JSON.stringify(synth));
  writeFileSync(join(out, `${name}.adherence.json`), JSON.stringify(schedules));
  const page = await open(`?log=../tests/out/${name}.json&now=${day + 11 * H}&speed=60`);
  await page.waitForSelector("#rows tr[data-user-id]");
  // (The waits poll every 250 ms: Playwright's default polls on every animation frame, on the main thread.)
  const refreshes = () => bodyNumber(page, "refreshes");
  await page.waitForFunction(() => Number(document.body.dataset.refreshes) >= 2, null, { timeout: 60_000, polling: 250 });
  // Every task of the page's main thread longer than 50 ms from here on (the first refresh, which
  // streams four hours of events and builds the rows, is before), as the page sees them
  // (PerformanceObserver "longtask": wall-clock time) and as Chromium's trace counts them (the main
  // thread's CPU time per task, which other processes on the machine do not lengthen).
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => ({ start: Math.round(e.startTime), ms: e.duration }))))
      .observe({ type: "longtask" });
  });
  const cdp = await page.context().newCDPSession(page);
  /** Waits for 10 refreshes; the long tasks seen, the refreshes and the longest main-thread task (trace). */
  const tenRefreshes = async () => {
    const trace = [];
    cdp.on("Tracing.dataCollected", (e) => trace.push(...e.value));
    const traced = new Promise((ok) => cdp.once("Tracing.tracingComplete", ok));
    await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
    await page.evaluate(() => { window.longTasks.length = 0; });
    const r0 = await refreshes();
    await page.waitForFunction((n) => Number(document.body.dataset.refreshes) >= n + 10, r0, { timeout: 60_000, polling: 250 });
    const longTasks = await page.evaluate(() => window.longTasks);
    const r1 = await refreshes();
    await cdp.send("Tracing.end");
    await traced;
    cdp.removeAllListeners("Tracing.dataCollected");
    const main = new Set(trace.filter((e) => e.name === "thread_name" && e.args.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
    const tasks = trace.filter((e) => e.name === "RunTask" && e.ph === "X" && main.has(`${e.pid}:${e.tid}`));
    const wallMs = Math.max(0, ...tasks.map((e) => e.dur / 1000));
    const cpuMs = Math.max(0, ...tasks.map((e) => (e.tdur ?? e.dur) / 1000));
    return { longTasks, r0, r1, wallMs, cpuMs };
  };
  // A window of 10 refreshes must be free of long tasks. When other jobs share the machine's cores,
  // a task of 20 ms of CPU can take over 50 ms of wall-clock time: make test then tries up to five
  // windows (make bench, with its budget, only one); the main thread's CPU time per task must stay
  // under 50 ms in every window.
  const windows = [];
  for (let w = 0; w < (FRAME_BUDGET_MS > 0 ? 1 : 5); w += 1) {
    const found = await tenRefreshes();
    windows.push(found);
    t.diagnostic(`refreshes ${found.r0 + 1}-${found.r1}: longest main-thread task ${found.wallMs.toFixed(1)} ms (${found.cpuMs.toFixed(1)} ms of CPU); long tasks: ${JSON.stringify(found.longTasks)}`);
    assert.ok(found.cpuMs < 50, `a main-thread task took ${found.cpuMs.toFixed(1)} ms of CPU`);
    if (!found.longTasks.length) break;
  }
  assert.deepEqual(windows.at(-1).longTasks, [], "no main-thread task over 50 ms during 10 refreshes");
  const samples = (await page.$eval("#refresh-ms", (n) => n.dataset.samples)).split(",").map(Number).slice(1); // the first includes the catch-up
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1], max = sorted.at(-1);
  t.diagnostic(`2,000 agents: refresh median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${samples.length} refreshes; ${await page.textContent("#refresh-split")}`);
  // The observer does report long tasks in this headless Chromium: a 100 ms loop in a timer task is
  // one. (The same loop run by page.evaluate is not: DevTools' evaluation is not a task it watches.)
  await page.evaluate(() => setTimeout(() => {
    const t0 = performance.now();
    while (performance.now() - t0 < 100);
  }));
  await page.waitForFunction(() => window.longTasks.some((e) => e.ms >= 100), null, { timeout: 5000, polling: 100 });

  assert.equal(await dataValue(page, "#logged-in"), "2000");
  assert.match(await page.textContent("#shown"), /^2,000 agents$/);
  if (FRAME_BUDGET_MS > 0) assert.ok(median < FRAME_BUDGET_MS, `median refresh ${median.toFixed(1)} ms (budget ${FRAME_BUDGET_MS} ms)`);
  // Paused: the numbers on screen equal the Node API's on the same events and window.
  const now = await bodyNumber(page, "now");
  await page.click("#pause");
  // Refreshes are answered by the worker: the second one after pausing shows the paused time.
  const paused = await refreshes();
  await page.waitForFunction((n) => Number(document.body.dataset.refreshes) >= n + 2, paused, { polling: 250 });
  const frozen = await bodyNumber(page, "now");
  assert.ok(frozen >= now);
  const streamed = synth.filter((e) => e.ts <= frozen).sort((a, b) => a.ts - b.ts);
  const { agents, team } = agentKpis(streamed, day, { now: frozen, schedules: schedules.schedules, timezone: "UTC", include: INCLUDE_SCHED });
  let handle = 0n, ready = 0n;
  for (const a of agents) [handle, ready] = [handle + BigInt((a.statusMs.incall ?? 0) + (a.statusMs.wrapup ?? 0)), ready + BigInt(a.statusMs.ready ?? 0)];
  assert.equal(await dataValue(page, "#team-occupancy"), String(halfUp(handle, handle + ready)));
  // The team header is the API's team block.
  assert.equal(await dataValue(page, "#team-occupancy"), String(team.occupancyPct));
  assert.equal(await dataValue(page, "#team-utilization"), String(team.utilizationPct));
  assert.equal(await dataValue(page, "#team-adherence"), raw(team.adherencePct));
  assert.equal(await dataValue(page, "#team-handled"), String(team.contacts.handled));
  assert.equal(await dataValue(page, "#team-aht"), raw(team.contacts.ahtMs));
  // Only the rows near the viewport are in the DOM; each equals the API's row, current status included.
  const want = new Map(expectedRows(agents).map((r) => [r.user_id, r]));
  const cur = currentOf(agents);
  const checkShown = async (where) => {
    const shown = await rendered(page);
    assert.ok(shown.length > 0 && shown.length <= 60, `${where}: ${shown.length} rows in the DOM`);
    for (const row of shown) assert.deepEqual(row, want.get(row.user_id), `${where}: agent ${row.user_id}`);
    const statuses = await page.$$eval("#rows tr[data-user-id]", (rows) => rows.map((tr) => [tr.dataset.userId,
      tr.querySelector('[data-kpi="status"]').dataset.value, tr.querySelector('[data-kpi="for"]').dataset.value]));
    for (const [id, status, since0] of statuses) assert.deepEqual([status, since0], [cur.get(id).status, String(cur.get(id).since)], `${where}: status of ${id}`);
    return shown.map((r) => r.user_id);
  };
  const ids = [...want.values()].sort(byId).map((r) => r.user_id);
  const top = await checkShown("top");
  assert.equal(top[0], ids[0]);
  // The keyboard's End scrolls to the last agents (rendered on the scroll event's frame).
  await page.keyboard.press("End");
  await page.waitForFunction((id) => document.querySelector(`#rows tr[data-user-id="${id}"]`), ids.at(-1), { polling: 100 });
  const bottom = await checkShown("bottom");
  assert.ok(bottom.includes(ids.at(-1)) && !bottom.includes(ids[0]));
  assert.equal(await page.getAttribute("#agents", "aria-rowcount"), "2001");
  assert.equal(await page.getAttribute(`#rows tr[data-user-id="${ids.at(-1)}"]`, "aria-rowindex"), "2001");
  // Sorting sorts all 2,000 agents, not the rendered ones: descending by logged-in time, the first row
  // is the API's longest.
  await page.keyboard.press("Home");
  await page.click("button[data-sort=loggedIn]");
  await page.click("button[data-sort=loggedIn]");
  const longest = [...agents].sort((a, b) => (b.loggedInMs - a.loggedInMs) || byId(a, b))[0].user_id;
  assert.equal((await rowIds(page))[0], longest);
  await page.screenshot({ path: join(shots, "synthetic-2000.png") });
  assert.deepEqual(page.errors, []);
  await page.close();
});
