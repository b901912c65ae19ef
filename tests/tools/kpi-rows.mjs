// The package's report as the SQL recipe's long rows (docs/agent_kpis.sql): one row per window,
// agent and KPI, `{ window_id, user_id, kpi, status, reason, value }`, so that a report and an
// engine's rows compare as sets (key order ignored, presence of every key compared).
import assert from "node:assert/strict";

const SCALARS = ["loggedInMs", "occupancyPct", "utilizationPct"];
const CONTACTS = ["handled", "handleMs", "talkMs", "acwMs", "withAcw", "ahtMs"];
const EPISODE = ["started", "ended", "endedMs", "longestMs"];

/**
 * @typedef {{ window_id: number, user_id: string, kpi: string, status: string | null,
 *   reason: string | null, value: number | null }} KpiRow
 */

/**
 * The rows of one `agentKpis` response (with `include: ["contacts", "episodes", "current"]` or a
 * subset). Throws on a field it does not know, so that a new field cannot go unchecked.
 * @param {{ agents: Record<string, unknown>[] }} response
 * @param {number} windowId
 * @returns {KpiRow[]}
 */
export function kpiRows(response, windowId) {
  /** @type {KpiRow[]} */
  const rows = [];
  const push = (user_id, kpi, status, reason, value) => rows.push({ window_id: windowId, user_id, kpi, status, reason, value });
  for (const agent of response.agents) {
    const id = /** @type {string} */ (agent.user_id);
    for (const [key, v] of Object.entries(agent)) {
      if (key === "user_id") continue;
      if (SCALARS.includes(key)) push(id, key, null, null, v);
      else if (key === "statusMs") for (const [s, ms] of Object.entries(v)) push(id, key, s, null, ms);
      else if (key === "reasonMs") {
        for (const [s, byReason] of Object.entries(v)) for (const [r, ms] of Object.entries(byReason)) push(id, key, s, r, ms);
      } else if (key === "contacts") {
        assert.deepEqual(Object.keys(v).sort(), [...CONTACTS].sort(), `${id}.contacts`);
        for (const k of CONTACTS) push(id, `contacts.${k}`, null, null, v[k]);
      } else if (key === "episodes") {
        for (const [s, four] of Object.entries(v)) for (const k of EPISODE) push(id, `episodes.${k}`, s, null, four[k]);
      } else if (key === "reasonEpisodes") {
        for (const [s, byReason] of Object.entries(v)) {
          for (const [r, four] of Object.entries(byReason)) for (const k of EPISODE) push(id, `reasonEpisodes.${k}`, s, r, four[k]);
        }
      } else if (key === "current") {
        if (v === null) continue;
        push(id, "current.since", v.status, v.reason, v.since);
        push(id, "current.ms", v.status, v.reason, v.ms);
      } else if (v !== null && v !== undefined) {
        throw new Error(`kpiRows: ${id}.${key} is not a field the SQL recipe computes`);
      }
    }
  }
  return rows;
}

/** A row from an engine (BigInt, numeric strings or numbers) with plain numbers. */
export function normalRow(r) {
  const n = (x) => (x === null || x === undefined ? null : Number(x));
  return { window_id: n(r.window_id), user_id: String(r.user_id), kpi: r.kpi, status: r.status ?? null, reason: r.reason ?? null, value: n(r.value) };
}

const keyOf = (r) => JSON.stringify([r.window_id, r.user_id, r.kpi, r.status, r.reason]);

/**
 * Asserts that two lists of rows hold the same rows (order ignored); the message lists the first
 * differences by key.
 * @param {KpiRow[]} got
 * @param {KpiRow[]} want
 * @param {string} label
 */
export function assertSameRows(got, want, label) {
  const index = (list) => {
    const m = new Map();
    for (const r of list) {
      const k = keyOf(r);
      assert.ok(!m.has(k), `${label}: two rows for ${k}`);
      m.set(k, r.value);
    }
    return m;
  };
  const g = index(got.map(normalRow));
  const w = index(want.map(normalRow));
  const diffs = [];
  for (const [k, v] of w) if (!g.has(k) || g.get(k) !== v) diffs.push(`${k}: want ${v}, got ${g.has(k) ? g.get(k) : "no row"}`);
  for (const [k, v] of g) if (!w.has(k)) diffs.push(`${k}: want no row, got ${v}`);
  assert.ok(diffs.length === 0, `${label}: ${diffs.length} rows differ (of ${w.size}):\n${diffs.slice(0, 15).join("\n")}`);
}
