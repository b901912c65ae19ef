// Times written by a person go through the package's one time-zone engine: `parseTime`,
// `zonedStartOfDay` and `zonedWallClock` directly, and the CLI's --since/--now, whose result must
// not depend on the machine's TZ. Expected instants are written as UTC here by hand (the zones'
// rules on those dates: New York UTC−4 from 8 March 2026; Santiago springs from 00:00 to 01:00 on
// 6 September 2026, Cairo on 24 April 2026).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTime, zonedStartOfDay, zonedWallClock } from "agent-kpis";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "node_modules", ".bin", "agent-kpis");

test("parseTime: exact with an offset, in the given zone without one, gaps move forward", () => {
  assert.equal(parseTime("1773129600000"), 1773129600000);
  assert.equal(parseTime("2026-03-10T08:00:00Z", "America/New_York"), Date.UTC(2026, 2, 10, 8));
  assert.equal(parseTime("2026-03-10T09:00+01:00"), Date.UTC(2026, 2, 10, 8));
  assert.equal(parseTime("2026-03-10T08:00:00"), Date.UTC(2026, 2, 10, 8));
  assert.equal(parseTime("2026-03-10T08:00:00", "America/New_York"), Date.UTC(2026, 2, 10, 12));
  assert.equal(parseTime("2026-03-10", "America/New_York"), Date.UTC(2026, 2, 10, 4));
  // 02:30 on 8 March 2026 does not exist in New York: 03:30 EDT.
  assert.equal(parseTime("2026-03-08T02:30", "America/New_York"), Date.UTC(2026, 2, 8, 7, 30));
  assert.throws(() => parseTime("yesterday"), { name: "RangeError", message: 'text: expected epoch milliseconds or an ISO-8601 date-time, got "yesterday"' });
  assert.throws(() => parseTime("2026-03-10", "Mars/Base"), { name: "RangeError", message: 'timezone: unknown IANA time zone "Mars/Base"' });
  assert.throws(() => parseTime(5), { name: "TypeError", message: "text: expected a string, got 5" });
});

test("zonedStartOfDay: the first instant of the local date, also where midnight does not exist", () => {
  assert.equal(zonedStartOfDay(Date.UTC(2026, 8, 6, 15), "America/Santiago"), Date.UTC(2026, 8, 6, 4));
  assert.equal(zonedStartOfDay(Date.UTC(2026, 3, 24, 9), "Africa/Cairo"), Date.UTC(2026, 3, 23, 22));
  assert.equal(zonedStartOfDay(Date.UTC(2026, 0, 15, 13), "Europe/London"), Date.UTC(2026, 0, 15));
  assert.equal(zonedStartOfDay(Date.UTC(2026, 0, 15, 13)), Date.UTC(2026, 0, 15));
});

test("zonedWallClock: the fields of an instant in a zone", () => {
  assert.deepEqual(zonedWallClock(Date.UTC(2026, 2, 10, 12, 34, 56), "America/New_York"), {
    year: 2026, month: 3, day: 10, hour: 8, minute: 34, second: 56, weekday: 2, offsetSeconds: -14400,
  });
});

test("the CLI reads ISO times without an offset in --timezone, whatever the machine's TZ", () => {
  const log = join(root, "tests", "fixtures", "day-shift.json");
  const cli = (tz, args) => {
    const r = spawnSync(bin, [log, ...args, "--format", "csv"], { encoding: "utf8", env: { ...process.env, TZ: tz, NODE_NO_WARNINGS: "1" } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const local = ["--since", "2026-03-10T08:00:00", "--now", "2026-03-10T09:00:00"];
  const utc = cli("UTC", local);
  assert.equal(cli("America/New_York", local), utc);
  assert.equal(cli("Asia/Kolkata", local), utc);
  assert.equal(cli("America/New_York", ["--since", "2026-03-10T08:00:00Z", "--now", "2026-03-10T09:00:00Z"]), utc);
  const ny = ["--since", "2026-03-10T04:00", "--now", "2026-03-10T05:00", "--timezone", "America/New_York"];
  assert.equal(cli("Asia/Kolkata", ny), utc);
  const r = spawnSync(bin, [log, "--since", "2026-03-10T08:00", "--timezone", "Mars/Base"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split("\n")[0], 'agent-kpis: --timezone: unknown IANA time zone "Mars/Base"');
});
