-- The KPI fold of agent-kpis as SQL (DuckDB dialect), over a table
--   events(pos BIGINT, user_id VARCHAR, ts BIGINT, status VARCHAR, reason VARCHAR)
-- where pos is the event's position in the input (ties at equal ts keep input order) and
-- user_id is already text (an integer id as its decimal string). Parameters: $since, $now (epoch ms).
WITH ordered AS (
  SELECT user_id, ts, status, reason, pos,
         LEAD(ts) OVER (PARTITION BY user_id ORDER BY ts, pos) AS next_ts
  FROM events
),
clipped AS (
  SELECT user_id, status, NULLIF(reason, '') AS reason,
         LEAST(COALESCE(next_ts, $now), $now) - GREATEST(ts, $since) AS ms
  FROM ordered
),
counted AS (
  SELECT * FROM clipped WHERE ms > 0
),
per_status AS (
  SELECT user_id, status, SUM(ms)::BIGINT AS ms FROM counted GROUP BY user_id, status
),
per_reason AS (
  SELECT user_id, status, reason, SUM(ms)::BIGINT AS ms
  FROM counted WHERE reason IS NOT NULL GROUP BY user_id, status, reason
),
agents AS (
  -- Reported: every agent with an event at ts <= now, in order of first appearance.
  SELECT user_id, MIN(pos) AS first_pos FROM events GROUP BY user_id HAVING MIN(ts) <= $now
),
totals AS (
  SELECT a.user_id, a.first_pos,
         COALESCE(SUM(p.ms) FILTER (WHERE p.status <> 'offline'), 0)::BIGINT AS logged_in,
         COALESCE(SUM(p.ms) FILTER (WHERE p.status IN ('incall', 'wrapup')), 0)::BIGINT AS handle,
         COALESCE(SUM(p.ms) FILTER (WHERE p.status = 'ready'), 0)::BIGINT AS ready
  FROM agents a LEFT JOIN per_status p USING (user_id)
  GROUP BY a.user_id, a.first_pos
)
SELECT user_id, first_pos, logged_in, handle, ready,
       -- round(100·a/b) half-up in integers: (200a + b) // (2b); 0 when b = 0.
       CASE WHEN handle + ready = 0 THEN 0 ELSE (200 * handle + handle + ready) // (2 * (handle + ready)) END AS occupancy_pct,
       CASE WHEN logged_in = 0 THEN 0 ELSE (200 * handle + logged_in) // (2 * logged_in) END AS utilization_pct
FROM totals ORDER BY first_pos;
