AUDIT (
  name assert_encounter_within_a_day
);

/* Encounters are built from the heartbeats of the day before to the day after their start,
   so one lasting more than a day would be cut: none may. */
SELECT
  *
FROM @this_model
WHERE
  encounter_end_ts <= encounter_start_ts
  OR encounter_end_ts > encounter_start_ts + INTERVAL '1' DAY
