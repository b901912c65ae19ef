// Schedules for the recorded logs (rules form, segments form, bypassed, unscheduled and absent
// agents) and their expected adherence, computed by the independent Python/zoneinfo reference
// (adherence_ref.py). Writes tests/fixtures/<log>.adherence.json: `cases` (adherence, issue 15's
// conformance, shrinkage and severe with the default options) and `scheduleCases` (the same windows
// with issue 15's options: a grace, a severe threshold, planned reasons).
// Run: node tests/tools/make-adherence.mjs
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "fixtures");
const H = 3_600_000;
const M = 60_000;
const weekly = (dow, start_time, end_time) => ({ kind: "weekly", dow, start_time, end_time });

const plans = {
  // Tuesday 2026-03-10; account zone Europe/London (UTC+0 that day).
  "day-shift": () => {
    const schedules = [];
    for (let id = 1001; id <= 1036; id++) {
      if (id >= 1030 && id <= 1033) continue; // unscheduled
      if (id <= 1015) schedules.push({ user_id: id, rules: [weekly(2, "08:00", "16:30")] });
      else if (id <= 1019) schedules.push({ user_id: String(id), rules: [weekly(2, "07:30", "12:00"), weekly(2, "12:45", "16:00")] });
      else if (id === 1020) schedules.push({ user_id: id, rules: [weekly(1, "22:00", "06:00"), weekly(2, "09:00", "15:00")] });
      else if (id <= 1025) schedules.push({ user_id: id, timezone: "America/New_York", rules: [weekly(2, "04:00", "12:30")] });
      else if (id === 1026) schedules.push({ user_id: id, rules: [weekly(2, "08:00", "16:30"), { kind: "date", start_date: "2026-03-10", start_time: "10:00", end_time: "14:00" }] });
      else if (id === 1027) schedules.push({ user_id: id, rules: [weekly(2, "08:00", "16:30"), { kind: "date_range", start_date: "2026-03-09", end_date: "2026-03-11", is_closed: 1 }] });
      else if (id <= 1029) schedules.push({ user_id: id, bypass: true, rules: [weekly(2, "08:00", "16:30")] });
      else schedules.push({ user_id: id, rules: [weekly(2, "16:00", "24:00")] });
    }
    schedules.push({ user_id: 1098, rules: [weekly(2, "09:00", "17:00")] }, { user_id: "1099", timezone: "Asia/Tokyo", rules: [weekly(2, "18:00", "02:00")] });
    const day = Date.UTC(2026, 2, 10);
    return {
      timezone: "Europe/London",
      schedules,
      cases: [
        { since: day, now: day + 24 * H, sampleMs: 300_000 },
        { since: day, now: day + 24 * H, sampleMs: 0 },
        { since: day + 10 * H, now: day + 11 * H + 17 * M + 3_000, sampleMs: 300_000 },
        { since: day + 9 * H, now: day + 13 * H + 41 * M, sampleMs: 0 },
        { since: day + 12 * H, now: day + 15 * H, sampleMs: 60_000 },
      ],
    };
  },
  // Evening 2026-03-10 16:00 → 03-11 02:00 UTC: segments, plus rules in Asia/Kolkata (UTC+05:30).
  "evening-shift": () => {
    const day = Date.UTC(2026, 2, 10);
    const schedules = [];
    for (let k = 3; k <= 44; k++) {
      const id = `agent-${String(k).padStart(3, "0")}`;
      if (k % 7 === 0) continue; // unscheduled
      if (k <= 30) {
        const start = day + 16 * H + (k % 4) * 30 * M;
        schedules.push({ user_id: id, segments: [{ start, end: start + 4 * H }, { start: start + 4 * H + 30 * M, end: start + 8 * H }] });
      } else if (k <= 40) {
        // 22:00–06:00 IST = 16:30–00:30 UTC, overnight.
        schedules.push({ user_id: id, timezone: "Asia/Kolkata", rules: [weekly(2, "22:00", "06:00")] });
      } else {
        schedules.push({ user_id: id, bypass: true, segments: [{ start: day + 16 * H, end: day + 24 * H }] });
      }
    }
    schedules.push({ user_id: "agent-999", segments: [{ start: day + 17 * H, end: day + 25 * H }] });
    return {
      timezone: "UTC",
      schedules,
      cases: [
        { since: day + 12 * H, now: day + 36 * H, sampleMs: 300_000 },
        { since: day + 12 * H, now: day + 36 * H, sampleMs: 0 },
        { since: day + 22 * H, now: day + 24 * H + 20 * M + 7, sampleMs: 300_000 },
        { since: day + 23 * H, now: day + 25 * H + 3 * M, sampleMs: 0 },
      ],
    };
  },
  // Wednesday 2026-03-11; account zone America/Los_Angeles (UTC−7 that day), integer and string ids.
  messy: () => {
    const day = Date.UTC(2026, 2, 11);
    const schedules = [];
    for (let id = 2001; id <= 2030; id += 1) {
      if (id % 5 === 0) continue;
      const uid = id % 2 ? id : String(id);
      if (id % 5 === 1) schedules.push({ user_id: uid, rules: [weekly(3, "00:00", "08:00")] });
      else if (id % 5 === 2) schedules.push({ user_id: uid, rules: [weekly(2, "23:00", "05:00"), weekly(3, "05:30", "09:30")] });
      else if (id % 5 === 3) schedules.push({ user_id: uid, timezone: "UTC", rules: [weekly(3, "07:00", "15:00")] });
      else schedules.push({ user_id: uid, bypass: id === 2004, rules: [weekly(3, "01:00", "09:00")] });
    }
    schedules.push({ user_id: 2998, rules: [weekly(3, "00:00", "08:00")] }, { user_id: 2999, rules: [weekly(3, "02:00", "06:00")] }, { user_id: 2997, segments: [{ start: day + 8 * H, end: day + 12 * H }] });
    return {
      timezone: "America/Los_Angeles",
      schedules,
      cases: [
        { since: day, now: day + 24 * H, sampleMs: 300_000 },
        { since: day, now: day + 24 * H, sampleMs: 0 },
        { since: day + 9 * H, now: day + 12 * H + 11 * M, sampleMs: 300_000 },
        { since: day + 13 * H, now: day + 14 * H + 1, sampleMs: 0 },
      ],
    };
  },
};

for (const [name, plan] of Object.entries(plans)) {
  const events = JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8"));
  const { timezone, schedules, cases } = plan();
  const run = (list) => {
    const request = JSON.stringify({ events, schedules, cases: list, timezone });
    return JSON.parse(execFileSync("python3", [join(here, "adherence_ref.py")], { input: request, maxBuffer: 1 << 28 }).toString());
  };
  const results = run(cases);
  // Issue 15: each window with a 2-minute grace, a 10-minute grace and a 1-minute severe
  // threshold, a 45-minute grace with only "personal" and "Break" planned (case-sensitive).
  const scheduleCases = cases.flatMap((c) => [
    { ...c, graceMs: 2 * M },
    { ...c, graceMs: 10 * M, severeMs: M },
    { ...c, graceMs: 45 * M, plannedReasons: ["personal", "Break"] },
  ]);
  const scheduleResults = run(scheduleCases);
  const doc = {
    source: "expected adherence from tests/tools/adherence_ref.py (Python zoneinfo); regenerate with node tests/tools/make-adherence.mjs",
    timezone,
    schedules,
    cases: cases.map((c, i) => ({ ...c, expected: results[i] })),
    scheduleCases: scheduleCases.map((c, i) => ({ ...c, expected: scheduleResults[i] })),
  };
  writeFileSync(join(fixtures, `${name}.adherence.json`), `${JSON.stringify(doc, null, 1)}\n`);
  const pcts = Object.values(results[0]).map((r) => r.adherencePct);
  console.log(`${name}: ${schedules.length} schedules, ${cases.length} cases; first case adherencePct: ${JSON.stringify(pcts)}`);
}
