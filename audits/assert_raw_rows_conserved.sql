AUDIT (
  name assert_raw_rows_conserved
) /* Every raw row is staged, counted as a duplicate or quarantined: none is silently dropped. */;

SELECT
  *
FROM @this_model
WHERE
  raw_rows <> staged_rows + duplicate_rows + quarantined_rows
