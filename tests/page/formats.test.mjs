// The dashboard's log-format select (issue 18): an Asterisk queue_log dropped with
// "asterisk-queue-log" chosen is read by the package's adapter and its agents are shown; with
// "auto" the same file is read as the package's CSV and refused, the data kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dashboard } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const queueLog = readFileSync(join(here, "..", "fixtures", "platforms", "wire", "queue_log"), "utf8");
const env = dashboard();

/** Drops files (`[{ name, text }]`) on the page as a user's drag and drop would. */
function drop(page, files) {
  return page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    const target = document.querySelector("main");
    for (const type of ["dragenter", "dragover", "drop"]) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, files);
}

test("a queue_log dropped with its format chosen shows its agents; with auto it is refused", async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.base}?paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  const before = await page.locator("#rows tr[data-user-id]").count();
  // auto: the package's own formats; a queue_log is no CSV with a user_id, ts, status header.
  await drop(page, [{ name: "queue_log", text: queueLog }]);
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.textContent("#error .message"), /queue_log: .*CSV header/);
  assert.equal(await page.locator("#rows tr[data-user-id]").count(), before);
  await page.click("#error .dismiss");
  // asterisk-queue-log: read by the adapter; the two members become rows.
  await page.selectOption("#log-format", "asterisk-queue-log");
  await drop(page, [{ name: "queue_log", text: queueLog }]);
  await page.waitForFunction(() => document.body.dataset.loaded === "queue_log");
  await page.waitForSelector("#rows tr[data-user-id='Agent/1002']");
  const ids = await page.$$eval("#rows tr[data-user-id]", (rows) => rows.map((r) => r.dataset.userId).sort());
  assert.deepEqual(ids, ["Agent/1001", "Agent/1002"]);
  // Shown at the log's last event (1709543760 s: Agent/1002 leaves its queue), both logged out.
  await page.waitForFunction((n) => Number(document.body.dataset.now) === n, 1709543760_000);
  assert.equal(await page.locator("#error").isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an Amazon Connect agent event stream dropped with amazon-connect chosen shows its agents", async () => {
  const dir = join(here, "..", "fixtures", "platforms", "amazon-connect");
  const text = readFileSync(join(dir, "available_during_call.ndjson"), "utf8");
  const page = await env.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.base}?paused=1`);
  await page.waitForSelector("#rows tr[data-user-id]");
  await page.selectOption("#log-format", "amazon-connect");
  await drop(page, [{ name: "agent-events.ndjson", text }]);
  await page.waitForFunction(() => document.body.dataset.loaded === "agent-events.ndjson");
  const a = "11111111-2222-4333-8444-000000000001";
  const b = "11111111-2222-4333-8444-000000000002";
  await page.waitForSelector(`#rows tr[data-user-id='${b}']`);
  const ids = await page.$$eval("#rows tr[data-user-id]", (rows) => rows.map((r) => r.dataset.userId).sort());
  assert.deepEqual(ids, [a, b]);
  assert.equal(await page.locator("#error").isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});
