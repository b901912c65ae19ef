#!/usr/bin/env python3
"""Independent reference for schedule adherence, written from the rules in the README (Adherence) with
Python's own time-zone support (zoneinfo), sharing no code with the Rust implementation.

Reads a JSON request on stdin:
  {"events": [...], "schedules": [...], "cases": [{"since", "now", "sampleMs"}],
   "timezone": "UTC", "adherentStatuses": [...]}
and prints, per case, per scheduled agent: {"adherencePct", "adherence": {...}} (the adherence
object only for non-bypassed schedules).

Issue 15 (schedule metrics), written from the issue's rules: a case may also give "graceMs"
(default 0), "severeMs" (default 300000) and "plannedReasons" (default break, lunch, training,
meeting); every row also gets "conformancePct", "conformance", "shrinkagePct", "shrinkage", and
"adherence" gets "severe". Exceptions (rule 3) are found over the exact pieces of the three days
before `since` up to `now`, so an exception that began before `since` keeps its full length (the
recorded logs have no on-shift stretch longer than that).
"""
import bisect
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc


def ms_of(dt):
    return int(dt.astimezone(UTC).timestamp() * 1000)


def local_instant(d, hhmm, tz):
    """Epoch ms of local date d at "HH:MM" ("24:00" = next midnight). fold=0: ambiguous times
    take the earlier instant and times in a gap are read with the pre-transition offset, which
    moves them forward by the gap (PEP 495)."""
    h, m = map(int, hhmm.split(":"))
    if h == 24:
        d, h = d + timedelta(days=1), 0
    return ms_of(datetime.combine(d, time(h, m), tzinfo=tz).replace(fold=0))


def parse_date(s):
    return date.fromisoformat(s)


def shift_intervals(schedule, account_tz, lo, hi):
    """On-shift [start, end) intervals (epoch ms) that can touch [lo, hi)."""
    if schedule.get("segments") is not None:
        return [(s["start"], s["end"]) for s in schedule["segments"]]
    tz = ZoneInfo(schedule.get("timezone") or account_tz)
    first = datetime.fromtimestamp(lo / 1000, tz).date() - timedelta(days=1)
    last = datetime.fromtimestamp(max(lo, hi - 1) / 1000, tz).date()
    out = []
    d = first
    while d <= last:
        overrides = []
        for r in schedule["rules"]:
            if r["kind"] == "date" and parse_date(r["start_date"]) == d:
                overrides.append(r)
            if r["kind"] == "date_range" and parse_date(r["start_date"]) <= d <= parse_date(r["end_date"]):
                overrides.append(r)
        if overrides:
            if any(r.get("is_closed") in (True, 1) for r in overrides):
                todays = []
            else:
                todays = [(r["start_time"], r["end_time"]) for r in overrides]
        else:
            # Python: Monday = 0 … Sunday = 6; the platform: Sunday = 0 … Saturday = 6.
            dow = (d.weekday() + 1) % 7
            todays = [(r["start_time"], r["end_time"]) for r in schedule["rules"] if r["kind"] == "weekly" and r["dow"] == dow]
        for start, end in todays:
            a = local_instant(d, start, tz)
            overnight = end != "24:00" and end <= start
            b = local_instant(d + timedelta(days=1) if overnight else d, end, tz)
            if a < b:
                out.append((a, b))
        d += timedelta(days=1)
    return out


def on_shift_at(intervals, t):
    return any(a <= t < b for a, b in intervals)


def status_at(timeline, t):
    """The status of the last event with ts <= t (ties: the later in input order), else None."""
    current = None
    for ts, status, _ in timeline:
        if ts <= t:
            current = status
        else:
            break
    return current


def event_at(timeline, keys, t):
    """(status, reason) of the last event with ts <= t (ties: the later in input order), else
    None; keys = the timeline's ts list, for bisect."""
    i = bisect.bisect_right(keys, t)
    if i == 0:
        return None
    _, status, reason = timeline[i - 1]
    return status, reason


DAY = 86_400_000
PLANNED = ["break", "lunch", "training", "meeting"]


def schedule_metrics(schedule, timeline, since, now, sample_ms, account_tz, adherent, grace, planned):
    """Issue 15, rules 1-3: (adherent count with grace, conformance, shrinkage)."""
    keys = [ts for ts, _, _ in timeline]
    lo = since - 3 * DAY
    intervals = [(a, b) for a, b in shift_intervals(schedule, account_tz, lo, now) if b > lo and a < now]
    cuts = sorted({lo, since, now} | {x for a, b in intervals for x in (a, b) if lo < x < now}
                  | {ts for ts in keys if lo < ts < now})
    pieces = []  # (a, b, on shift, (status, reason) or None, adherent)
    for a, b in zip(cuts, cuts[1:]):
        ev = event_at(timeline, keys, a)
        pieces.append((a, b, on_shift_at(intervals, a), ev, ev is not None and ev[0] in adherent))
    # Rule 1: worked = adherent time in [since, now), on shift or not; scheduled = on-shift time.
    worked = sum(b - a for a, b, _, _, good in pieces if a >= since and good)
    scheduled = sum(b - a for a, b, on, _, _ in pieces if a >= since and on)
    # Rule 2: on-shift time in [since, now) not adherent.
    ms = planned_ms = unknown_ms = 0
    by_status, by_reason = {}, {}
    for a, b, on, ev, good in pieces:
        if a < since or not on or good:
            continue
        ms += b - a
        if ev is None:
            unknown_ms += b - a
            continue
        status, reason = ev
        by_status[status] = by_status.get(status, 0) + (b - a)
        if reason:
            by_reason.setdefault(status, {})
            by_reason[status][reason] = by_reason[status].get(reason, 0) + (b - a)
            if reason in planned:
                planned_ms += b - a
    # Rule 3: exceptions, maximal runs of consecutive on-shift, not adherent pieces.
    exceptions, run = [], None
    for a, b, on, ev, good in pieces:
        if on and not good:
            run = (run[0], b) if run is not None and run[1] == a else (a, b)
        else:
            if run is not None:
                exceptions.append(run)
            run = None
    if run is not None:
        exceptions.append(run)
    forgiven = 0
    for s, e in exceptions:
        if e - s >= grace:
            continue
        if sample_ms > 0:
            t = since
            while t < now:
                if s <= t < e:
                    forgiven += 1
                t += sample_ms
        else:
            forgiven += max(0, min(e, now) - max(s, since))
    conformance = {"workedMs": worked, "scheduledMs": scheduled}
    shrinkage = {"ms": ms, "plannedMs": planned_ms, "unplannedMs": ms - planned_ms, "unknownMs": unknown_ms,
                 "byStatus": by_status, "byReason": by_reason}
    return forgiven, conformance, shrinkage


def pct(a, b):
    return (200 * a + b) // (2 * b)


def adherence(schedule, timeline, since, now, sample_ms, account_tz, adherent, grace=0, severe_ms=300_000, planned=PLANNED):
    if schedule.get("bypass"):
        return {"adherencePct": "bypass", "conformancePct": "bypass", "shrinkagePct": "bypass"}
    intervals = shift_intervals(schedule, account_tz, since, now)
    on = good = 0
    if sample_ms > 0:
        t = since
        while t < now:
            if on_shift_at(intervals, t):
                on += 1
                if status_at(timeline, t) in adherent:
                    good += 1
            t += sample_ms
    else:
        # Elementary pieces between every boundary; each piece is uniform, so its midpoint decides.
        cuts = sorted({since, now} | {x for a, b in intervals for x in (a, b) if since < x < now} | {ts for ts, _, _ in timeline if since < ts < now})
        for a, b in zip(cuts, cuts[1:]):
            if on_shift_at(intervals, a):
                on += b - a
                if status_at(timeline, a) in adherent:
                    good += b - a
    # Real time: on shift at now? the stretch on shift and out of adherence up to now?
    back = shift_intervals(schedule, account_tz, now - 400 * 86_400_000, now + 1)
    on_now = on_shift_at(back, now)
    in_now = status_at(timeline, now) in adherent
    out_since = None
    if on_now and not in_now:
        # Walk back minute boundaries? No: walk back over the exact change points.
        points = sorted({a for a, b in back if a <= now} | {b for a, b in back if b <= now} | {ts for ts, _, _ in timeline if ts <= now})
        start = now
        for p in reversed(points):
            if p > now:
                continue
            # The piece just before p: is it on shift and out of adherence?
            if p == 0 or not on_shift_at(back, p - 1) or status_at(timeline, p - 1) in adherent:
                start = p
                break
            start = p
        out_since = start
    forgiven, conformance, shrinkage = schedule_metrics(schedule, timeline, since, now, sample_ms, account_tz, adherent, grace, planned)
    good += forgiven
    severe = out_since is not None and now - out_since >= severe_ms
    scheduled = conformance["scheduledMs"]
    return {
        "adherencePct": None if on == 0 else pct(good, on),
        "adherence": {"onShift": on, "adherent": good, "unit": "samples" if sample_ms else "ms",
                      "onShiftNow": on_now, "inAdherenceNow": in_now, "outSince": out_since, "severe": severe},
        "conformancePct": None if scheduled == 0 else pct(conformance["workedMs"], scheduled),
        "conformance": conformance,
        "shrinkagePct": None if scheduled == 0 else pct(shrinkage["ms"], scheduled),
        "shrinkage": shrinkage,
    }


def main():
    req = json.load(sys.stdin)
    account_tz = req.get("timezone") or "UTC"
    adherent = set(req.get("adherentStatuses") or ["ready", "incall", "wrapup", "ring", "extcall"])
    timelines = {}
    for i, e in enumerate(req["events"]):
        timelines.setdefault(str(e["user_id"]), []).append((e["ts"], i, e["status"], e.get("reason")))
    for k in timelines:
        timelines[k] = [(ts, st, r) for ts, _, st, r in sorted(timelines[k])]
    out = []
    for case in req["cases"]:
        rows = {}
        for s in req["schedules"]:
            uid = str(s["user_id"])
            rows[uid] = adherence(s, timelines.get(uid, []), case["since"], case["now"], case["sampleMs"], account_tz, adherent,
                                  case.get("graceMs", 0), case.get("severeMs", 300_000), case.get("plannedReasons", PLANNED))
        out.append(rows)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
