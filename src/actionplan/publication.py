"""What a published document says about itself: made from a plan with problems, internal use only."""

from __future__ import annotations

INTERNAL_MARK = "庁内限り"


def problems_note(count: int) -> str:
    """The line a document carries when it was made from a plan that does not validate."""
    return f"注意: 検証で問題が{count}件見つかった計画から作成"
