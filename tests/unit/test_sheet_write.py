"""What a survey sheet is made of before it is laid out: the respondent kept, the instructions' texts."""

from __future__ import annotations

from datetime import date

import pytest

from actionplan import loader
from actionplan.model import Answer
from actionplan.progress.sheets import layout, workbook, write


def answer(by: str | None, on: date | None) -> Answer:
    return Answer(item="1-1-3", year=2020, department="防災課", status="完了", answered_by=by, answered_on=on)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([], ("", "")),
        ([answer(None, date(2021, 4, 1))], ("", "")),
        ([answer("防災課 杉並花子（内線1234）", date(2021, 4, 1))], ("防災課 杉並花子", "内線1234")),
        ([answer("防災課 杉並花子(内線1234)", date(2021, 4, 1))], ("防災課 杉並花子", "内線1234")),
        ([answer("杉並花子", None)], ("杉並花子", "")),
        # the latest answer of the year names who answers now
        (
            [answer("前任者（内線1）", date(2021, 4, 1)), answer("後任者（内線2）", date(2021, 4, 20))],
            ("後任者", "内線2"),
        ),
    ],
)
def test_the_respondent_of_a_sheet_issued_again(answers: list[Answer], expected: tuple[str, str]) -> None:
    assert write.respondent(answers) == expected


def test_every_prompt_is_within_excels_limits() -> None:
    """Excel refuses an input message over 255 characters or a title over 32: a long plan's texts are cut."""
    plan = loader.load(loader.embedded_plan_dir()).value
    assert plan is not None
    sheet = write.build_sheet(plan, 2020, "情報政策課", date(2021, 4, 30), "情報政策課 内線1234")
    for column in sheet.columns:
        if column in layout.INPUTS:
            text = workbook.prompt(sheet, column)
            assert text and workbook._cut(text, workbook.PROMPT) == text  # the embedded plan's fit whole
    assert workbook._cut("あ" * 300, workbook.PROMPT) == "あ" * 254 + "…"
