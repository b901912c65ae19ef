//! The TypeScript declarations of the public API, written by hand and checked by a `tsc --strict`
//! test (`tests/node/types.test.mjs`). wasm-bindgen copies this text verbatim into the `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = r#"
/**
 * One agent state change.
 */
export interface AgentEvent {
  /** The agent. An integer id is the same agent as its decimal string (`7` and `"7"`). */
  user_id: string | number;
  /** When the agent entered `status`: epoch milliseconds, a non-negative safe integer. */
  ts: number;
  /**
   * The status entered, case-sensitive. The platform's canonical statuses are `extcall`, `incall`,
   * `offline`, `unreachable`, `ring`, `paused`, `wrapup`, `ready`, `idle`; any other string is its
   * own bucket.
   */
  status: string;
  /** Why, e.g. `"break"` or `"lunch"` for `paused`. Empty, `null` or absent means no reason. */
  reason?: string | null;
}

/** Options of {@link agentKpis}. */
export interface AgentKpisOptions {
  /** End of the window, epoch ms. Default: `Date.now()`. */
  now?: number | null;
}

/** Milliseconds per key, only keys with more than 0 ms. */
export type MsByKey = { [key: string]: number };

/** One agent's KPIs over the window: an element of `agents` in `GET /v1/agents`. */
export interface AgentKpis {
  /** The agent's id, always a string. */
  user_id: string;
  /** Milliseconds per status in the window (only statuses with more than 0 ms). */
  statusMs: MsByKey;
  /** Sum of `statusMs` over every status except `offline`. */
  loggedInMs: number;
  /** round(100 × (incall + wrapup) / (incall + wrapup + ready)), half-up; 0 when the denominator is 0. */
  occupancyPct: number;
  /** round(100 × (incall + wrapup) / loggedInMs), half-up; 0 when loggedInMs is 0. */
  utilizationPct: number;
  /** `{ status: { reason: ms } }` over intervals whose event had a reason; absent when there is none. */
  reasonMs?: { [status: string]: MsByKey };
}

/** The result of {@link agentKpis}: the shape of `GET /v1/agents`. */
export interface AgentsResponse {
  /** Every agent with an event at `ts <= now`, in order of first appearance in the events. */
  agents: AgentKpis[];
}

/**
 * Folds an agent-state event log over the window `[since, now]`.
 *
 * @param events the events, in any order; never modified.
 * @param since start of the window, epoch ms.
 * @param options `now` (end of the window, default `Date.now()`).
 * @throws TypeError or RangeError naming the bad field, e.g. `events[17].ts: …`.
 */
export function agentKpis(
  events: readonly AgentEvent[],
  since: number,
  options?: AgentKpisOptions | null,
): AgentsResponse;
"#;
