"""Direction from the name: a row with no comparator anywhere, named as lower-is-better.

A row whose comparator cell is blank or undirected (`定量`) and whose target and
actual cells carry none either is scored with the scheme's `default_comparator`
(`comparator-assumed`). When its 三级指标 name holds one of the scheme's
lower-is-better words (`发生率`, `投诉率`, …: the `infer_reverse` key, data of the
built-in schemes), it is scored as `≤` instead, never silently
(`comparator-inferred`). A scheme turns this off with `infer_reverse: {enabled: false}`.
"""

# No `from __future__ import annotations`: pydantic compiles the annotations of models.
from pydantic import BaseModel, ConfigDict

from ..read.cells import normalize


class InferReverse(BaseModel):
    """`enabled`: infer `≤` from the name; `words`: the lower-is-better words."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    enabled: bool = True
    words: tuple[str, ...] = ()

    def word_in(self, name: str) -> str | None:
        """The first (longest) word of `words` that `name` holds, or None (or when off)."""
        if not self.enabled:
            return None
        norm = normalize(name)
        return next((w for w in sorted(self.words, key=len, reverse=True)
                     if w.strip() and normalize(w) in norm), None)
