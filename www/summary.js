// The team header (clock, window, agents logged in, counts per current status, team occupancy,
// utilization and adherence) and the status legend.
//
// Every figure over the window is the package's `team` block (sums over the agents, percentages and
// AHT from the sums); the counts of agents by their state now come from the rows' `current`.
//
// With schedules, the team's conformance (Σworked ÷ Σscheduled) and shrinkage (Σnot adherent on shift
// ÷ Σscheduled; the planned/unplanned split below it, the reasons in its tooltip), issue 15.
//
// Test hooks: #team-occupancy, #team-handled, #team-aht, #team-conformance, #team-shrinkage etc. carry data-value (the number, "" when
// there is none); each status count is an <li data-status data-count>.
import { compareStatus, statusColor, statusLabel } from "./colors.js";
import { count, hms, mss, span } from "./format.js";
import { shrinkageTitle } from "./table.js";
import { clockTime, dayLabel } from "./time.js";

const $ = (id) => document.getElementById(id);

function setText(id, text) {
  const node = $(id);
  if (node.textContent !== text) node.textContent = text;
}

/** Shows a percentage (or "—" for null) and keeps the raw number in data-value. */
function setPct(id, value) {
  setText(id, value === null ? "—" : `${value}%`);
  $(id).dataset.value = value === null ? "" : String(value);
}

function swatch(status) {
  const sw = document.createElement("span");
  sw.className = "swatch";
  sw.style.background = statusColor(status);
  return sw;
}

/**
 * Renders the counts per current status as a list of colored chips, in canonical order. A chip is
 * created once per status and its count updated in place (a refresh changes numbers, rarely statuses).
 */
function renderCounts(list, byStatus) {
  const entries = [...byStatus].sort(([a], [b]) => compareStatus(a, b));
  const key = entries.map(([s]) => s).join("\n");
  if (list.dataset.statuses !== key || !list.chips) {
    list.dataset.statuses = key;
    list.chips = new Map(entries.map(([status]) => {
      const li = document.createElement("li");
      li.dataset.status = status;
      const b = document.createElement("strong");
      li.append(swatch(status), `${statusLabel(status)} `, b);
      return [status, { li, b }];
    }));
    list.replaceChildren(...[...list.chips.values()].map((c) => c.li));
    if (!entries.length) list.replaceChildren(Object.assign(document.createElement("li"), { textContent: "no agent yet" }));
  }
  for (const [status, n] of entries) {
    const { li, b } = list.chips.get(status);
    if (li.dataset.count === String(n)) continue;
    li.dataset.count = String(n);
    b.textContent = count(n);
  }
}

/**
 * Renders the header. `team`: the package's team figures over the window (session.js `figures`:
 * occupancyPct, utilizationPct, adherencePct, handled, ahtMs); `counts`: the agents by their state
 * now (counts.js); `agents`: the number listed; `scheduled`: whether adherence is known.
 */
export function renderSummary({ team, counts, agents, since, now, timezone, scheduled }) {
  setText("now", clockTime(now, timezone));
  $("now").dateTime = new Date(now).toISOString();
  setText("now-day", dayLabel(now, timezone));
  setText("since", clockTime(since, timezone));
  $("since").dateTime = new Date(since).toISOString();
  const sinceDay = dayLabel(since, timezone);
  setText("since-day", `${span(now - since)} window${sinceDay === dayLabel(now, timezone) ? "" : ` · from ${sinceDay}`}`);
  setText("logged-in", count(counts.loggedIn));
  $("logged-in").dataset.value = String(counts.loggedIn);
  setText("agent-count", `of ${count(agents)} agents`);
  renderCounts($("status-counts"), counts.byStatus);
  setPct("team-occupancy", team.occupancyPct);
  setPct("team-utilization", team.utilizationPct);
  setPct("team-adherence", scheduled ? team.adherencePct : null);
  setText("out-count", scheduled ? `${count(counts.outNow)} out of adherence now` : "no schedules");
  $("out-count").dataset.value = scheduled ? String(counts.outNow) : "";
  setPct("team-conformance", scheduled ? team.conformancePct : null);
  setPct("team-shrinkage", scheduled ? team.shrinkagePct : null);
  const c = scheduled ? team.conformance : null;
  setText("team-worked", c ? `worked ${hms(c.workedMs)} of ${hms(c.scheduledMs)}` : "");
  const sh = scheduled ? team.shrinkage : null;
  setText("team-shrink-split", sh ? `planned ${hms(sh.plannedMs)} · unplanned ${hms(sh.unplannedMs)}` : "");
  $("team-shrink-split").dataset.planned = sh ? String(sh.plannedMs) : "";
  $("team-shrink-split").dataset.unplanned = sh ? String(sh.unplannedMs) : "";
  const title = sh ? shrinkageTitle(sh) : "";
  if ($("shrink-card").title !== title) $("shrink-card").title = title;
  setText("team-handled", count(team.handled));
  $("team-handled").dataset.value = String(team.handled);
  setText("team-aht", team.ahtMs === null ? "no contact handled" : `AHT ${mss(team.ahtMs)}`);
  $("team-aht").dataset.value = team.ahtMs === null ? "" : String(team.ahtMs);
}

/** Renders the status legend (the colors used in the bars, chips and badges). */
export function renderLegend(list, statuses) {
  const sorted = [...new Set(statuses)].sort(compareStatus);
  if (list.dataset.statuses === sorted.join("\n")) return;
  list.dataset.statuses = sorted.join("\n");
  list.replaceChildren(...sorted.map((s) => {
    const li = document.createElement("li");
    li.append(swatch(s), statusLabel(s));
    li.title = s;
    return li;
  }));
}
