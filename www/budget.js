// The frame budget: how long each refresh took (from asking the worker to the page painted: the
// worker's append + KPIs and chart, the message, DOM, the frame's style, layout and paint), shown in
// the footer with the median and maximum of the recent refreshes, and the main thread's longest
// task in it (the answer's task, reading and drawing it, or the frame's).
//
// Test hooks: #refresh-ms has data-samples, the recent refresh times in ms, and data-main-samples,
// the main thread's longest task of each, both comma-separated.

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
    this.mainSamples = [];
    this.text = null;
  }

  /** Forgets the recent samples (new data: a different size of team). */
  reset() {
    this.samples = [];
    this.mainSamples = [];
  }

  /**
   * Records one refresh: `parts` is `{ name: ms }` in order (their sum is the refresh time); `info`
   * a short text appended to the footer (agents, events); `main`: the main thread's tasks, `{ task,
   * frame, receive }` (ms: the answer's task, the frame's, and reading the answer within the task).
   */
  record(parts, info, main) {
    const mainMs = Math.max(main.task, main.frame);
    const ms = Object.values(parts).reduce((a, b) => a + b, 0);
    this.samples.push(ms);
    this.mainSamples.push(mainMs);
    if (this.samples.length > KEEP) this.samples.shift();
    if (this.mainSamples.length > KEEP) this.mainSamples.shift();
    this.text = {
      total: ms.toFixed(1),
      samples: this.samples.map((v) => v.toFixed(2)).join(","),
      mainSamples: this.mainSamples.map((v) => v.toFixed(2)).join(","),
    };
    const split = Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(" · ");
    const stats = `median ${median(this.samples).toFixed(1)} · max ${Math.max(...this.samples).toFixed(1)} over ${this.samples.length}`
      + ` · main thread: answer ${main.task.toFixed(1)} (reading ${main.receive.toFixed(1)}), frame ${main.frame.toFixed(1)}, longest of the last ${this.mainSamples.length} ${Math.max(...this.mainSamples).toFixed(1)}`;
    this.text.detail = `(${split}) · ${stats} · ${info}`;
  }

  /**
   * Writes what `record` measured into the footer. Called with the next refresh's DOM writes: written
   * at once, it would cost a frame of its own (style, layout and paint of the page) every refresh.
   */
  flush() {
    if (!this.text) return;
    const { total, samples, mainSamples, detail } = this.text;
    this.text = null;
    this.total.textContent = total;
    Object.assign(this.total.dataset, { samples, mainSamples });
    this.detail.textContent = detail;
  }
}
