// The frame budget: how long each refresh took (append + KPIs + chart + DOM + layout), shown in the
// footer with the median and maximum of the recent refreshes.
//
// Test hook: #refresh-ms has data-samples, the recent refresh times in ms, comma-separated.

const KEEP = 60;

/** The median of a non-empty list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export class RefreshMeter {
  /** `total`: the element for the last refresh's ms; `detail`: the element for the split and stats. */
  constructor(total, detail) {
    this.total = total;
    this.detail = detail;
    this.samples = [];
  }

  /** Forgets the recent samples (new data: a different size of team). */
  reset() {
    this.samples = [];
  }

  /**
   * Records one refresh: `parts` is `{ name: ms }` in order (their sum is the refresh time); `info`
   * a short text appended to the footer (agents, events).
   */
  record(parts, info) {
    const ms = Object.values(parts).reduce((a, b) => a + b, 0);
    this.samples.push(ms);
    if (this.samples.length > KEEP) this.samples.shift();
    this.total.textContent = ms.toFixed(1);
    this.total.dataset.samples = this.samples.map((v) => v.toFixed(2)).join(",");
    const split = Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(" · ");
    const stats = `median ${median(this.samples).toFixed(1)} · max ${Math.max(...this.samples).toFixed(1)} over ${this.samples.length}`;
    this.detail.textContent = `(${split}) · ${stats} · ${info}`;
  }
}
