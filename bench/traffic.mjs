// The benchmarks' generated traffic (bench.mjs, lake.mjs, platforms.mjs): a deterministic random
// source, and agents as small state machines (login → ready → ring → incall → wrapup → ready …,
// pauses with reasons, idle, outbound calls, unreachable, logouts).

/** A deterministic xorshift32 generator: floats in [0, 1). */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** A weighted choice: `[[value, weight], …]` to a function of u in [0, 1). */
const picker = (table) => {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const cum = table.map(([v, w]) => [v, (acc += w) / total]);
  return (u) => {
    for (const [v, c] of cum) if (u < c) return v;
    return cum[cum.length - 1][0];
  };
};

const TRANSITIONS = {
  offline: [["ready", 1]],
  ready: [["ring", 55], ["incall", 13], ["paused", 14], ["idle", 8], ["extcall", 5], ["offline", 3], ["ready", 2]],
  ring: [["incall", 85], ["unreachable", 5], ["ready", 10]],
  incall: [["wrapup", 88], ["ready", 7], ["incall", 5]],
  wrapup: [["ready", 80], ["paused", 15], ["offline", 5]],
  paused: [["ready", 85], ["offline", 10], ["paused", 5]],
  idle: [["ready", 70], ["paused", 20], ["offline", 10]],
  extcall: [["wrapup", 50], ["ready", 50]],
  unreachable: [["ready", 80], ["offline", 20]],
};
const NEXT = Object.fromEntries(Object.entries(TRANSITIONS).map(([s, t]) => [s, picker(t)]));
const PAUSE_REASON = picker([["break", 50], ["lunch", 20], ["training", 15], ["meeting", 10], [null, 5]]);

/** `n` agent ids, `agent-00000` …, and their states (all offline). */
export function agents(n) {
  return { ids: Array.from({ length: n }, (_, k) => `agent-${String(k).padStart(5, "0")}`), state: new Array(n).fill("offline") };
}

/**
 * One event at `ts`: an agent picked at random moves one step (`reason` only where there is one).
 * @param {() => number} rnd
 * @param {{ ids: string[], state: string[] }} pool
 * @param {number} ts
 */
export function step(rnd, pool, ts) {
  const a = Math.floor(rnd() * pool.ids.length);
  const status = NEXT[pool.state[a]](rnd());
  pool.state[a] = status;
  const e = { user_id: pool.ids[a], ts, status };
  if (status === "paused") {
    const r = PAUSE_REASON(rnd());
    if (r !== null) e.reason = r;
  }
  return e;
}
