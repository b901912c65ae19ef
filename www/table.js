// The agents table: one row per agent, keyed by user_id and updated in place every refresh (rows
// are created once; a cell is written only when its value changed).
//
// Test hooks: each row has data-user-id; each KPI cell data-kpi="<field>" and data-value="<raw>"
// (statusMs as JSON; adherencePct as its string, "" when the agent has no schedule; status the
// current status; for the epoch ms it began; handled, ahtMs and longestBreakMs the numbers, "" for
// null; conformancePct and shrinkagePct as their strings, "" for null or no schedule); each bar
// segment data-status. The adherence badge has the class "severe" (and says so) when the package's
// `adherence.severe` is true. Current status, handled, AHT and the longest break are the
// package's blocks (`current`, `contacts`, `episodes.paused.longestMs`).
import { compareStatus, statusColor, statusLabel } from "./colors.js";
import { hms, mss } from "./format.js";
import { own } from "./own.js";

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** Records the cell's raw value and text; false when both are unchanged (nothing to redraw). */
function changed(td, value, text) {
  const raw = String(value);
  if (td.dataset.value === raw && td.text === text) return false;
  td.dataset.value = raw;
  td.text = text;
  return true;
}

function kpiCell(kpi, cls = "num") {
  const td = el("td", { className: cls });
  td.dataset.kpi = kpi;
  return td;
}

/** A cell showing `format(v)`; data-value is the number, "" for null. */
function textCell(kpi, format) {
  const td = kpiCell(kpi);
  td.update = (v) => {
    const text = v === null ? "—" : format(v);
    if (changed(td, v === null ? "" : v, text)) td.textContent = text;
  };
  return td;
}

function pctCell(kpi) {
  const td = kpiCell(kpi);
  const label = el("span", { className: "pct" });
  const fill = el("i");
  td.append(label, el("span", { className: "meter", ariaHidden: "true" }, fill));
  td.update = (v) => {
    if (!changed(td, v, "")) return;
    label.textContent = `${v}%`;
    fill.style.width = `${Math.min(100, v)}%`;
  };
  return td;
}

function statusCell() {
  const td = kpiCell("status", "status-cell");
  const sw = el("span", { className: "swatch" });
  const label = el("span");
  td.append(sw, label);
  td.update = (st) => {
    const status = st?.status ?? "";
    const text = st ? `${statusLabel(status)}${st.reason ? ` · ${st.reason}` : ""}` : "—";
    if (!changed(td, status, text)) return;
    sw.style.background = st ? statusColor(status) : "transparent";
    label.textContent = text;
    td.title = st ? status : "no event yet";
  };
  return td;
}

/** The bar's description: time per status, with the paused (or other) reasons in parentheses. */
function describe(entries, reasonMs) {
  return entries.map(([s, ms]) => {
    const reasons = own(reasonMs, s);
    const why = reasons ? ` (${Object.entries(reasons).map(([r, v]) => `${r} ${hms(v)}`).join(", ")})` : "";
    return `${statusLabel(s)} ${hms(ms)}${why}`;
  }).join(", ") || "no time in the window";
}

/**
 * The stacked bar: one segment per status, its flex-grow the status's ms, so a refresh changes
 * one style per segment whose time changed. The tooltip (title) lists the reasons.
 */
function barCell() {
  const td = kpiCell("statusMs", "bar-cell");
  const bar = el("div", { className: "bar" });
  bar.setAttribute("role", "img");
  td.append(bar);
  let segments = new Map();
  td.update = (statusMs, reasonMs) => {
    const raw = JSON.stringify(statusMs);
    const reasonsRaw = reasonMs ? JSON.stringify(reasonMs) : "";
    if (!changed(td, raw, reasonsRaw)) return;
    const entries = Object.entries(statusMs).sort(([a], [b]) => compareStatus(a, b));
    const keys = entries.map(([s]) => s).join("\n");
    if (keys !== td.keys) {
      td.keys = keys;
      segments = new Map(entries.map(([s]) => {
        const seg = el("span");
        seg.style.background = statusColor(s);
        seg.dataset.status = s;
        return [s, seg];
      }));
      bar.replaceChildren(...segments.values());
    }
    for (const [s, ms] of entries) segments.get(s).style.flexGrow = String(ms);
    const text = describe(entries, reasonMs);
    bar.setAttribute("aria-label", text);
    bar.title = text;
  };
  return td;
}

function adherenceCell() {
  const td = kpiCell("adherencePct", "adh-cell");
  const pct = el("span", { className: "pct" });
  const badge = el("span", { className: "badge" });
  td.append(pct, badge);
  td.update = (a, now) => {
    const v = a.adherencePct;
    let text = "—", state = "none", title = "no schedule";
    if (v === "bypass") [text, state, title] = ["bypass", "bypass", "schedule bypassed (overtime or ad-hoc cover)"];
    else if (a.adherence) {
      const st = a.adherence;
      if (!st.onShiftNow) [text, state, title] = ["off shift", "off", "not scheduled now"];
      else if (st.inAdherenceNow) [text, state, title] = ["in", "in", "on shift and in an adherent status"];
      else if (st.severe) [text, state, title] = [`severe ${hms(now - st.outSince)}`, "out severe", "severe exception: on shift and out of adherence for at least the severe threshold (5 min); out for"];
      else [text, state, title] = [`out ${hms(now - st.outSince)}`, "out", "on shift and out of adherence for"];
    }
    const pctText = typeof v === "number" ? `${v}%` : v === undefined ? "—" : "";
    if (!changed(td, v === undefined ? "" : String(v), `${pctText}|${text}`)) return;
    td.dataset.state = state;
    pct.textContent = pctText;
    badge.className = `badge ${state}`;
    badge.textContent = state === "none" ? "" : text;
    badge.hidden = state === "none";
    badge.title = title;
  };
  return td;
}

/** Short ms for tooltips: h:mm:ss. */
const list = (entries) => entries.map(([k, v]) => `${k} ${hms(v)}`).join(", ");

/**
 * A schedule percentage (conformance or shrinkage): "—" without a value, "bypass" for a bypassed
 * schedule; `describe(row)` gives its tooltip.
 */
function schedPctCell(kpi, describe) {
  const td = kpiCell(kpi);
  td.update = (a) => {
    const v = a[kpi];
    const text = typeof v === "number" ? `${v}%` : v === "bypass" ? "bypass" : "—";
    const title = describe(a);
    if (!changed(td, v === undefined || v === null ? "" : v, `${text}|${title}`)) return;
    td.textContent = text;
    td.title = title;
  };
  return td;
}

/** The conformance cell's tooltip: worked ÷ scheduled. */
function conformanceTitle(a) {
  if (a.conformancePct === "bypass") return "schedule bypassed";
  if (!a.conformance) return "no schedule";
  return `worked ${hms(a.conformance.workedMs)} of ${hms(a.conformance.scheduledMs)} scheduled (in an adherent status, on shift or not)`;
}

/** The shrinkage cell's tooltip: planned, unplanned, unknown and the time per (status, reason). */
export function shrinkageTitle(sh) {
  if (!sh) return "";
  const reasons = Object.entries(sh.byReason).flatMap(([status, byReason]) => Object.entries(byReason).map(([r, ms]) => [`${statusLabel(status)} · ${r}`, ms]));
  return `on shift, not adherent ${hms(sh.ms)}: planned ${hms(sh.plannedMs)}, unplanned ${hms(sh.unplannedMs)} (unknown status ${hms(sh.unknownMs)})` +
    (reasons.length ? `\nby reason: ${list(reasons)}` : "");
}

function createRow(userId, withAdherence) {
  const tr = el("tr");
  tr.dataset.userId = userId;
  const cells = {
    status: statusCell(),
    for: kpiCell("for"),
    logged: textCell("loggedInMs", hms),
    bar: barCell(),
    handled: textCell("handled", String),
    aht: textCell("ahtMs", mss),
    longestBreak: textCell("longestBreakMs", hms),
    occ: pctCell("occupancyPct"),
    util: pctCell("utilizationPct"),
    conf: withAdherence ? schedPctCell("conformancePct", conformanceTitle) : null,
    shrink: withAdherence ? schedPctCell("shrinkagePct", (a) => (a.shrinkagePct === "bypass" ? "schedule bypassed" : a.shrinkage ? shrinkageTitle(a.shrinkage) : "no schedule")) : null,
    adh: withAdherence ? adherenceCell() : null,
  };
  tr.append(el("th", { scope: "row", className: "agent", textContent: userId }), cells.status, cells.for, cells.logged,
    cells.bar, cells.handled, cells.aht, cells.longestBreak, cells.occ, cells.util);
  if (cells.adh) tr.append(cells.conf, cells.shrink, cells.adh);
  return { tr, cells };
}

/** Above this many rows the table renders only the rows near the viewport (plus spacers). */
export const VIRTUAL_ABOVE = 200;
/** Rows rendered beyond each edge of the viewport, so that scrolling a little shows drawn rows at once. */
const OVERSCAN = 4;

function spacer() {
  const tr = el("tr", { className: "spacer" });
  tr.setAttribute("aria-hidden", "true");
  tr.append(el("td", { colSpan: 13 }));
  return tr;
}

export class AgentTable {
  /**
   * `tbody`: the table body to fill; `withAdherence`: show the adherence column. With more than
   * VIRTUAL_ABOVE agents only the rows in and near the viewport are in the DOM (aria-rowcount and
   * aria-rowindex tell assistive technology the full size); scrolling renders the others.
   */
  constructor(tbody, { withAdherence }) {
    this.tbody = tbody;
    this.table = tbody.closest("table");
    this.withAdherence = withAdherence;
    this.rows = new Map();
    this.state = null;
    this.rowHeight = 36; // every row has the same height (CSS); measured once per table and per resize
    this.measured = false;
    this.top = spacer();
    this.bottom = spacer();
    this.pending = false;
    this.onResize = () => {
      this.measured = false; // narrow screens have taller rows
      this.onScroll();
    };
    this.onScroll = () => {
      if (this.pending || !this.state || this.state.agents.length <= VIRTUAL_ABOVE) return;
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.render();
      });
    };
    addEventListener("scroll", this.onScroll, { passive: true });
    addEventListener("resize", this.onResize, { passive: true });
  }

  /** Stops listening to scrolling (the table is being replaced). */
  destroy() {
    removeEventListener("scroll", this.onScroll);
    removeEventListener("resize", this.onResize);
  }

  /**
   * Shows `agents` (the worker's rows, already filtered and sorted: a list with `length` and `at(k)`,
   * read only for the rows drawn) in that order at replay time `now`; each row's `current` is the
   * agent's { status, reason, since } or null. `total`: agents before filtering, for the empty-table
   * message.
   */
  update(agents, now, total) {
    this.state = { agents, now, total };
    this.render();
  }

  /**
   * The rows to render: all of them, or those that intersect the viewport plus OVERSCAN on each side.
   * Called before this refresh writes to the DOM, so reading the tbody's position costs no layout.
   */
  slice(n) {
    if (n <= VIRTUAL_ABOVE) return [0, n];
    const top = this.tbody.getBoundingClientRect().top; // of the tbody, in viewport coordinates
    const h = this.rowHeight;
    const first = Math.max(0, Math.min(n, Math.floor(-top / h) - OVERSCAN));
    const last = Math.max(first, Math.min(n, Math.ceil((innerHeight - top) / h) + OVERSCAN));
    return [first, last];
  }

  /** Draws the current state's rows (creating rows once, writing only changed cells). */
  render() {
    const { agents, now, total } = this.state;
    const [first, last] = this.slice(agents.length);
    const order = [];
    for (let i = first; i < last; i += 1) {
      const a = agents.at(i);
      let row = this.rows.get(a.user_id);
      if (!row) this.rows.set(a.user_id, (row = createRow(a.user_id, this.withAdherence)));
      const { cells } = row;
      const st = a.current;
      cells.status.update(st);
      const forText = st ? hms(st.ms) : "—";
      if (changed(cells.for, st ? st.since : "", forText)) cells.for.textContent = forText;
      cells.logged.update(a.loggedInMs);
      cells.bar.update(a.statusMs, a.reasonMs);
      cells.handled.update(a.handled);
      cells.aht.update(a.ahtMs);
      cells.longestBreak.update(a.longestBreakMs);
      cells.occ.update(a.occupancyPct);
      cells.util.update(a.utilizationPct);
      cells.conf?.update(a);
      cells.shrink?.update(a);
      cells.adh?.update(a, now);
      if (row.index !== i) row.tr.setAttribute("aria-rowindex", String((row.index = i) + 2)); // 1 is the header
      order.push(row.tr);
    }
    this.table.setAttribute("aria-rowcount", String(agents.length + 1));
    const shown = this.tbody.children;
    if (!order.length) {
      const text = total ? "No agent matches the filter." : "No agent has an event before the replay time yet.";
      if (shown.length !== 1 || shown[0].textContent !== text) {
        this.tbody.replaceChildren(el("tr", { className: "empty" }, el("td", { colSpan: 13, textContent: text })));
      }
      return;
    }
    if (first > 0) order.unshift(this.top);
    if (last < agents.length) order.push(this.bottom);
    this.top.firstChild.style.height = `${first * this.rowHeight}px`;
    this.bottom.firstChild.style.height = `${(agents.length - last) * this.rowHeight}px`;
    if (shown.length !== order.length || order.some((tr, i) => shown[i] !== tr)) this.tbody.replaceChildren(...order);
    if (agents.length > VIRTUAL_ABOVE && !this.measured) {
      // Once (a forced layout): the rows' height, which the CSS keeps the same for every row.
      const measured = order.find((tr, i) => i > 0 && tr.dataset.userId)?.offsetHeight;
      if (measured) {
        this.measured = true;
        if (measured !== this.rowHeight) {
          this.rowHeight = measured;
          this.onScroll();
        }
      }
    }
  }
}
