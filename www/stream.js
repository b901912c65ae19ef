// The live stream: a recorded log replayed into an AgentLog as the replay clock passes each event's
// timestamp, the way a dashboard receives events from the platform. (Each agent's current status
// and since when come from the package: `kpis()` with `include: ["current"]`.)

export class LiveStream {
  /**
   * `events`: sorted by `ts` (as `readLog` gives them); `schedules`: `{ timezone, schedules }` or
   * null. Throws the package's error for bad schedules (after freeing its log).
   */
  constructor(AgentLog, events, schedules) {
    this.events = events;
    this.cursor = 0;
    this.log = new AgentLog();
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
    return batch.length;
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
