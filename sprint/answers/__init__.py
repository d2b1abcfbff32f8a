"""The seven answers (SPEC §3) as plain dicts in the shape of SPEC §4, read from the warehouse.

`open_warehouse` opens the DuckDB file read-only; `answer` and `answer_all` run the SQL in
`queries/` against the marts and return JSON-ready values; `report` formats them for people.
"""

from sprint.answers.questions import QUESTIONS, answer, answer_all
from sprint.answers.report import report
from sprint.answers.warehouse import open_warehouse

__all__ = ["QUESTIONS", "answer", "answer_all", "open_warehouse", "report"]
