// The windows the SQL equality tests fold every recorded log over, chosen to hit the rules' edges.

const H = 3_600_000;

/**
 * `[label, since, now]` windows (epoch ms) for a log: on event timestamps, inside episodes, empty,
 * past the last event, before the first, and on a timestamp where one agent has tied events; plus
 * `extra` windows of the same shape.
 * @param {{ user_id: string | number, ts: number }[]} events
 * @param {[string, number, number][]} [extra]
 * @returns {[string, number, number][]}
 */
export function windowsFor(events, extra = []) {
  const ts = events.map((e) => e.ts).sort((a, b) => a - b);
  const first = ts[0];
  const last = ts[ts.length - 1];
  const at = (q) => ts[Math.min(ts.length - 1, Math.floor(q * ts.length))];
  const mid = Math.floor((first + last) / 2);
  const seen = new Set();
  let tied = null;
  for (const e of events) {
    const key = `${e.user_id}\u0000${e.ts}`;
    if (seen.has(key) && (tied === null || e.ts < tied)) tied = e.ts;
    seen.add(key);
  }
  const windows = [
    ["whole log, since and now on the first and last events", first, last],
    ["since and now on event timestamps", at(0.25), at(0.6)],
    ["since and now 1 ms inside episodes", at(0.3) + 1, at(0.7) - 1],
    ["an hour from the middle", mid, mid + H],
    ["empty window on an event", at(0.5), at(0.5)],
    ["empty window between events", mid + 7, mid + 7],
    ["now past the last event", Math.max(0, last - 2 * H), last + H],
    ["after every event", last + H, last + 2 * H],
    ["starts before the first event", Math.max(0, first - H), at(0.1)],
    ["ends before the first event", Math.max(0, first - 2 * H), first - 1],
    ["now on the second event", first, ts[Math.min(1, ts.length - 1)]],
    ...extra,
  ];
  if (tied !== null) {
    windows.push(["now on a tied timestamp", Math.max(0, tied - H), tied], ["since on a tied timestamp", tied, tied + H]);
  }
  return windows.filter(([, since, now]) => since >= 0 && since <= now && now <= Number.MAX_SAFE_INTEGER);
}
