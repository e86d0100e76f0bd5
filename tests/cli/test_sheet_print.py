"""Survey sheets as a department prints them: LibreOffice prints the xlsx to PDF and the PDF is measured.

The embedded plan's 防災課 (6 items) and 情報政策課 (21 items) sheets in Japanese, and 防災課's in
English, printed in one LibreOffice run: A4, body text 9 pt or more, every page headed with the
year, the department and 「n / N ページ」, the heading row on every page of the sheet, an item's row
never parted from the row to read under it, and a respondent's name whole.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from actionplan import i18n, loader
from printing import Printout, measure, print_to_pdf, soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

RESPONDENT = "情報政策課 高円寺太郎"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, embedded_dir: Path) -> Iterator[dict[str, Printout]]:
    """The three sheets, printed in one LibreOffice run, by name: 防災課, 情報政策課, en."""
    from typer.testing import CliRunner

    from actionplan.cli.app import app

    root = tmp_path_factory.mktemp("print")
    plan = root / "plan"
    shutil.copytree(embedded_dir, plan)
    runner = CliRunner()

    def run(*args: str | Path) -> None:
        result = runner.invoke(app, [str(a) for a in args])
        assert result.exit_code == 0, result.output

    # 情報政策課 answered once, with a name and an extension: the sheet issued again keeps them.
    run("progress", "set", "3-1", "R2", "-d", "情報政策課", "-s", "予定どおり", "--by", f"{RESPONDENT}（内線1234）",
        "--plan", plan)  # fmt: skip
    sheets = {}
    try:
        for lang, department in (("ja", "防災課"), ("ja", "情報政策課"), ("en", "防災課")):
            i18n.use(lang)
            out = root / lang
            run("progress", "sheets", "R2", "-d", department, "-o", out, "--due", "2021-04-30",
                "--contact", "情報政策課 内線1234", "--plan", plan)  # fmt: skip
            (path,) = out.glob(f"*_{department}_*.xlsx")
            sheets[department if lang == "ja" else "en"] = path.rename(root / f"{lang}-{path.name}")
    finally:
        i18n.use("en")
    pdfs = print_to_pdf(list(sheets.values()), root / "pdf")
    yield {name: measure(pdfs[path]) for name, path in sheets.items()}


@pytest.fixture(scope="module")
def embedded_dir() -> Path:
    return loader.embedded_plan_dir()


def _survey_pages(printout: Printout) -> list[int]:
    """The pages of the survey sheet itself (landscape); the 記入要領 tab prints portrait."""
    return [n for n, page in enumerate(printout.pages) if page.landscape]


@pytest.mark.parametrize(("name", "department"), [("防災課", "防災課"), ("情報政策課", "情報政策課")])
def test_a_japanese_sheet_prints_legibly_on_a4(printed: dict[str, Printout], name: str, department: str) -> None:
    printout = printed[name]
    pages = printout.pages
    assert all(page.a4 for page in pages)
    assert printout.min_size >= 9 and printout.median_size >= 9.5  # at 100 %: nothing shrunk to fit
    survey = _survey_pages(printout)
    assert survey and survey == list(range(len(survey)))  # the sheet first, then its instructions
    assert len(survey) < len(pages)  # the 記入要領 prints too
    for number, page in enumerate(pages, start=1):
        assert "令和2年度（2020年度）" in page.header and department in page.header
        assert f"{number}／{len(pages)}ページ" in page.header
    for index in survey:
        body = pages[index].body
        assert "項目番号" in body and "進捗区分" in body and "取組実績" in body  # the headings on every page
        # An item's row and the row to read under it (内容：…) on the same page.
        assert len(re.findall(r"^\d+-\d+(?:-\d+)? ", body, re.MULTILINE)) == body.count("内容："), body
    # Row heights hold the wrapped text: LibreOffice prints no line beyond a row's height.
    printed_text = "".join("".join(pages[i].body.split()) for i in survey)
    plan = loader.load(loader.embedded_plan_dir()).value
    assert plan is not None
    for item in plan.items:
        if department in item.departments:
            assert "".join(item.description.split()) in printed_text, item.id
    guide = "\n".join(pages[i].body for i in range(len(survey), len(pages)))
    for words in ("記入要領", "予定どおり 計画した段階のとおりに進んだ 順調", "令和3年4月30日", "情報政策課 内線1234"):
        assert words in guide, guide


def test_the_respondent_is_kept_and_printed_whole(printed: dict[str, Printout]) -> None:
    first = printed["情報政策課"].pages[0].body
    assert RESPONDENT in first and "内線1234" in first
    assert "高円寺太郎" not in printed["防災課"].pages[0].body


def test_an_english_sheet_prints_legibly_on_a4(printed: dict[str, Printout]) -> None:
    printout = printed["en"]
    assert printout.min_size >= 9 and all(page.a4 for page in printout.pages)
    count = len(printout.pages)
    for number, page in enumerate(printout.pages, start=1):
        assert "FY2020 (R2)" in page.header and "防災課" in page.header and f"page {number} of {count}" in page.header
    assert all("item ID" in printout.pages[i].body for i in _survey_pages(printout))


def test_the_sheets_print_on_few_pages(printed: dict[str, Printout]) -> None:
    """What the numbers are today, so that a change that wastes paper shows: 6 items, 21 items."""
    assert len(_survey_pages(printed["防災課"])) <= 4
    assert len(_survey_pages(printed["情報政策課"])) <= 12
