// The data-lake recipe (docs/agent_kpis.sql) run by DuckDB over a Parquet export directory, for the
// equality tests: `lakeDuckdb(dir, windows)` returns the recipe's long rows, normalized.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { normalRow } from "./kpi-rows.mjs";

/** The recipe's text, exactly as shipped in docs/agent_kpis.sql. */
export const RECIPE_SQL = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "agent_kpis.sql"), "utf8");

/**
 * Runs the recipe in a fresh in-memory DuckDB with the view `events` over the export in `dir` and
 * the table `windows` holding `windows`, all windows in one query.
 * @param {string} dir  an export: `dir/date=YYYY-MM-DD/part-N.parquet` (docs/sql.md)
 * @param {[string, number, number][]} windows  `[label, since, now]` in epoch ms; a window's
 *   `window_id` is its index in this list
 * @returns {Promise<import("./kpi-rows.mjs").KpiRow[]>} one row per window, agent and KPI
 */
export async function lakeDuckdb(dir, windows) {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    const glob = join(dir, "*", "*.parquet").replaceAll("'", "''");
    await con.run(`CREATE VIEW events AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`);
    await con.run("CREATE TABLE windows(window_id BIGINT, since BIGINT, now BIGINT)");
    const appender = await con.createAppender("windows");
    windows.forEach(([, since, now], id) => {
      appender.appendBigInt(BigInt(id));
      appender.appendBigInt(BigInt(since));
      appender.appendBigInt(BigInt(now));
      appender.endRow();
    });
    appender.closeSync();
    return (await con.runAndReadAll(RECIPE_SQL)).getRowObjects().map(normalRow);
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
