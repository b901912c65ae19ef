// Issue 14's blocks in DuckDB SQL (tests/tools/blocks.sql), an independent check of the package:
// `duckdbBlocks(events, since, now)` returns `{ agents: [{ user_id, contacts, episodes,
// reasonEpisodes?, current }] }` in the package's shape (key order aside) for every agent of
// `events`, those without an event at ts <= now included (current null, episodes {}, contacts 0).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventsDb } from "./duckdb-events.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const BLOCKS_SQL = readFileSync(join(here, "blocks.sql"), "utf8");

const num = (v) => (v === null ? null : Number(v));
const fourOf = (r) => ({ started: num(r.started), ended: num(r.ended), endedMs: num(r.ended_ms), longestMs: num(r.longest_ms) });

/** One DuckDB database holding `events`, queried for any number of windows. */
export async function blocksDb(events) {
  const { db, con } = await eventsDb(events);
  const sql = BLOCKS_SQL.replace(/^\s*--.*$/gm, "");
  // The per-status and per-reason rows, from the same CTEs.
  const body = sql.slice(0, sql.lastIndexOf("SELECT a.user_id, a.first_pos"));

  async function query(since, now) {
    const params = { since: BigInt(since), now: BigInt(now) };
    const rows = (await con.runAndReadAll(sql, params)).getRowObjects();
    // Both CTEs in one query (a status row has reason NULL; a reason row's reason never is).
    const cols = "started, ended, ended_ms, longest_ms";
    const stats = (await con.runAndReadAll(
      `${body} SELECT user_id, status, NULL AS reason, ${cols} FROM status_stats
       UNION ALL SELECT user_id, status, reason, ${cols} FROM reason_stats`, params)).getRowObjects();
    const perStatus = stats.filter((p) => p.reason === null);
    const perReason = stats.filter((p) => p.reason !== null);
    const agents = rows.map((r) => {
      // Object.fromEntries defines own properties: a status named `__proto__` is an ordinary key.
      const episodes = Object.fromEntries(perStatus.filter((p) => p.user_id === r.user_id).map((p) => [p.status, fourOf(p)]));
      const row = {
        user_id: r.user_id,
        contacts: {
          handled: num(r.handled),
          handleMs: num(r.handle_ms),
          talkMs: num(r.talk_ms),
          acwMs: num(r.acw_ms),
          withAcw: num(r.with_acw),
          ahtMs: num(r.aht_ms),
        },
        episodes,
        current: r.current_status === null ? null : {
          status: r.current_status,
          reason: r.current_reason,
          since: num(r.current_since),
          ms: num(r.current_ms),
        },
      };
      const reasons = perReason.filter((p) => p.user_id === r.user_id);
      if (reasons.length) {
        const byStatus = new Map();
        for (const p of reasons) {
          if (!byStatus.has(p.status)) byStatus.set(p.status, []);
          byStatus.get(p.status).push([p.reason, fourOf(p)]);
        }
        row.reasonEpisodes = Object.fromEntries([...byStatus].map(([s, list]) => [s, Object.fromEntries(list)]));
      }
      return row;
    });
    return { agents };
  }

  return {
    query,
    close() {
      con.closeSync();
      db.closeSync();
    },
  };
}

export async function duckdbBlocks(events, since, now) {
  const db = await blocksDb(events);
  try {
    return await db.query(since, now);
  } finally {
    db.close();
  }
}
