// The interval chart: team occupancy per 15-minute interval of the replay day, as an inline SVG.
// Each interval's team occupancy is Σhandle / Σ(handle + ready) over the agents' rows of
// `AgentLog.intervals` (time-weighted); the sums come from the worker (intervals.js), this module
// only draws them.
//
// Test hooks: each bar is a <rect data-start data-handle data-ready data-value> (value: the
// percentage, "" without handle or ready time).
import { hms } from "./format.js";
import { STEP_MS, pct } from "./intervals.js";
import { clockTime } from "./time.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 150;
const PAD = { left: 40, right: 6, top: 8, bottom: 20 };

const svgEl = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};

export class IntervalChart {
  /** `figure`: the element that holds the SVG; `timezone`: for the axis labels. */
  constructor(figure, timezone) {
    this.figure = figure;
    this.timezone = timezone;
    this.day = null;
    this.closed = new Map();
    this.open = null;
    this.width = 0;
    this.figureWidth = 0;
    this.bars = [];
  }

  /**
   * Reads the figure's width (a layout read: call it before the refresh writes to the DOM, so it
   * costs no forced layout); the next draw rebuilds the SVG if it changed.
   */
  measure() {
    this.figureWidth = Math.max(240, Math.floor(this.figure.clientWidth));
  }

  /** Forgets the drawn day (new data). */
  reset(timezone = this.timezone) {
    this.timezone = timezone;
    this.day = null;
  }

  /** Shows the worker's chart data (`IntervalSums.update().data`) at replay time `now`. */
  update({ day, dayEnd, closed, open }, now) {
    if (day !== this.day) {
      this.day = day;
      this.dayEnd = dayEnd;
      this.width = 0; // rebuild the SVG
    }
    this.closed = new Map(closed.map((s) => [s.start, s]));
    this.open = open;
    this.draw(now);
  }

  /** Creates the SVG for the current width and day (axis, grid, one bar per interval). */
  build() {
    const width = this.figureWidth;
    this.width = width;
    const slots = Math.round((this.dayEnd - this.day) / STEP_MS);
    const plotW = width - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const svg = svgEl("svg", { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: "img", "aria-labelledby": "chart-title" });
    for (const p of [0, 50, 100]) {
      const y = PAD.top + plotH * (1 - p / 100);
      svg.append(svgEl("line", { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y, class: p ? "grid" : "axis" }));
      const label = svgEl("text", { x: PAD.left - 6, y: y + 4, class: "ylabel" });
      label.textContent = `${p}%`;
      svg.append(label);
    }
    const every = plotW < 500 ? 6 : 3; // hours between time labels
    for (let k = 0; k <= slots; k += 1) {
      const ts = this.day + k * STEP_MS;
      const x = PAD.left + (plotW * k) / slots;
      const [h, m] = clockTime(ts, this.timezone).split(":");
      if (m !== "00" || Number(h) % every !== 0 || k === slots) continue;
      const label = svgEl("text", { x, y: HEIGHT - 5, class: "xlabel" });
      label.textContent = `${h}:00`;
      svg.append(svgEl("line", { x1: x, x2: x, y1: PAD.top + plotH, y2: PAD.top + plotH + 4, class: "axis" }), label);
    }
    this.bars = [];
    const barW = plotW / slots;
    for (let k = 0; k < slots; k += 1) {
      const rect = svgEl("rect", { x: (PAD.left + k * barW + 0.5).toFixed(1), width: Math.max(1, barW - 1).toFixed(1), y: PAD.top + plotH, height: 0 });
      rect.dataset.start = String(this.day + k * STEP_MS);
      rect.append(svgEl("title"));
      svg.append(rect);
      this.bars.push(rect);
    }
    this.plotH = plotH;
    this.figure.replaceChildren(svg);
  }

  /** Redraws the bars whose totals changed; the open interval is drawn lighter. */
  draw(now) {
    if (!this.figureWidth) this.measure();
    if (this.width !== this.figureWidth) this.build();
    const tz = this.timezone;
    for (const rect of this.bars) {
      const start = Number(rect.dataset.start);
      const isOpen = this.open !== null && start === this.open.start;
      const s = isOpen ? this.open : this.closed.get(start);
      const value = s ? pct(s.handle, s.handle + s.ready) : null;
      const key = s ? `${s.handle}/${s.ready}/${isOpen}` : "";
      if (rect.dataset.key === key) continue;
      rect.dataset.key = key;
      rect.dataset.handle = s ? String(s.handle) : "";
      rect.dataset.ready = s ? String(s.ready) : "";
      rect.dataset.value = value === null ? "" : String(value);
      const h = value === null ? 0 : (this.plotH * value) / 100;
      rect.setAttribute("y", (PAD.top + this.plotH - h).toFixed(1));
      rect.setAttribute("height", h.toFixed(1));
      rect.setAttribute("class", isOpen ? "open" : "");
      const when = `${clockTime(start, tz).slice(0, 5)}–${clockTime(start + STEP_MS, tz).slice(0, 5)}`;
      rect.firstChild.textContent = value === null
        ? `${when}: no handle or ready time`
        : `${when}${isOpen ? " (so far)" : ""}: occupancy ${value}% (handle ${hms(s.handle)} of handle + ready ${hms(s.handle + s.ready)})`;
    }
    const last = this.open ?? this.closed.get(Math.floor((now - this.day) / STEP_MS) * STEP_MS + this.day - STEP_MS);
    const lastPct = last ? pct(last.handle, last.handle + last.ready) : null;
    this.figure.setAttribute("aria-description", lastPct === null ? "" : `latest interval: ${lastPct}% occupancy at ${clockTime(now, tz)}`);
  }
}
