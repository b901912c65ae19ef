#!/usr/bin/env python3
"""Per-agent, per-day contact-center KPIs on Apache Spark, from agent-kpis's Parquet export.

Reads an export (`agent-kpis export LOG --out DIR`: DIR/date=YYYY-MM-DD/part-N.parquet, columns
user_id, ts (epoch ms), status, reason, seq), makes one window per local calendar day in an IANA time
zone, runs the SQL recipe docs/agent_kpis.sql once for all those days, and writes the recipe's rows
to Parquet partitioned by day:

    OUT/day=YYYY-MM-DD/part-….parquet   columns user_id STRING, kpi STRING, status STRING,
                                        reason STRING, value BIGINT  (+ day DATE from the path)

One row per (day, agent, KPI), the recipe's long form: `kpi` is the package's JSON path
(`loggedInMs`, `statusMs` with `status`, `reasonMs` with `status` and `reason`, `contacts.handled`,
`episodes.longestMs`, `current.ms`, …); see docs/sql.md. The long form keeps one fixed schema
although statuses and reasons are open-ended (a new pause reason is a new row, not a new column);
pivot the KPIs you chart (`groupBy("day", "user_id").pivot("kpi", [...])`) when reading.

A day is [local midnight, next local midnight) in --zone, as epoch ms: 24 hours, or 23 and 25 on
the days daylight saving time starts and ends. The boundaries are computed on the driver with
Python's zoneinfo (the IANA database of the system, or the `tzdata` package), not with Spark's
time-zone functions: the recipe takes plain epoch ms, so only these few numbers depend on the zone.
Where a zone skips midnight (a DST change at 00:00), the day starts at the first instant of that
date. The KPIs of a day are what agentKpis(events, since, {now, include: ["contacts", "episodes",
"current"]}) returns for that window: the state at midnight comes from earlier events, episode
lengths are full lengths (an episode running over midnight counts its whole length in
`episodes.longestMs`), and `current.*` is the state at the day's end.

Usage (local):
    python3 examples/spark_daily_kpis.py --events lake --out daily-kpis \\
        --zone America/New_York [--from 2026-03-01 --to 2026-03-31]
On a cluster:
    spark-submit --master yarn --deploy-mode cluster --files docs/agent_kpis.sql \\
        examples/spark_daily_kpis.py --events s3a://bucket/events --out s3a://bucket/daily \\
        --zone Europe/Paris --recipe agent_kpis.sql
(docs/spark.md has the sizing notes.) Requires pyspark (4.x) and Java 17+.

Without --from/--to, the days run from the local date of the first event to that of the last.
Every event up to the last day's end is read, earlier ones included (they give the state at the
first midnight); partitions after the last day are skipped. Rewriting a range of days replaces
those `day=` folders only (dynamic partition overwrite); other days in OUT are kept.
"""
import argparse
import datetime as dt
import sys
from pathlib import Path
import zoneinfo
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
ONE_MS = dt.timedelta(milliseconds=1)


def local_midnight_ms(day, zone):
    """Epoch ms of the first instant of `day` (a date) in `zone` (a ZoneInfo).

    zoneinfo reads a non-existent 00:00 (clocks jump over midnight) with the offset before the jump
    (fold=0), which is the first instant of the day; an ambiguous 00:00 as its first occurrence.
    """
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    return (start - EPOCH) // ONE_MS


def local_date(ms, zone):
    """The date in `zone` at epoch ms `ms`."""
    return (EPOCH + dt.timedelta(milliseconds=ms)).astimezone(zone).date()


def day_windows(first, last, zone):
    """[(window_id, day, since_ms, now_ms)] for each date from `first` to `last` inclusive."""
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    out = []
    day = first
    while day <= last:
        nxt = day + dt.timedelta(days=1)
        out.append((len(out), day, local_midnight_ms(day, zone), local_midnight_ms(nxt, zone)))
        day = nxt
    return out


def spark_session():
    """A session for running this file by itself (spark-submit or python3); UTC, no UI."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.appName("agent-kpis daily KPIs")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def events_by_agent(spark, raw, end_date):
    """The export's events of the UTC-date partitions up to `end_date` (YYYY-MM-DD), shuffled by
    user_id once and cached (MEMORY_AND_DISK); unpersist them when done.

    Every rule of the recipe is per agent (window functions PARTITION BY user_id). Spark inlines
    the recipe's CTEs at each use (7 of them start from `events`); over a plain view each use scans
    the files (the shuffle is reused), over this cached one they read its partitions and shuffle
    nothing (EXPLAIN: no ENSURE_REQUIREMENTS exchange by user_id). Adaptive execution is off while
    the cache is planned: an adaptive cached plan does not tell the planner its partitioning, and
    every use would shuffle it again. (`date` is compared as text: the partition column may be
    inferred as DATE or kept a string.)
    """
    from pyspark import StorageLevel

    adaptive = spark.conf.get("spark.sql.adaptive.enabled", "true")
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        return raw.where(f"CAST(date AS STRING) <= '{end_date}'").repartition("user_id").persist(StorageLevel.MEMORY_AND_DISK)
    finally:
        spark.conf.set("spark.sql.adaptive.enabled", adaptive)


def daily_kpis(spark, events_dir, out_dir, zone_name="UTC", first=None, last=None, recipe_path=None):
    """Runs the recipe over `events_dir` for each local day and writes OUT partitioned by day.

    first, last: datetime.date or None (then the local dates of the first and last events).
    Returns the list of day windows written, [(window_id, day, since_ms, now_ms)].
    Raises ValueError for an empty export or a range that ends before it starts, and
    zoneinfo.ZoneInfoNotFoundError for an unknown zone.
    """
    zone = ZoneInfo(zone_name)
    recipe = Path(recipe_path or REPO / "docs" / "agent_kpis.sql").read_text(encoding="utf-8")
    raw = spark.read.parquet(str(events_dir))
    if first is None or last is None:
        lo, hi = raw.selectExpr("MIN(ts)", "MAX(ts)").first()
        if lo is None:
            raise ValueError(f"no events in {events_dir}")
        first = first or local_date(lo, zone)
        last = last or local_date(hi, zone)
    days = day_windows(first, last, zone)
    # Events after the last day's end change nothing; skip the UTC-date partitions past it.
    # (`date` is compared as text: the partition column may be inferred as DATE or kept a string.)
    end_date = (EPOCH + dt.timedelta(milliseconds=days[-1][3])).date().isoformat()
    events = events_by_agent(spark, raw, end_date)
    events.createOrReplaceTempView("events")
    values = ", ".join(f"({i}, DATE '{d.isoformat()}', {s}, {n})" for i, d, s, n in days)
    spark.sql(
        f"SELECT CAST(window_id AS BIGINT) AS window_id, day, CAST(since AS BIGINT) AS since, "
        f"CAST(now AS BIGINT) AS now FROM VALUES {values} AS d(window_id, day, since, now)"
    ).createOrReplaceTempView("days")
    spark.sql("SELECT window_id, since, now FROM days").createOrReplaceTempView("windows")
    spark.sql(recipe).createOrReplaceTempView("kpis")
    result = spark.sql(
        "SELECT d.day, k.user_id, k.kpi, k.status, k.reason, CAST(k.value AS BIGINT) AS value "
        "FROM kpis k JOIN days d ON k.window_id = d.window_id"
    )
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    (
        result.repartition("day")  # one task, so one file, per day
        .sortWithinPartitions("day", "user_id", "kpi", "status", "reason")
        .write.mode("overwrite")
        .partitionBy("day")
        .parquet(str(out_dir))
    )
    events.unpersist()
    return days


def zone_name(text):
    """`text` if it names an IANA zone, checked before Spark starts (argparse: exit 2)."""
    try:
        ZoneInfo(text)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError) as e:
        raise argparse.ArgumentTypeError(f"unknown IANA time zone {text!r}") from e
    return text


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", required=True, help="the export's folder (DIR/date=YYYY-MM-DD/*.parquet)")
    p.add_argument("--out", required=True, help="output folder, written as OUT/day=YYYY-MM-DD/*.parquet")
    p.add_argument("--zone", default="UTC", type=zone_name, help="IANA time zone of the days (default UTC)")
    p.add_argument("--from", dest="first", type=dt.date.fromisoformat, help="first local day, YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=dt.date.fromisoformat, help="last local day, YYYY-MM-DD (inclusive)")
    p.add_argument("--recipe", default=str(REPO / "docs" / "agent_kpis.sql"), help="the SQL recipe (default docs/agent_kpis.sql)")
    return p.parse_args(argv)


def main(argv=None, spark=None):
    """Command line entry; `spark` lets a caller (the tests) pass a running session."""
    args = parse_args(argv)
    own = spark is None
    spark = spark or spark_session()
    try:
        days = daily_kpis(spark, args.events, args.out, args.zone, args.first, args.last, args.recipe)
    finally:
        if own:
            spark.stop()
    print(f"{len(days)} days, {days[0][1]} to {days[-1][1]} ({args.zone}) written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
