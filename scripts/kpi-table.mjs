// Prints the KPI table of a recorded log (JSON array of events) in the terminal, using the built
// package in pkg/. Window: from the start (UTC) of the day of the first event to the last event.
//   node scripts/kpi-table.mjs tests/fixtures/day-shift.json
import { readFileSync } from "node:fs";
import { agentKpis } from "../pkg/node/index.mjs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node scripts/kpi-table.mjs LOG.json");
  process.exit(2);
}
const events = JSON.parse(readFileSync(file, "utf8"));
let first = Infinity;
let last = 0;
for (const e of events) {
  first = Math.min(first, e.ts);
  last = Math.max(last, e.ts);
}
const DAY = 86_400_000;
const since = Math.floor(first / DAY) * DAY;
const { agents } = agentKpis(events, since, { now: last });

const hms = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
const rows = agents.map((a) => [
  a.user_id,
  hms(a.loggedInMs),
  hms(a.statusMs.incall ?? 0),
  hms(a.statusMs.wrapup ?? 0),
  hms(a.statusMs.ready ?? 0),
  hms(a.statusMs.paused ?? 0),
  `${a.occupancyPct}%`,
  `${a.utilizationPct}%`,
]);
const header = ["user_id", "logged in", "incall", "wrapup", "ready", "paused", "occupancy", "utilization"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(`${file}: ${events.length} events, ${agents.length} agents, ` +
  `window ${new Date(since).toISOString()} .. ${new Date(last).toISOString()}`);
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
