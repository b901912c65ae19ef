// The dashboard's civil time (www/time.js) is the package's: in the running page, the start of a
// local day where midnight does not exist is the day's first instant, and a date-picker time in a
// spring-forward gap moves forward, as `parseTime` and `zonedStartOfDay` in Node say. Expected
// instants are written as UTC by hand (Santiago springs from 00:00 to 01:00 on 6 September 2026,
// Cairo on 24 April 2026, New York from 02:00 to 03:00 on 8 March 2026).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTime, zonedStartOfDay } from "agent-kpis";
import { dashboard } from "./harness.mjs";

const env = dashboard();

test("day starts and date-picker times in the page are the package's", async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.base}?paused=1`);
  await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 60_000 });
  // The module instance the dashboard bound to the package when it started.
  const got = await page.evaluate(async () => {
    const time = await import("./time.js");
    return {
      santiago: time.startOfDay(Date.UTC(2026, 8, 6, 15), "America/Santiago"),
      cairo: time.startOfDay(Date.UTC(2026, 3, 24, 9), "Africa/Cairo"),
      gap: time.fromInputValue("2026-03-08T02:30:00", "America/New_York"),
      label: time.toInputValue(Date.UTC(2026, 2, 8, 7, 30), "America/New_York"),
    };
  });
  assert.equal(got.santiago, Date.UTC(2026, 8, 6, 4));
  assert.equal(got.cairo, Date.UTC(2026, 3, 23, 22));
  assert.equal(got.gap, Date.UTC(2026, 2, 8, 7, 30));
  assert.equal(got.label, "2026-03-08T03:30:00");
  // The same as the package in Node.
  assert.equal(got.santiago, zonedStartOfDay(Date.UTC(2026, 8, 6, 15), "America/Santiago"));
  assert.equal(got.gap, parseTime("2026-03-08T02:30:00", "America/New_York"));
  await page.close();
});
