// Sorting the agents table: one sort key per column, header buttons (mouse and keyboard: they are
// <button>s) and aria-sort on the sorted column's header.
import { compareStatus } from "./colors.js";

const collator = new Intl.Collator("en", { numeric: true });

/**
 * Sort keys per column: `value(rows, i, now)` gives agent `i`'s number (NaN: none, sorted last in
 * both directions); `rows` is a RowSet (rowset.js). "status" sorts by the canonical status order.
 */
const KEYS = {
  agent: () => 0, // ties: by user_id
  status: (rows, i, _now, statusRank) => statusRank[rows.status[i]] ?? NaN,
  for: (rows, i, now) => now - rows.key("since", i),
  loggedIn: (rows, i) => rows.key("loggedIn", i),
  handle: (rows, i) => rows.key("handle", i),
  occupancy: (rows, i) => rows.key("occupancy", i),
  utilization: (rows, i) => rows.key("utilization", i),
  adherence: (rows, i) => rows.key("adherence", i),
  handled: (rows, i) => rows.key("handled", i),
  aht: (rows, i) => rows.key("aht", i),
  longestBreak: (rows, i) => rows.key("longestBreak", i),
  conformance: (rows, i) => rows.key("conformance", i),
  shrinkage: (rows, i) => rows.key("shrinkage", i),
};

/** Each agent's rank in user_id order, cached while the list of ids is the same. */
let ranks = { key: "", rank: new Uint32Array(0) };
function rankOf(ids) {
  const key = ids.join("\n");
  if (ranks.key !== key) {
    const rank = new Uint32Array(ids.length);
    [...ids.keys()].sort((a, b) => collator.compare(ids[a], ids[b])).forEach((i, r) => { rank[i] = r; });
    ranks = { key, rank };
  }
  return ranks.rank;
}

/**
 * Sorts `indices` (agents of the RowSet `rows`, e.g. those the filter kept) by column `key` in
 * direction `dir` ("ascending" | "descending"); ties and missing values (last) by user_id. Returns a
 * new Uint32Array.
 */
export function sortAgents(rows, indices, { key, dir }, now) {
  const value = Object.hasOwn(KEYS, key) ? KEYS[key] : KEYS.agent;
  const sign = dir === "descending" ? -1 : 1;
  const rank = rankOf(rows.ids);
  const statusRank = [...rows.statuses.keys()].sort((a, b) => compareStatus(rows.statuses[a], rows.statuses[b]))
    .reduce((r, s, k) => { r[s] = k; return r; }, []);
  const v = new Float64Array(rows.length);
  for (const i of indices) v[i] = value(rows, i, now, statusRank);
  const agentDir = key === "agent" ? sign : 1;
  return Uint32Array.from(indices).sort((p, q) => {
    const a = v[p], b = v[q];
    const noA = Number.isNaN(a), noB = Number.isNaN(b);
    if (noA || noB) {
      if (noA !== noB) return noA ? 1 : -1;
    } else if (a !== b) return sign * (a - b);
    return agentDir * (rank[p] - rank[q]);
  });
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
