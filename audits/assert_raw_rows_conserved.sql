AUDIT (
  name assert_raw_rows_conserved
);

SELECT
  *
FROM @this_model
WHERE
  raw_rows <> staged_rows + duplicate_rows + quarantined_rows
