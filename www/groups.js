// The group headers: when a groups file ({ "<user_id>": "<group>" }) is given, one row per group with
// the package's figures for its agents (the response's `groups`: sums over the group, percentages and
// AHT from the sums, never averages of the agents' percentages), in the package's order (first
// appearance among the rows). Agents without a group count in the team header only.
//
// Test hooks: each row is <tr data-group>, each figure a cell data-kpi="<field>" data-value="<raw>"
// ("" for null).
import { count, mss } from "./format.js";
import { shrinkageTitle } from "./table.js";

const FIELDS = [
  ["agents", (v) => count(v)],
  ["loggedIn", (v) => count(v)],
  ["occupancyPct", (v) => `${v}%`],
  ["utilizationPct", (v) => `${v}%`],
  ["handled", (v) => count(v)],
  ["ahtMs", (v) => mss(v)],
  ["adherencePct", (v) => `${v}%`],
  ["conformancePct", (v) => `${v}%`],
  ["shrinkagePct", (v) => `${v}%`],
];
const SCHEDULE = new Set(["adherencePct", "conformancePct", "shrinkagePct"]);

/**
 * Shows `groups` (session.js: `[{ group, agents, loggedIn, occupancyPct, … }]`, or null without a
 * groups file) in `panel`'s table; `scheduled`: whether the adherence column is shown.
 */
export function renderGroups(panel, groups, { scheduled, source }) {
  panel.hidden = groups === null;
  if (groups === null) return;
  const table = panel.querySelector("table");
  table.classList.toggle("no-adherence", !scheduled);
  const note = panel.querySelector(".note");
  if (note.textContent !== source) note.textContent = source;
  const tbody = table.tBodies[0];
  const key = groups.map((g) => g.group).join("\n");
  if (tbody.dataset.groups !== key || !tbody.rowsByGroup) {
    tbody.dataset.groups = key;
    tbody.rowsByGroup = new Map(groups.map(({ group }) => {
      const tr = document.createElement("tr");
      tr.dataset.group = group;
      const th = Object.assign(document.createElement("th"), { scope: "row", textContent: group });
      tr.append(th, ...FIELDS.map(([kpi]) => {
        const td = Object.assign(document.createElement("td"), { className: SCHEDULE.has(kpi) ? "num adh-col" : "num" });
        td.dataset.kpi = kpi;
        return td;
      }));
      return [group, tr];
    }));
    tbody.replaceChildren(...tbody.rowsByGroup.values());
  }
  for (const g of groups) {
    const tr = tbody.rowsByGroup.get(g.group);
    FIELDS.forEach(([kpi, format], k) => {
      const td = tr.cells[k + 1];
      const v = g[kpi];
      const raw = v === null || v === undefined ? "" : String(v);
      if (td.dataset.value === raw && td.textContent !== "") return;
      td.dataset.value = raw;
      td.textContent = raw === "" ? "—" : format(v);
    });
    const title = g.shrinkage ? shrinkageTitle(g.shrinkage) : "";
    const sh = tr.cells[FIELDS.length];
    if (sh.title !== title) sh.title = title;
  }
}
