// A synthetic (generated, not recorded) contact-center day for the page's frame-budget test:
// deterministic (a fixed-seed LCG), `agents` agents × about `perAgent` events each between 07:00 and
// about 16:00 UTC on Tuesday 2026-03-10, plus weekly schedules for every agent.

const STATUS_NEXT = {
  ready: [["ring", 0.7], ["paused", 0.1], ["extcall", 0.1], ["idle", 0.1]],
  ring: [["incall", 0.95], ["ready", 0.05]],
  incall: [["wrapup", 1]],
  extcall: [["wrapup", 1]],
  wrapup: [["ready", 1]],
  paused: [["ready", 1]],
  idle: [["ready", 1]],
};
const REASONS = ["break", "lunch", "training", "coaching"];

/** A deterministic generator of numbers in [0, 1). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `{ events, schedules, day }`: events in agent order (not time order, to exercise sorting), each
 * agent's day ending offline; schedules `{ timezone: "UTC", schedules }` with 8.5-hour shifts.
 */
export function syntheticDay({ agents = 2000, perAgent = 200, seed = 20260310 } = {}) {
  const rnd = lcg(seed);
  const day = Date.UTC(2026, 2, 10);
  const events = [];
  const schedules = [];
  for (let a = 0; a < agents; a += 1) {
    const user_id = 10000 + a;
    const startHour = 7 + (a % 3);
    let t = day + startHour * 3_600_000 + Math.floor(rnd() * 20 * 60_000);
    let status = "ready";
    for (let i = 0; i < perAgent - 1; i += 1) {
      const event = { user_id, ts: t, status };
      if (status === "paused") event.reason = REASONS[Math.floor(rnd() * REASONS.length)];
      events.push(event);
      t += 30_000 + Math.floor(rnd() * 240_000);
      let r = rnd();
      for (const [next, p] of STATUS_NEXT[status]) {
        status = next;
        if ((r -= p) < 0) break;
      }
    }
    events.push({ user_id, ts: t, status: "offline" });
    schedules.push({ user_id, rules: [{ kind: "weekly", dow: 2, start_time: `${String(startHour).padStart(2, "0")}:00`, end_time: `${startHour + 8}:30` }] });
  }
  return { events, schedules: { timezone: "UTC", schedules }, day };
}
