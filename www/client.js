// The page's side of the Web Worker (worker.js): each request is a promise of its answer; errors
// come back as the package's error types (TypeError, RangeError, …) with their messages.

const TYPES = { Error, TypeError, RangeError, SyntaxError };

/** An Error of the worker's error's type and message. */
function revive({ name, message }) {
  const e = new (Object.hasOwn(TYPES, name) ? TYPES[name] : Error)(message);
  if (e.name !== name) e.name = name;
  return e;
}

export class KpiWorker {
  constructor() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.next = 1;
    this.waiting = new Map();
    /** ms the main thread spent reading the last answer (the structured clone is read on first access). */
    this.receiveMs = 0;
    this.worker.addEventListener("message", (event) => {
      const t = performance.now();
      this.messageAt = t;
      const { data } = event;
      const result = data.ok ? data.result : null;
      this.receiveMs = performance.now() - t;
      const w = this.waiting.get(data.id);
      if (!w) return;
      this.waiting.delete(data.id);
      if (data.ok) w.ok(result);
      else w.fail(revive(data.error));
    });
    this.worker.addEventListener("error", (e) => {
      const error = new Error(`the dashboard's worker failed: ${e.message || "could not start (module workers need a current browser)"}`);
      for (const w of this.waiting.values()) w.fail(error);
      this.waiting.clear();
    });
  }

  /** Sends request `type` with `args`; resolves to the worker's answer. */
  call(type, args) {
    const id = this.next++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      this.worker.postMessage({ id, type, args });
    });
  }
}
