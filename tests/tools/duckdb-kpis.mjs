// The same fold in DuckDB SQL (tests/tools/fold.sql), as an independent cross-check of the JS
// reference: `duckdbKpis(events, since, now)` returns `{ agents: [...] }` in the package's shape.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventsDb } from "./duckdb-events.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const FOLD_SQL = readFileSync(join(here, "fold.sql"), "utf8");
const CANONICAL = ["extcall", "incall", "offline", "unreachable", "ring", "paused", "wrapup", "ready", "idle"];

export async function duckdbKpis(events, since, now) {
  const { db, con } = await eventsDb(events);
  const params = { since: BigInt(since), now: BigInt(now) };
  const sql = FOLD_SQL.replace(/^--.*$/gm, "");
  const rows = (await con.runAndReadAll(sql, params)).getRowObjects();
  // The per-status and per-reason rows, from the same CTEs.
  const body = sql.slice(0, sql.lastIndexOf("SELECT user_id, first_pos"));
  const perStatus = (await con.runAndReadAll(`${body} SELECT user_id, status, ms FROM per_status`, params)).getRowObjects();
  const perReason = (await con.runAndReadAll(`${body} SELECT user_id, status, reason, ms FROM per_reason`, params)).getRowObjects();
  con.closeSync();
  db.closeSync();

  // Key order as the package documents it: canonical statuses, then first appearance.
  const statusOrder = [...CANONICAL];
  const reasonOrder = [];
  for (const e of events) {
    if (!statusOrder.includes(e.status)) statusOrder.push(e.status);
    if (typeof e.reason === "string" && e.reason !== "" && !reasonOrder.includes(e.reason)) reasonOrder.push(e.reason);
  }
  const agents = rows.map((r) => {
    const mine = perStatus.filter((p) => p.user_id === r.user_id);
    // Object.fromEntries defines own properties: a status named `__proto__` is an ordinary key.
    const statusMs = Object.fromEntries(statusOrder.flatMap((s) => {
      const hit = mine.find((p) => p.status === s);
      return hit ? [[s, Number(hit.ms)]] : [];
    }));
    const row = {
      user_id: r.user_id,
      statusMs,
      loggedInMs: Number(r.logged_in),
      occupancyPct: Number(r.occupancy_pct),
      utilizationPct: Number(r.utilization_pct),
    };
    const reasons = perReason.filter((p) => p.user_id === r.user_id);
    if (reasons.length) {
      row.reasonMs = Object.fromEntries(statusOrder.flatMap((s) => {
        const forStatus = reasons.filter((p) => p.status === s);
        if (!forStatus.length) return [];
        return [[s, Object.fromEntries(reasonOrder.flatMap((reason) => {
          const hit = forStatus.find((p) => p.reason === reason);
          return hit ? [[reason, Number(hit.ms)]] : [];
        }))]];
      }));
    }
    return row;
  });
  return { agents };
}
