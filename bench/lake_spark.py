"""make bench, section "lake": the SQL recipe on Spark in local mode, timed (run by bench/lake.mjs).

Reads a JSON job on standard input: {"recipe": path, "dir": export folder, "windows": [[id, since,
now, last_date], ...]}, last_date the UTC date of now (the last day folder a window needs). Starts
one SparkSession (local mode, all cores). Per window: registers the export's day folders up to
last_date as the view `events`, prepared as examples/spark_daily_kpis.py does (shuffled by user_id
and cached), and a one-row view `windows`; runs the recipe and writes its rows to a scratch
Parquet folder (the time, reading and caching the events included; the rows are few); reads them
back for the row count and value sum per KPI (the cross-check against DuckDB). Prints
{"version", "startMs", "windows": [{"window_id", "ms", "sums": [{"kpi", "n", "total"}]}]} on
standard output.
"""

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
from spark_daily_kpis import events_by_agent  # noqa: E402


def main() -> None:
    job = json.load(sys.stdin)
    recipe = open(job["recipe"], encoding="utf-8").read()
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    cores = os.cpu_count() or 1
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("agent-kpis lake bench")
        .config("spark.driver.memory", os.environ.get("LAKE_SPARK_MEMORY", "12g"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    raw = spark.read.parquet(job["dir"])
    scratch = tempfile.mkdtemp(prefix="agent-kpis-lake-bench-")
    start_ms = (time.perf_counter() - started) * 1000
    out = []
    for window_id, since, now, last_date in job["windows"]:
        # As the daily job reads them: the day folders up to now's UTC date, shuffled by user_id
        # once and cached (the first action below fills the cache: its time is in `ms`).
        events = events_by_agent(spark, raw, last_date)
        events.createOrReplaceTempView("events")
        spark.sql(
            f"SELECT CAST({int(window_id)} AS BIGINT) AS window_id, "
            f"CAST({int(since)} AS BIGINT) AS since, CAST({int(now)} AS BIGINT) AS now"
        ).createOrReplaceTempView("windows")
        # Written once (a few hundred thousand rows): the cross-check reads the file back
        # instead of running the recipe a second time.
        result_dir = os.path.join(scratch, f"result-{int(window_id)}")
        t = time.perf_counter()
        spark.sql(recipe).write.mode("overwrite").parquet(result_dir)
        ms = (time.perf_counter() - t) * 1000
        spark.read.parquet(result_dir).createOrReplaceTempView("result")
        sums = spark.sql(
            "SELECT kpi, COUNT(*) AS n, CAST(COALESCE(SUM(value), 0) AS STRING) AS total "
            "FROM result GROUP BY kpi ORDER BY kpi"
        ).collect()
        events.unpersist()
        out.append(
            {
                "window_id": window_id,
                "ms": ms,
                "sums": [{"kpi": r["kpi"], "n": r["n"], "total": r["total"]} for r in sums],
            }
        )
    json.dump({"version": spark.version, "startMs": start_ms, "windows": out}, sys.stdout)
    spark.stop()
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
