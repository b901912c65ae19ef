-- agent-kpis's KPIs as one SQL statement, the same text on DuckDB and Spark SQL (docs/sql.md).
-- Reads events(user_id, ts, status, reason, seq) and windows(window_id, since, now), all times
-- BIGINT epoch ms; writes one row per window, agent and KPI:
-- (window_id, user_id, kpi, status, reason, value), value BIGINT (NULL only for an undefined ahtMs).
WITH timeline AS (
  -- Each event with the time of the agent's next one (equal ts in seq order). The last event's
  -- interval is open-ended: it ends at the largest BIGINT, so ends are never NULL.
  SELECT user_id, ts, status, NULLIF(reason, '') AS reason,
         COALESCE(LEAD(ts) OVER (PARTITION BY user_id ORDER BY ts, seq),
                  CAST(9223372036854775807 AS BIGINT)) AS next_ts
  FROM events
),
intervals AS (
  -- Event i holds [ts, next_ts). 0 ms intervals (another event at the same ts follows) are dropped:
  -- a status that lasted 0 ms never splits or starts an episode. The kept starts are strictly
  -- increasing per agent. A status episode starts where the status changes, a reason episode where
  -- the status or the reason changes (the first interval starts both: LAG is NULL there).
  SELECT user_id, ts, status, reason,
         CASE WHEN LAG(status) OVER (PARTITION BY user_id ORDER BY ts) IS NOT DISTINCT FROM status
              THEN 0 ELSE 1 END AS new_status,
         CASE WHEN LAG(status) OVER (PARTITION BY user_id ORDER BY ts) IS NOT DISTINCT FROM status
                   AND LAG(reason) OVER (PARTITION BY user_id ORDER BY ts) IS NOT DISTINCT FROM reason
              THEN 0 ELSE 1 END AS new_reason
  FROM timeline
  WHERE next_ts > ts
),
runs AS (
  -- The intervals that start a reason episode (a run of one status and reason, NULL included):
  -- a run ends where the next one starts, the last one never. status_start: the start of the
  -- status episode the run belongs to (the latest status change at or before it).
  SELECT user_id, status, reason, new_status, ts AS ep_start,
         COALESCE(LEAD(ts) OVER (PARTITION BY user_id ORDER BY ts),
                  CAST(9223372036854775807 AS BIGINT)) AS ep_end,
         MAX(CASE WHEN new_status = 1 THEN ts END)
           OVER (PARTITION BY user_id ORDER BY ts
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS status_start
  FROM intervals
  WHERE new_reason = 1
),
status_episodes AS (
  -- The runs that start a status episode; each episode ends where the next one starts, and is
  -- paired with the next one's status and end (for contacts).
  SELECT user_id, status, ep_start,
         COALESCE(LEAD(ep_start) OVER (PARTITION BY user_id ORDER BY ep_start),
                  CAST(9223372036854775807 AS BIGINT)) AS ep_end,
         LEAD(status) OVER (PARTITION BY user_id ORDER BY ep_start) AS next_status,
         COALESCE(LEAD(ep_start, 2) OVER (PARTITION BY user_id ORDER BY ep_start),
                  CAST(9223372036854775807 AS BIGINT)) AS next_end
  FROM runs
  WHERE new_status = 1
),
episodes AS (
  -- Status episodes (reason NULL) and the reason episodes that have a reason, full lengths.
  SELECT user_id, status, CAST(NULL AS STRING) AS reason, ep_start, ep_end FROM status_episodes
  UNION ALL
  SELECT user_id, status, reason, ep_start, ep_end FROM runs WHERE reason IS NOT NULL
),
episode_stats AS (
  -- Per window, the episodes overlapping [since, now]: start < now and end > since (none when
  -- since = now). In the window an episode ends at LEAST(ep_end, now) and is open when
  -- ep_end > now (an event at now that changes the status ends the one before at now: not open).
  -- ms: the overlap, clipped to [since, now] (statusMs, reasonMs). Lengths are never clipped to since.
  SELECT w.window_id, e.user_id, e.status, e.reason,
         CAST(SUM(LEAST(e.ep_end, w.now) - GREATEST(e.ep_start, w.since)) AS BIGINT) AS ms,
         CAST(SUM(CASE WHEN e.ep_start >= w.since THEN 1 ELSE 0 END) AS BIGINT) AS started,
         CAST(SUM(CASE WHEN e.ep_end <= w.now THEN 1 ELSE 0 END) AS BIGINT) AS ended,
         CAST(SUM(CASE WHEN e.ep_end <= w.now THEN e.ep_end - e.ep_start ELSE 0 END) AS BIGINT) AS ended_ms,
         CAST(MAX(LEAST(e.ep_end, w.now) - e.ep_start) AS BIGINT) AS longest_ms
  FROM episodes e
  JOIN windows w ON e.ep_start < w.now AND e.ep_end > w.since AND w.since < w.now
  GROUP BY w.window_id, e.user_id, e.status, e.reason
),
contact_list AS (
  -- A contact: an incall episode and the wrapup episode directly after it, if there is one. It
  -- ends with the last of the two (the largest BIGINT while that one is open).
  SELECT user_id, ep_start AS c_start, ep_end AS talk_end,
         CASE WHEN next_status = 'wrapup' THEN next_end ELSE ep_end END AS c_end,
         CASE WHEN next_status = 'wrapup' THEN 1 ELSE 0 END AS with_acw
  FROM status_episodes
  WHERE status = 'incall'
),
contacts AS (
  -- Handled in a window: ended (so not open) with since < end <= now. Full lengths.
  SELECT w.window_id, c.user_id, COUNT(*) AS handled,
         CAST(SUM(c.c_end - c.c_start) AS BIGINT) AS handle_ms,
         CAST(SUM(c.talk_end - c.c_start) AS BIGINT) AS talk_ms,
         CAST(SUM(c.c_end - c.talk_end) AS BIGINT) AS acw_ms,
         CAST(SUM(c.with_acw) AS BIGINT) AS with_acw
  FROM contact_list c
  JOIN windows w ON c.c_end > w.since AND c.c_end <= w.now
  GROUP BY w.window_id, c.user_id
),
current_state AS (
  -- The state at now: the run holding now (an event at now opens a 0 ms one), its status and
  -- reason, since = the start of its status episode (a change of reason alone does not reset it).
  -- An agent has a row iff it has an event at ts <= now: these are the agents reported.
  SELECT w.window_id, w.now, r.user_id, r.status, r.reason, r.status_start AS since
  FROM runs r
  JOIN windows w ON r.ep_start <= w.now AND r.ep_end > w.now
),
totals AS (
  SELECT c.window_id, c.user_id, c.status, c.reason, c.since, c.now - c.since AS current_ms,
         CAST(COALESCE(SUM(CASE WHEN e.status <> 'offline' THEN e.ms ELSE 0 END), 0) AS BIGINT) AS logged_in,
         CAST(COALESCE(SUM(CASE WHEN e.status IN ('incall', 'wrapup') THEN e.ms ELSE 0 END), 0) AS BIGINT) AS handle,
         CAST(COALESCE(SUM(CASE WHEN e.status = 'ready' THEN e.ms ELSE 0 END), 0) AS BIGINT) AS ready
  FROM current_state c
  LEFT JOIN episode_stats e ON e.window_id = c.window_id AND e.user_id = c.user_id AND e.reason IS NULL
  GROUP BY c.window_id, c.user_id, c.status, c.reason, c.since, c.now
),
per_agent AS (
  -- round(100·a/b) is floor((200a + b) / (2b)) and round(handleMs / handled) floor((2a + b) / (2b)),
  -- half-up, in integers: n - n % d is a multiple of d, so the quotient is an integer (ROUND
  -- removes the DOUBLE division's rounding error, docs/sql.md). d is NULL when b = 0.
  SELECT t.window_id, t.user_id, t.status, t.reason, t.since, t.current_ms, t.logged_in,
         200 * t.handle + t.handle + t.ready AS occ_n,
         NULLIF(2 * (t.handle + t.ready), 0) AS occ_d,
         200 * t.handle + t.logged_in AS util_n, NULLIF(2 * t.logged_in, 0) AS util_d,
         COALESCE(c.handled, 0) AS handled, COALESCE(c.handle_ms, 0) AS handle_ms,
         COALESCE(c.talk_ms, 0) AS talk_ms, COALESCE(c.acw_ms, 0) AS acw_ms,
         COALESCE(c.with_acw, 0) AS with_acw,
         2 * c.handle_ms + c.handled AS aht_n, 2 * c.handled AS aht_d  -- NULL: no contact handled
  FROM totals t
  LEFT JOIN contacts c ON c.window_id = t.window_id AND c.user_id = t.user_id
),
agent_kpis AS (
  SELECT 'loggedInMs' AS kpi UNION ALL SELECT 'occupancyPct' UNION ALL SELECT 'utilizationPct'
  UNION ALL SELECT 'contacts.handled' UNION ALL SELECT 'contacts.handleMs'
  UNION ALL SELECT 'contacts.talkMs' UNION ALL SELECT 'contacts.acwMs'
  UNION ALL SELECT 'contacts.withAcw' UNION ALL SELECT 'contacts.ahtMs'
  UNION ALL SELECT 'current.since' UNION ALL SELECT 'current.ms'
),
episode_kpis AS (
  SELECT 'Ms' AS kpi UNION ALL SELECT 'started' UNION ALL SELECT 'ended'
  UNION ALL SELECT 'endedMs' UNION ALL SELECT 'longestMs'
)
SELECT a.window_id, a.user_id, k.kpi,
       CASE WHEN k.kpi LIKE 'current.%' THEN a.status END AS status,
       CASE WHEN k.kpi LIKE 'current.%' THEN a.reason END AS reason,
       CAST(CASE k.kpi
              WHEN 'loggedInMs' THEN a.logged_in
              WHEN 'occupancyPct' THEN COALESCE(CAST(ROUND((a.occ_n - a.occ_n % a.occ_d) / a.occ_d) AS BIGINT), 0)
              WHEN 'utilizationPct' THEN COALESCE(CAST(ROUND((a.util_n - a.util_n % a.util_d) / a.util_d) AS BIGINT), 0)
              WHEN 'contacts.handled' THEN a.handled
              WHEN 'contacts.handleMs' THEN a.handle_ms
              WHEN 'contacts.talkMs' THEN a.talk_ms
              WHEN 'contacts.acwMs' THEN a.acw_ms
              WHEN 'contacts.withAcw' THEN a.with_acw
              WHEN 'contacts.ahtMs' THEN CAST(ROUND((a.aht_n - a.aht_n % a.aht_d) / a.aht_d) AS BIGINT)
              WHEN 'current.since' THEN a.since
              WHEN 'current.ms' THEN a.current_ms
            END AS BIGINT) AS value
FROM per_agent a CROSS JOIN agent_kpis k
UNION ALL
-- statusMs and episodes.* per status (reason NULL); reasonMs and reasonEpisodes.* per reason.
SELECT e.window_id, e.user_id,
       CASE WHEN k.kpi = 'Ms' THEN CASE WHEN e.reason IS NULL THEN 'statusMs' ELSE 'reasonMs' END
            WHEN e.reason IS NULL THEN CONCAT('episodes.', k.kpi)
            ELSE CONCAT('reasonEpisodes.', k.kpi) END AS kpi,
       e.status, e.reason,
       CASE k.kpi WHEN 'Ms' THEN e.ms WHEN 'started' THEN e.started WHEN 'ended' THEN e.ended
                  WHEN 'endedMs' THEN e.ended_ms WHEN 'longestMs' THEN e.longest_ms END AS value
FROM episode_stats e CROSS JOIN episode_kpis k
