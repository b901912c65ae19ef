// Writes events as the export's Parquet layout (docs/sql.md: DIR/date=YYYY-MM-DD/part-N.parquet,
// columns user_id, ts, status, reason, seq), for the SQL equality tests. PROVISIONAL: a plain DuckDB
// COPY, to be replaced by the package's own export at integration.
import { mkdirSync } from "node:fs";
import { eventsDb } from "./duckdb-events.mjs";

/**
 * @param {{ user_id: string | number, ts: number, status: string, reason?: string }[]} events
 * @param {string} dir  created if missing; must not hold an export yet
 */
export async function exportDir(events, dir) {
  mkdirSync(dir, { recursive: true });
  const { db, con } = await eventsDb(events);
  try {
    const days = (await con.runAndReadAll("SELECT DISTINCT CAST(epoch_ms(ts) AS DATE)::VARCHAR AS d FROM events")).getRowObjects();
    for (const { d } of days) {
      mkdirSync(`${dir}/date=${d}`, { recursive: true });
      await con.run(`COPY (SELECT user_id, ts, status, NULLIF(reason, '') AS reason, pos AS seq FROM events
        WHERE CAST(epoch_ms(ts) AS DATE) = DATE '${d}' ORDER BY user_id, ts, pos)
        TO '${dir}/date=${d}/part-0.parquet' (FORMAT parquet, COMPRESSION zstd)`);
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
