// Generates the recorded shift logs in tests/fixtures/ deterministically (seeded PRNG):
//   day-shift.json      36 agents (integer ids), one day shift, time-ordered
//   evening-shift.json  42 agents ("agent-017" ids), an evening shift across midnight UTC, time-ordered
//   messy.json          30 agents, shuffled, duplicates, repeated and unknown statuses, equal
//                       timestamps, mixed integer/string ids, events after the windows' `now`
// Run: node tests/tools/gen-fixtures.mjs   (then node tests/tools/make-expected.mjs)
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const S = 1000;
const M = 60 * S;
const H = 60 * M;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One agent's shift from `login` for `length` ms: a realistic sequence of state changes. */
function shift(rnd, id, login, length) {
  const between = (lo, hi) => lo + Math.floor(rnd() * (hi - lo));
  const ev = [];
  const push = (ts, status, reason) => ev.push(reason === undefined ? { user_id: id, ts, status } : { user_id: id, ts, status, reason });
  let t = login;
  const end = login + length;
  const breakAt = login + between(1.5 * H, 2.5 * H);
  const lunchAt = login + between(3.5 * H, 4.5 * H);
  const secondBreakAt = login + between(6 * H, 7 * H);
  let relogAt = rnd() < 0.2 ? login + between(2.7 * H, 3.3 * H) : Infinity;
  const pauses = [
    [breakAt, "break", between(10 * M, 16 * M)],
    [lunchAt, "lunch", between(30 * M, 46 * M)],
    [secondBreakAt, "break", between(10 * M, 16 * M)],
  ];
  if (rnd() < 0.3) pauses.push([login + between(5 * H, 6 * H), rnd() < 0.5 ? "training" : "meeting", between(20 * M, 60 * M)]);
  pauses.sort((a, b) => a[0] - b[0]);
  push(t, "ready");
  while (t < end) {
    const p = pauses[0];
    if (p && t >= p[0]) {
      pauses.shift();
      push(t, "paused", p[1]);
      t += p[2];
      push(t, "ready");
      continue;
    }
    if (t >= relogAt) {
      push(t, "offline", "system");
      t += between(5 * M, 25 * M);
      relogAt = Infinity;
      push(t, "ready");
      t += between(5 * S, 60 * S);
      continue;
    }
    const r = rnd();
    if (r < 0.72) {
      t += between(5 * S, 4 * M); // waiting ready
      if (rnd() < 0.6) {
        push(t, "ring");
        t += between(3 * S, 25 * S);
      }
      push(t, "incall");
      t += between(90 * S, 11 * M);
      push(t, "wrapup");
      t += between(15 * S, 3 * M);
      push(t, "ready");
    } else if (r < 0.82) {
      t += between(10 * S, 2 * M);
      push(t, "extcall");
      t += between(1 * M, 6 * M);
      push(t, "wrapup");
      t += between(15 * S, 90 * S);
      push(t, "ready");
    } else if (r < 0.92) {
      t += between(10 * S, 3 * M);
      push(t, "idle");
      t += between(30 * S, 5 * M);
      push(t, "ready");
    } else if (r < 0.95) {
      t += between(10 * S, 3 * M);
      push(t, "unreachable");
      t += between(10 * S, 90 * S);
      push(t, "ready");
    } else {
      t += between(10 * S, 2 * M);
      push(t, "paused", rnd() < 0.5 ? "personal" : "");
      t += between(1 * M, 5 * M);
      push(t, "ready");
    }
  }
  push(t, "offline", "end_of_shift");
  return ev;
}

function byTime(events) {
  // Stable: equal timestamps keep generation order.
  return events.map((e, i) => [e, i]).sort((a, b) => a[0].ts - b[0].ts || a[1] - b[1]).map(([e]) => e);
}

function write(name, events) {
  const text = `[\n${events.map((e) => JSON.stringify(e)).join(",\n")}\n]\n`;
  writeFileSync(join(out, name), text);
  const agents = new Set(events.map((e) => String(e.user_id))).size;
  console.log(`${name}: ${events.length} events, ${agents} agents, ${(text.length / 1024).toFixed(0)} KiB`);
}

// Day shift, 2026-03-10 (UTC): logins 07:00–09:30, 8.5 h shifts, integer ids 1001–1036.
{
  const rnd = mulberry32(20260310);
  const day = Date.UTC(2026, 2, 10);
  let all = [];
  for (let k = 0; k < 36; k++) {
    const login = day + 7 * H + Math.floor(rnd() * 150 * M);
    all = all.concat(shift(rnd, 1001 + k, login, 8.5 * H));
  }
  write("day-shift.json", byTime(all));
}

// Evening shift, 2026-03-10 16:00 → 03-11 ~02:00 UTC, string ids.
{
  const rnd = mulberry32(777);
  const day = Date.UTC(2026, 2, 10);
  let all = [];
  for (let k = 0; k < 42; k++) {
    const id = `agent-${String(k + 3).padStart(3, "0")}`;
    const login = day + 16 * H + Math.floor(rnd() * 120 * M);
    all = all.concat(shift(rnd, id, login, 7.5 * H + Math.floor(rnd() * H)));
  }
  write("evening-shift.json", byTime(all));
}

// Messy: 2026-03-11, 30 agents, then every kind of mess, then shuffled.
{
  const rnd = mulberry32(4242);
  const day = Date.UTC(2026, 2, 11);
  const unknown = ["Ringing", "after_call_work", "dnd", "Ready", "INCALL"];
  let all = [];
  for (let k = 0; k < 30; k++) {
    const id = 2001 + k;
    const login = day + 6 * H + Math.floor(rnd() * 180 * M);
    for (const e of shift(rnd, id, login, 8 * H)) {
      // Unknown and case-variant statuses replace some canonical ones.
      if (rnd() < 0.04) e.status = unknown[Math.floor(rnd() * unknown.length)];
      // Some reasons given as "" or null.
      if (e.status === "paused" && rnd() < 0.1) e.reason = rnd() < 0.5 ? null : "";
      // The same agent sometimes as the string form of its integer id.
      if (rnd() < 0.25) e.user_id = String(id);
      all.push(e);
      // Repeated statuses (ready → ready) a moment later.
      if (rnd() < 0.03) all.push({ ...e, ts: e.ts + Math.floor(rnd() * 20 * S) });
      // Bursts at equal timestamps with different statuses: input order decides.
      if (rnd() < 0.02) all.push({ user_id: e.user_id, ts: e.ts, status: rnd() < 0.5 ? "ring" : "idle" });
    }
  }
  // An agent whose only events are after every window's now (next day).
  all.push({ user_id: 2999, ts: day + 30 * H, status: "ready" }, { user_id: 2999, ts: day + 31 * H, status: "offline" });
  // An agent offline for the whole day.
  all.push({ user_id: "2998", ts: day - 2 * H, status: "offline", reason: "vacation" });
  // Events after now for everyone (next morning).
  for (let k = 0; k < 30; k += 3) all.push({ user_id: 2001 + k, ts: day + 33 * H + k * S, status: "ready" });
  // Duplicate rows (exact copies).
  const dups = all.filter(() => rnd() < 0.03).map((e) => ({ ...e }));
  all = all.concat(dups);
  // Shuffle (Fisher–Yates).
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  write("messy.json", all);
}
