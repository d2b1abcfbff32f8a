"""One accepted request as the spool keeps it (JSON), and the answer it was given.

The record holds everything the request's answer promised: the accepted rows, already
converted (timestamps as UTC microseconds, ids in the dataset's kind) and grouped by dataset
and UTC day; the rejected events with their reasons; and the Idempotency-Key and body
digest, so a retry is recognised even after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from sprint.collector.events import Checked


@dataclass
class Record:
    received_us: int  # when the collector accepted it, UTC microseconds
    key: str | None  # the client's Idempotency-Key
    digest: str | None  # of the decoded body, to tell a retry from a reused key
    checked: Checked

    def answer(self) -> dict:
        """SPEC §5's 200 answer."""
        return answer(self.checked.accepted, self.checked.rejected)

    def encode(self) -> bytes:
        c = self.checked
        return orjson.dumps({
            "received_us": self.received_us, "key": self.key, "digest": self.digest,
            "accepted": c.accepted, "rejected": c.rejected, "rejected_events": c.rejected_events,
            "kinds": c.kinds, "rows": c.rows,
        })

    @classmethod
    def decode(cls, payload: bytes) -> Record:
        r = orjson.loads(payload)
        checked = Checked(r["accepted"], [tuple(x) for x in r["rejected"]], r["rejected_events"], r["rows"], r["kinds"])
        return cls(r["received_us"], r["key"], r["digest"], checked)


def answer(accepted: int, rejected: list[tuple[int, str]]) -> dict:
    return {"accepted": accepted, "rejected": [{"index": index, "reason": reason} for index, reason in rejected]}
