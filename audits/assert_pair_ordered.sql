AUDIT (
  name assert_pair_ordered
);

/* A pair appears once: its first member sorts before its second. */
SELECT
  *
FROM @this_model
WHERE
  NOT @first < @second
