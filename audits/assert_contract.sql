AUDIT (
  name assert_contract,
  defaults (
    not_null = (),
    checks = TRUE
  )
);

/* A model's contract in one query (macros/contract_audit.py): its grain is unique, its
   required columns are set, and every row meets its checks. A row returned names the rule. */
SELECT
  broken
FROM @contract_breaks(@this_model, @grain, @not_null, @checks) AS breaks
