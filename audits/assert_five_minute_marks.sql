AUDIT (
  name assert_five_minute_marks
);

/* Concurrency is sampled at 00:00, 00:05, ... 23:55 of each UTC day (docs/METRICS.md, PCU):
   no other instant, and each mark on its own day. */
SELECT
  *
FROM @this_model
WHERE
  CAST(mark_ts AS DATE) <> mark_date OR @unix_seconds(mark_ts) % 300 <> 0
