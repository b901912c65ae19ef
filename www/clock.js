// The replay clock: replays a recorded day as if it were live. `now` (epoch ms) advances `speed`
// seconds per wall-clock second unless paused; listeners run on every tick and on every change.

export class ReplayClock {
  /** `now`: the replay time to start at; `speed`: 1, 10 or 60; `tickMs`: wall-clock ms between ticks. */
  constructor({ now, speed = 1, paused = false, tickMs = 1000 }) {
    this.now = now;
    this.speed = speed;
    this.paused = paused;
    this.tickMs = tickMs;
    this.listeners = [];
    this.timer = null;
    this.last = performance.now();
  }

  /** Calls `fn(clock)` on every tick and every change of time, speed or pause. */
  onTick(fn) {
    this.listeners.push(fn);
  }

  emit() {
    for (const fn of this.listeners) fn(this);
  }

  /**
   * Moves `now` by the wall-clock time since the last advance, at the current speed (timers drift and
   * stall in background tabs, so the real elapsed time counts, not the number of ticks).
   */
  advance() {
    const t = performance.now();
    if (!this.paused) this.now += Math.round((t - this.last) * this.speed);
    this.last = t;
  }

  /** Starts ticking every `tickMs`. */
  start() {
    this.stop();
    this.last = performance.now();
    this.timer = setInterval(() => {
      this.advance();
      this.emit();
    }, this.tickMs);
  }

  /** Stops ticking (the time stays). */
  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Changes the speed while running: the time elapsed so far counts at the old speed. */
  setSpeed(speed) {
    this.advance();
    this.speed = speed;
    this.emit();
  }

  /** Pauses or resumes; the time elapsed before pausing still counts. */
  setPaused(paused) {
    this.advance();
    this.paused = paused;
    this.emit();
  }

  /** Jumps to replay time `now` (a new log), optionally pausing. */
  jump(now, paused = this.paused) {
    this.advance();
    this.now = now;
    this.paused = paused;
    this.emit();
  }
}
