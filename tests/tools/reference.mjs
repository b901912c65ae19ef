// A deliberately naive reference implementation of the fold's rules (README, Semantics), written from
// their text and independent of the Rust code. BigInt for every millisecond sum; exact half-up rounding.
const CANONICAL = ["extcall", "incall", "offline", "unreachable", "ring", "paused", "wrapup", "ready", "idle"];

/** round(100·a/b) half-up, exactly: floor((200a + b) / 2b); 0 when b is 0. */
export function pct(a, b) {
  return b === 0n ? 0 : Number((200n * a + b) / (2n * b));
}

/** `{ agents: [...] }` for `events` over [since, now]. */
export function referenceKpis(events, since, now) {
  const S = BigInt(since);
  const N = BigInt(now);
  // Key order: canonical statuses, then others by first appearance in the whole input.
  const statusOrder = [...CANONICAL];
  const reasonOrder = [];
  for (const e of events) {
    if (!statusOrder.includes(e.status)) statusOrder.push(e.status);
    if (typeof e.reason === "string" && e.reason !== "" && !reasonOrder.includes(e.reason)) reasonOrder.push(e.reason);
  }
  // Agents in order of first appearance; an integer id is its decimal string.
  const byAgent = new Map();
  events.forEach((e, index) => {
    const id = String(e.user_id);
    if (!byAgent.has(id)) byAgent.set(id, []);
    byAgent.get(id).push({ ...e, index });
  });
  const agents = [];
  for (const [id, list] of byAgent) {
    if (!list.some((e) => BigInt(e.ts) <= N)) continue;
    // Stable sort by ts: equal ts keep input order.
    list.sort((a, b) => a.ts - b.ts || a.index - b.index);
    const status = new Map();
    const reason = new Map();
    for (let i = 0; i < list.length; i++) {
      const start = BigInt(list[i].ts);
      const end = i + 1 < list.length ? BigInt(list[i + 1].ts) : N;
      // Clip [start, end) to [since, now].
      const lo = start > S ? start : S;
      const hi = end < N ? end : N;
      if (hi <= lo) continue;
      const ms = hi - lo;
      const st = list[i].status;
      status.set(st, (status.get(st) ?? 0n) + ms);
      const r = list[i].reason;
      if (typeof r === "string" && r !== "") {
        if (!reason.has(st)) reason.set(st, new Map());
        reason.get(st).set(r, (reason.get(st).get(r) ?? 0n) + ms);
      }
    }
    const get = (s) => status.get(s) ?? 0n;
    let loggedIn = 0n;
    for (const [s, ms] of status) if (s !== "offline") loggedIn += ms;
    const handle = get("incall") + get("wrapup");
    // Object.fromEntries defines own properties, so statuses named like Object.prototype members
    // (`__proto__`, `constructor`) are ordinary keys.
    const statusMs = Object.fromEntries(statusOrder.filter((s) => get(s) > 0n).map((s) => [s, Number(get(s))]));
    const row = {
      user_id: id,
      statusMs,
      loggedInMs: Number(loggedIn),
      occupancyPct: pct(handle, handle + get("ready")),
      utilizationPct: pct(handle, loggedIn),
    };
    if (reason.size > 0) {
      row.reasonMs = Object.fromEntries(statusOrder.filter((s) => reason.has(s)).map((s) => [
        s,
        Object.fromEntries(reasonOrder.filter((r) => reason.get(s).has(r)).map((r) => [r, Number(reason.get(s).get(r))])),
      ]));
    }
    agents.push(row);
  }
  return { agents };
}
