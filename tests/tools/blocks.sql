-- Issue 14's blocks of agent-kpis (contacts, episodes, reasonEpisodes, current) as SQL, DuckDB
-- dialect, over the same table as fold.sql:
--   events(pos BIGINT, user_id VARCHAR, ts BIGINT, status VARCHAR, reason VARCHAR)
-- pos = the event's position in the input (ties at equal ts keep input order). Parameters: $since,
-- $now (epoch ms). Gaps and islands: LEAD finds each interval's end, LAG marks where the status (or
-- the status and reason) changes, a running SUM of the marks numbers the episodes.
-- The CTEs status_stats and reason_stats are the `episodes` and `reasonEpisodes` blocks, one row per
-- (agent, status) and (agent, status, reason); the final SELECT is one row per agent with
-- `contacts` and `current`.
WITH timeline AS (
  -- Rule 1: the agent's events with ts <= now, ordered by (ts, pos).
  SELECT user_id, pos, ts, status, NULLIF(reason, '') AS reason,
         LEAD(ts) OVER (PARTITION BY user_id ORDER BY ts, pos) AS next_ts
  FROM events
  WHERE ts <= $now
),
intervals AS (
  -- Event i opens [ts_i, ts_{i+1}), the last one [ts_n, now). 0 ms intervals are dropped, except
  -- the last one: the state at now (0 ms when its event is at now).
  SELECT user_id, pos, ts AS iv_start, COALESCE(next_ts, $now) AS iv_end, status, reason,
         CASE WHEN next_ts IS NULL THEN 1 ELSE 0 END AS is_last
  FROM timeline
  WHERE next_ts IS NULL OR next_ts > ts
),
marked AS (
  -- Rule 2: a status episode starts where the status changes, a reason episode where the status
  -- or the reason changes (the first interval starts both: LAG is NULL there).
  SELECT user_id, pos, iv_start, iv_end, status, reason, is_last,
         CASE WHEN LAG(status) OVER (PARTITION BY user_id ORDER BY iv_start, pos) IS NOT DISTINCT FROM status
              THEN 0 ELSE 1 END AS new_status,
         CASE WHEN LAG(status) OVER (PARTITION BY user_id ORDER BY iv_start, pos) IS NOT DISTINCT FROM status
                   AND LAG(reason) OVER (PARTITION BY user_id ORDER BY iv_start, pos) IS NOT DISTINCT FROM reason
              THEN 0 ELSE 1 END AS new_reason
  FROM intervals
),
islands AS (
  SELECT user_id, pos, iv_start, iv_end, status, reason, is_last,
         SUM(new_status) OVER (PARTITION BY user_id ORDER BY iv_start, pos
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS status_ep,
         SUM(new_reason) OVER (PARTITION BY user_id ORDER BY iv_start, pos
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS reason_ep
  FROM marked
),
status_episodes AS (
  -- [ep_start, ep_end): full lengths, never clipped to since. The episode holding the last event is
  -- open and runs to now; an event at now that changes the status ends the one before at now (not
  -- open) and opens a 0 ms one at now.
  SELECT user_id, status_ep AS ep, MIN(status) AS status,
         MIN(iv_start) AS ep_start, MAX(iv_end) AS ep_end, MAX(is_last) AS is_open
  FROM islands
  GROUP BY user_id, status_ep
),
reason_episodes AS (
  -- Only reason episodes with a non-empty reason (every interval of one has the same reason).
  SELECT user_id, reason_ep AS ep, MIN(status) AS status, MIN(reason) AS reason,
         MIN(iv_start) AS ep_start, MAX(iv_end) AS ep_end, MAX(is_last) AS is_open
  FROM islands
  WHERE reason IS NOT NULL
  GROUP BY user_id, reason_ep
),
status_stats AS (
  -- Rule 3 over the episodes overlapping the window (start < now and end > since).
  SELECT user_id, status,
         COUNT(*) FILTER (WHERE $since <= ep_start AND ep_start < $now) AS started,
         COUNT(*) FILTER (WHERE is_open = 0 AND $since < ep_end AND ep_end <= $now) AS ended,
         CAST(COALESCE(SUM(ep_end - ep_start) FILTER (WHERE is_open = 0 AND $since < ep_end AND ep_end <= $now), 0) AS BIGINT) AS ended_ms,
         MAX(ep_end - ep_start) AS longest_ms
  FROM status_episodes
  WHERE ep_start < $now AND ep_end > $since
  GROUP BY user_id, status
),
reason_stats AS (
  SELECT user_id, status, reason,
         COUNT(*) FILTER (WHERE $since <= ep_start AND ep_start < $now) AS started,
         COUNT(*) FILTER (WHERE is_open = 0 AND $since < ep_end AND ep_end <= $now) AS ended,
         CAST(COALESCE(SUM(ep_end - ep_start) FILTER (WHERE is_open = 0 AND $since < ep_end AND ep_end <= $now), 0) AS BIGINT) AS ended_ms,
         MAX(ep_end - ep_start) AS longest_ms
  FROM reason_episodes
  WHERE ep_start < $now AND ep_end > $since
  GROUP BY user_id, status, reason
),
paired AS (
  -- Rule 4: each status episode with the one right after it.
  SELECT user_id, status, ep_start, ep_end, is_open,
         LEAD(status) OVER (PARTITION BY user_id ORDER BY ep) AS next_status,
         LEAD(ep_start) OVER (PARTITION BY user_id ORDER BY ep) AS next_start,
         LEAD(ep_end) OVER (PARTITION BY user_id ORDER BY ep) AS next_end,
         LEAD(is_open) OVER (PARTITION BY user_id ORDER BY ep) AS next_open
  FROM status_episodes
),
contact_list AS (
  -- A contact: an incall episode and the wrapup episode directly after it, if there is one. It
  -- ends with the last of the two and is open when that one is open.
  SELECT user_id, ep_start AS c_start,
         ep_end - ep_start AS talk_ms,
         CASE WHEN next_status = 'wrapup' THEN next_end - next_start ELSE 0 END AS acw_ms,
         CASE WHEN next_status = 'wrapup' THEN 1 ELSE 0 END AS with_acw,
         CASE WHEN next_status = 'wrapup' THEN next_end ELSE ep_end END AS c_end,
         CASE WHEN next_status = 'wrapup' THEN next_open ELSE is_open END AS c_open
  FROM paired
  WHERE status = 'incall'
),
contacts AS (
  -- Handled in the window: not open and since < end <= now.
  SELECT user_id, COUNT(*) AS handled,
         CAST(SUM(c_end - c_start) AS BIGINT) AS handle_ms,
         CAST(SUM(talk_ms) AS BIGINT) AS talk_ms,
         CAST(SUM(acw_ms) AS BIGINT) AS acw_ms,
         CAST(SUM(with_acw) AS BIGINT) AS with_acw
  FROM contact_list
  WHERE c_open = 0 AND $since < c_end AND c_end <= $now
  GROUP BY user_id
),
current_state AS (
  -- Rule 5: the last event's status and reason, since the start of the open status episode.
  SELECT i.user_id, i.status, i.reason, e.ep_start AS since
  FROM islands i JOIN status_episodes e ON e.user_id = i.user_id AND e.ep = i.status_ep
  WHERE i.is_last = 1
),
agents AS (
  -- Every agent of the table, in order of first appearance; the ones without an event at ts <= now
  -- get current NULL (fold.sql does not report them; the package does only when they are scheduled).
  SELECT user_id, MIN(pos) AS first_pos FROM events GROUP BY user_id
)
SELECT a.user_id, a.first_pos,
       COALESCE(c.handled, 0) AS handled,
       COALESCE(c.handle_ms, 0) AS handle_ms,
       COALESCE(c.talk_ms, 0) AS talk_ms,
       COALESCE(c.acw_ms, 0) AS acw_ms,
       COALESCE(c.with_acw, 0) AS with_acw,
       -- round(handle_ms / handled) half-up in integers: (2a + b) // (2b); NULL when handled = 0.
       CASE WHEN COALESCE(c.handled, 0) = 0 THEN NULL
            ELSE (2 * c.handle_ms + c.handled) // (2 * c.handled) END AS aht_ms,
       s.status AS current_status, s.reason AS current_reason, s.since AS current_since,
       $now - s.since AS current_ms
FROM agents a
LEFT JOIN contacts c ON c.user_id = a.user_id
LEFT JOIN current_state s ON s.user_id = a.user_id
ORDER BY a.first_pos;
