// Counts of agents by their state now, for the team header and the group headers (computed in the
// worker from the package's rows): the package's `team` and `groups` give the window's sums and
// percentages; how many agents are logged in, in each status or out of adherence at this instant are
// counts of the rows' `current` and `adherence`.

/**
 * Over `agents` (rows of `kpis()` with `current`): `{ loggedIn, byStatus: Map(status → agents),
 * outNow }`. Logged in = a current status other than `offline`; out now = on shift and not in
 * adherence.
 */
export function currentCounts(agents) {
  const byStatus = new Map();
  let loggedIn = 0, outNow = 0;
  for (const a of agents) {
    if (a.adherence?.onShiftNow && !a.adherence.inAdherenceNow) outNow += 1;
    const status = a.current?.status;
    if (status === undefined) continue; // scheduled but no event yet
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (status !== "offline") loggedIn += 1;
  }
  return { loggedIn, byStatus, outNow };
}

/**
 * The same counts per group: Map(group → { loggedIn, outNow }) for `groups` ({ [user_id]: group },
 * own properties only).
 */
export function countsByGroup(agents, groups) {
  const out = new Map();
  for (const a of agents) {
    if (!Object.hasOwn(groups, a.user_id)) continue;
    const g = groups[a.user_id];
    let c = out.get(g);
    if (!c) out.set(g, (c = { loggedIn: 0, outNow: 0 }));
    if (a.current && a.current.status !== "offline") c.loggedIn += 1;
    if (a.adherence?.onShiftNow && !a.adherence.inAdherenceNow) c.outNow += 1;
  }
  return out;
}
