// The live stream: a recorded log replayed into an AgentLog as the replay clock passes each event's
// timestamp, the way a dashboard receives events from the platform. Also keeps, per agent, the
// current status and since when, from the events appended so far.

export class LiveStream {
  /**
   * `events`: sorted by `ts` (as `readLog` gives them); `schedules`: `{ timezone, schedules }` or
   * null. Throws the package's error for bad schedules (after freeing its log).
   */
  constructor(AgentLog, events, schedules) {
    this.events = events;
    this.cursor = 0;
    this.log = new AgentLog();
    this.current = new Map();
    this.schedules = schedules;
    if (schedules) {
      try {
        this.log.setSchedules(schedules.schedules);
      } catch (e) {
        this.log.free();
        if (e instanceof Error) e.message = `${schedules.name}: ${e.message}`;
        throw e;
      }
    }
  }

  /** Events appended to the AgentLog so far. */
  get appended() {
    return this.cursor;
  }

  /** Appends every event with `ts <= now` not appended yet; returns how many. The clock only moves forward. */
  advanceTo(now) {
    const start = this.cursor;
    let end = start;
    while (end < this.events.length && this.events[end].ts <= now) end += 1;
    if (end === start) return 0;
    const batch = this.events.slice(start, end);
    this.log.append(batch);
    this.cursor = end;
    for (const e of batch) this.track(e);
    return batch.length;
  }

  /**
   * The agent's current status is its latest event's; `since` is when that status (and reason)
   * began: a repeated event with the same status and reason does not restart the count.
   */
  track(e) {
    const reason = e.reason ?? null;
    const cur = this.current.get(e.user_id);
    if (cur && cur.status === e.status && cur.reason === reason) return;
    this.current.set(e.user_id, { status: e.status, reason, since: e.ts });
  }

  /** Replaces the schedules (adherence); on error the previous ones stay and the error is thrown. */
  setSchedules(schedules) {
    try {
      this.log.setSchedules(schedules ? schedules.schedules : null);
    } catch (e) {
      if (e instanceof Error && schedules) e.message = `${schedules.name}: ${e.message}`;
      throw e;
    }
    this.schedules = schedules;
  }

  /** Releases the AgentLog's wasm memory. */
  free() {
    this.log.free();
  }
}
