#!/usr/bin/env python3
"""Runs the SQL recipe (docs/agent_kpis.sql) on Spark SQL, local mode, over Parquet exports.

One SparkSession (local[2]) for the whole run, so that a test pays the JVM's start once. Input: a
JSON job, from the file named by the first argument or from standard input:

    {"recipe": "docs/agent_kpis.sql",
     "jobs": [{"id": "day-shift.json", "dir": "/tmp/x/log-0",
               "windows": [[window_id, since, now], ...]}, ...],
     "examples": [{"id": "new-york", "argv": ["--events", DIR, "--out", DIR, ...]}, ...]}

- `recipe`: path of the SQL file, run as written (one `WITH … SELECT …` statement).
- `jobs[]`: `dir` is an export in the layout DIR/date=YYYY-MM-DD/part-N.parquet (columns user_id,
  ts, status, reason, seq); `windows` are epoch-ms [since, now] pairs with an integer id. Per job,
  the export is registered as the temporary view `events`, the windows as `windows(window_id
  BIGINT, since BIGINT, now BIGINT)`, and the recipe runs once for all of them.
  A job may instead be `{"batch": [job, ...]}`: small jobs run together in one query (run_batch),
  their rows reported per job as if each had run alone.
- `examples[]` (optional): argument lists for examples/spark_daily_kpis.py, run in this same
  session after the jobs (it writes its own Parquet output).

Output, on standard output, one JSON object per line:
- per recipe row: `{"job", "window_id", "user_id", "kpi", "status", "reason", "value"}`, integers
  as JSON integers (the recipe's BIGINTs, unrounded: a reader must check they are safe in its
  number type);
- per job and per example, after its rows: `{"done": id, "rows": n, "seconds": s}` (for a batch,
  each of its jobs, with the batch's seconds).
Standard error carries Spark's log (errors only) and timings. Exit status 0, or 1 with the
exception on standard error (the first failing job stops the run).
"""
import importlib.util
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROW_COLUMNS = ("window_id", "user_id", "kpi", "status", "reason", "value")
# Jobs in flight at once: while one is planned on the driver, another runs on the 2 local cores.
THREADS = 2


def spark_session():
    """The run's one local session: 2 cores, no UI, UTC, few shuffle partitions (small inputs)."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("agent-kpis lake tests")
        .config("spark.driver.memory", "1g")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        # `date=…` stays a string: the hand logs reach dates past year 9999.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def windows_sql(windows):
    """A query with the columns window_id, since, now (all BIGINT) holding `windows`."""
    head = "SELECT CAST(NULL AS BIGINT) AS window_id, CAST(NULL AS BIGINT) AS since, CAST(NULL AS BIGINT) AS now"
    if not windows:
        return head + " WHERE 1 = 0"
    for w in windows:
        if len(w) != 3 or not all(isinstance(x, int) and not isinstance(x, bool) for x in w):
            raise ValueError(f"a window is [window_id, since, now] in integers, got {w!r}")
    values = ", ".join(f"({i}, {s}, {n})" for i, s, n in windows)
    return (
        "SELECT CAST(window_id AS BIGINT) AS window_id, CAST(since AS BIGINT) AS since, "
        f"CAST(now AS BIGINT) AS now FROM VALUES {values} AS w(window_id, since, now)"
    )


# The export's columns (the partition column `date` as a string), given so that reading a
# directory does not start a job to infer them.
EVENTS_SCHEMA = "user_id STRING, ts BIGINT, status STRING, reason STRING, seq BIGINT, date STRING"


def run_job(session, recipe, job):
    """The recipe's rows for one job, as NDJSON lines: `events` and `windows` are registered in
    `session` (a session of its own per thread: temporary views are per session)."""
    session.read.schema(EVENTS_SCHEMA).parquet(job["dir"]).createOrReplaceTempView("events")
    session.sql(windows_sql(job["windows"])).createOrReplaceTempView("windows")
    lines = []
    for row in session.sql(recipe).collect():
        r = row.asDict()
        lines.append(json.dumps({"job": job["id"], **{k: r[k] for k in ROW_COLUMNS}}) + "\n")
    return lines


# Joins a batch's job index to a user id: "<k>\x01<user_id>" (the index is digits, so the first
# \x01 ends it whatever the id holds).
BATCH_SEP = "\x01"


def run_batch(session, recipe, jobs):
    """The rows of several small jobs from ONE run of the recipe, as NDJSON lines.

    `events` is the union of the jobs' exports with each user_id prefixed by its job's index,
    `windows` the union of their windows under new ids. Every rule of the recipe is per agent and
    per window, so an agent's rows for a window are those of its own export; the run also yields
    rows for agents of one job in another job's windows, which are dropped. This saves Spark's
    fixed cost per query (planning, a dozen stages) for logs of a few events.
    """
    from functools import reduce
    from pyspark.sql import functions as F

    parts = [
        session.read.schema(EVENTS_SCHEMA).parquet(j["dir"]).withColumn("user_id", F.concat(F.lit(f"{k}{BATCH_SEP}"), F.col("user_id")))
        for k, j in enumerate(jobs)
    ]
    reduce(lambda a, b: a.unionByName(b), parts).createOrReplaceTempView("events")
    owner = []  # new window id -> (job index, the job's window id)
    windows = []
    for k, j in enumerate(jobs):
        for wid, since, now in j["windows"]:
            windows.append([len(owner), since, now])
            owner.append((k, wid))
    session.sql(windows_sql(windows)).createOrReplaceTempView("windows")
    lines = {k: [] for k in range(len(jobs))}
    for row in session.sql(recipe).collect():
        r = row.asDict()
        k, wid = owner[r["window_id"]]
        prefix, _, user_id = r["user_id"].partition(BATCH_SEP)
        if int(prefix) != k:
            continue
        r.update(window_id=wid, user_id=user_id)
        lines[k].append(json.dumps({"job": jobs[k]["id"], **{c: r[c] for c in ROW_COLUMNS}}) + "\n")
    return lines


def load_example():
    path = ROOT / "examples" / "spark_daily_kpis.py"
    spec = importlib.util.spec_from_file_location("spark_daily_kpis", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv):
    job = json.load(open(argv[1], encoding="utf-8") if len(argv) > 1 else sys.stdin)
    recipe = Path(job["recipe"]).read_text(encoding="utf-8")
    started = time.monotonic()
    spark = spark_session()
    print(f"[lake_spark] session up in {time.monotonic() - started:.1f} s", file=sys.stderr)
    out = sys.stdout
    lock = threading.Lock()
    local = threading.local()

    def one(j):
        if not hasattr(local, "session"):
            local.session = spark.newSession()
        t = time.monotonic()
        if "batch" in j:
            by_job = run_batch(local.session, recipe, j["batch"])
            done = [(b["id"], by_job[k]) for k, b in enumerate(j["batch"])]
        else:
            done = [(j["id"], run_job(local.session, recipe, j))]
        seconds = round(time.monotonic() - t, 2)
        with lock:
            for job_id, lines in done:
                out.writelines(lines)
                out.write(json.dumps({"done": job_id, "rows": len(lines), "seconds": seconds}) + "\n")

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            for f in [pool.submit(one, j) for j in job["jobs"]]:
                f.result()
        examples = job.get("examples") or []
        if examples:
            daily = load_example()
            for e in examples:
                t = time.monotonic()
                daily.main(e["argv"], spark=spark)
                out.write(json.dumps({"done": e["id"], "rows": None, "seconds": round(time.monotonic() - t, 2)}) + "\n")
        out.flush()
    finally:
        spark.stop()
    print(f"[lake_spark] {len(job['jobs'])} jobs, {len(job.get('examples') or [])} examples in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    sys.exit(main(sys.argv))
