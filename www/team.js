// Team figures from the package's per-agent results. Every ratio is time-weighted (sums of the
// package's millisecond or sample counts, then one division), never an average of percentages.

/**
 * round(100 × num / den) half-up, as the package rounds (`floor((200·num + den) / (2·den))`); exact
 * for the integer sums used here (below 2^53 / 200); null when `den` is 0.
 */
export function pct(num, den) {
  return den > 0 ? Math.floor((200 * num + den) / (2 * den)) : null;
}

/** handle = incall + wrapup, as the package defines it. */
export const handleMs = (statusMs) => (statusMs.incall ?? 0) + (statusMs.wrapup ?? 0);

/**
 * Sums over the agents' KPIs (one `kpis()` result): handle, ready, logged-in ms; adherence samples
 * (on shift, adherent) of scheduled, non-bypassed agents; agents out of adherence now.
 * occupancy = Σhandle / Σ(handle + ready); utilization = Σhandle / ΣloggedIn; adherence =
 * Σadherent / ΣonShift (time-weighted: each on-shift sample counts once, whoever it belongs to).
 */
export function teamTotals(agents) {
  let handle = 0, ready = 0, loggedIn = 0, onShift = 0, adherent = 0, outNow = 0, scheduled = 0;
  for (const a of agents) {
    handle += handleMs(a.statusMs);
    ready += a.statusMs.ready ?? 0;
    loggedIn += a.loggedInMs;
    if (a.adherence) {
      scheduled += 1;
      onShift += a.adherence.onShift;
      adherent += a.adherence.adherent;
      if (a.adherence.onShiftNow && !a.adherence.inAdherenceNow) outNow += 1;
    }
  }
  return {
    handle, ready, loggedIn, onShift, adherent, outNow, scheduled,
    occupancyPct: pct(handle, handle + ready),
    utilizationPct: pct(handle, loggedIn),
    adherencePct: pct(adherent, onShift),
  };
}

/**
 * Current-status counts from the stream's per-agent state, for the agents listed: `{ loggedIn,
 * byStatus: Map(status → agents) }`. Logged in = any current status but `offline`.
 */
export function statusCounts(agents, current) {
  const byStatus = new Map();
  let loggedIn = 0;
  for (const a of agents) {
    const status = current.get(a.user_id)?.status;
    if (status === undefined) continue; // scheduled but no event yet
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (status !== "offline") loggedIn += 1;
  }
  return { loggedIn, byStatus };
}
