// Sorting the agents table: one sort key per column, header buttons (mouse and keyboard: they are
// <button>s) and aria-sort on the sorted column's header.
import { compareStatus } from "./colors.js";
import { handleMs } from "./team.js";

const collator = new Intl.Collator("en", { numeric: true });

/**
 * Sort keys per column: `value(agent, state, now, rank)` gives a number (a status name for
 * "status"); null sorts last in both directions. `state` is the stream's current status of the agent
 * (or undefined); `rank` maps user_id to its place in user_id order.
 */
const KEYS = {
  agent: (a, _st, _now, rank) => rank.get(a.user_id),
  status: (_a, st) => st?.status ?? null,
  for: (_a, st, now) => (st ? now - st.since : null),
  loggedIn: (a) => a.loggedInMs,
  handle: (a) => handleMs(a.statusMs),
  occupancy: (a) => a.occupancyPct,
  utilization: (a) => a.utilizationPct,
  adherence: (a) => (typeof a.adherencePct === "number" ? a.adherencePct : null),
};

function compareValues(key, x, y) {
  if (key === "status") return compareStatus(x, y);
  return x - y;
}

/** user_id → its rank by the collator, cached while the set of agents is the same (integer compares are cheap). */
let ranks = { ids: "", rank: new Map() };
function rankOf(agents) {
  const ids = agents.map((a) => a.user_id);
  const key = ids.join("\n");
  if (ranks.ids !== key) ranks = { ids: key, rank: new Map([...ids].sort(collator.compare).map((id, i) => [id, i])) };
  return ranks.rank;
}

/**
 * Returns `agents` sorted by column `key` in direction `dir` ("ascending" | "descending"); ties and
 * missing values (last) by user_id. Does not modify `agents`.
 */
export function sortAgents(agents, { key, dir }, current, now) {
  const value = KEYS[key] ?? KEYS.agent;
  const sign = dir === "descending" ? -1 : 1;
  const rank = rankOf(agents);
  const rows = agents.map((a) => ({ a, r: rank.get(a.user_id), v: value(a, current.get(a.user_id), now, rank) }));
  rows.sort((p, q) => {
    if (p.v === null || q.v === null) {
      if (p.v !== q.v) return p.v === null ? 1 : -1;
    } else {
      const c = compareValues(key, p.v, q.v);
      if (c !== 0) return sign * c;
    }
    return p.r - q.r;
  });
  return rows.map((r) => r.a);
}

/**
 * Wires the header's sort buttons (`button[data-sort]` inside `thead`): a click sorts by that column,
 * ascending first, then toggles. Calls `onChange(sort)`; the state object is updated in place.
 */
export function setupSortHeader(thead, sort, onChange) {
  const show = () => {
    for (const button of thead.querySelectorAll("button[data-sort]")) {
      const th = button.closest("th");
      const active = button.dataset.sort === sort.key;
      if (active) th.setAttribute("aria-sort", sort.dir);
      else th.removeAttribute("aria-sort");
      button.querySelector(".arrow").textContent = active ? (sort.dir === "ascending" ? "▲" : "▼") : "";
    }
  };
  thead.addEventListener("click", (e) => {
    const button = e.target instanceof Element ? e.target.closest("button[data-sort]") : null;
    if (!button) return;
    const key = button.dataset.sort;
    sort.dir = key === sort.key && sort.dir === "ascending" ? "descending" : "ascending";
    sort.key = key;
    show();
    onChange(sort);
  });
  show();
}
