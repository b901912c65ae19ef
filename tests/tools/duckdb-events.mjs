// Events in an in-memory DuckDB table, for the provisional Parquet writer (lake-export.mjs):
// `events(pos, user_id, ts, status, reason)`, `pos` the event's position in the input (ties at
// equal ts keep input order), `user_id` as a string, `reason` NULL when the event has none.
import { DuckDBInstance } from "@duckdb/node-api";

/**
 * A new in-memory DuckDB database holding `events`; resolves to `{ db, con }` (close both).
 * @param {{ user_id: string | number, ts: number, status: string, reason?: string }[]} events
 */
export async function eventsDb(events) {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  await con.run("CREATE TABLE events(pos BIGINT, user_id VARCHAR, ts BIGINT, status VARCHAR, reason VARCHAR)");
  const appender = await con.createAppender("events");
  events.forEach((e, pos) => {
    appender.appendBigInt(BigInt(pos));
    appender.appendVarchar(String(e.user_id));
    appender.appendBigInt(BigInt(e.ts));
    appender.appendVarchar(e.status);
    if (typeof e.reason === "string") appender.appendVarchar(e.reason);
    else appender.appendNull();
    appender.endRow();
  });
  appender.closeSync();
  return { db, con };
}
