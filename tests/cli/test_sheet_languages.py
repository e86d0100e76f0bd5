"""Survey sheets speak the run's language and read back in either.

The Japanese sheet is cell for cell what it always was (the ja goldens were written by the code
before sheets were translated), the English one has no Japanese outside the plan's data, and a
sheet made on a PC of one language imports on a PC of the other.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from actionplan import i18n, loader
from actionplan.progress.sheets import layout
from sheet_columns import columns
from support import FIXTURES, Golden, Run

INDICATORS = FIXTURES / "progress" / "indicators" / "plan"
# Answers that fill every kind of cell: last year's answer with a computed rating, co-departments'
# answers, a stored answer with values and an internal note, a target given for one year only.
ANSWERS = [
    ("1-1-3", "R1", "-s", "遅れ", "--phase", "実施", "--value", "sites=12", "--value", "minutes=20",
     "--result", "=協定2件", "--on", "2020-04-20"),
    ("1-1-1", "R2", "-d", "情報政策課", "-s", "予定どおり", "--phase", "運用／普及啓発", "--result", "改修を終えた",
     "--on", "2021-04-20"),
    ("1-1-1", "R2", "-d", "土木管理課", "-s", "遅れ", "--on", "2021-04-20"),
    ("1-1-3", "R2", "-s", "予定どおり", "--phase", "実施", "--value", "sites=20", "--note", "庁内のみ",
     "--on", "2021-04-20"),
]  # fmt: skip
# Typed into the indicators' rows of 1-1-3.
VALUES = {"sites": "21", "minutes": "9"}
JAPANESE_TEXT = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture
def plan(tmp_path: Path, run: Run) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(INDICATORS, target)
    for answer in ANSWERS:
        result = run("progress", "set", *answer, "--by", "x", "--plan", target)
        assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def back_to_english() -> Iterator[None]:
    """The test switches languages with i18n.use; English again afterwards."""
    yield
    i18n.use("en")


def make(run: Run, plan: Path, out: Path, year: str, fmt: str) -> Path:
    result = run(
        "progress", "sheets", year, "-o", out, "-d", "防災課", "-f", fmt, "--due", "2021-04-30", "--plan", plan
    )
    assert result.exit_code == 0, result.output
    (path,) = out.glob(f"*年度_防災課_進捗状況調査票.{fmt}")  # the file name is data: the same in every language
    return path


def csv_text(path: Path) -> str:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")  # what Excel on Japanese Windows opens
    return raw.decode("utf-8-sig").replace("\r\n", "\n")


def xlsx_text(path: Path) -> str:
    """Every sheet of a workbook with its state, every cell with a value, and the drop-down lists' rules."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    lines = []
    for ws in load_workbook(path).worksheets:
        lines.append(f"== {ws.title} {ws.sheet_state}")
        lines += [f"{c.coordinate}\t{c.value!r}" for row in ws.iter_rows() for c in row if c.value is not None]
        lines += [
            f"rule {dv.sqref} {dv.formula1} {dv.errorTitle!r} {dv.error!r}" for dv in ws.data_validations.dataValidation
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sheets_in_each_language(
    run: Run, plan: Path, tmp_path: Path, golden: Golden, back_to_english: None, lang: str
) -> None:
    i18n.use(lang)
    golden(f"sheet-{lang}-R2.csv", csv_text(make(run, plan, tmp_path / "csv", "R2", "csv")))
    golden(f"sheet-{lang}-R1.csv", csv_text(make(run, plan, tmp_path / "r1", "R1", "csv")))
    golden(f"sheet-{lang}-R2.xlsx.txt", xlsx_text(make(run, plan, tmp_path / "xlsx", "R2", "xlsx")))


def test_an_english_sheet_has_no_japanese_outside_the_plans_data(run: Run, plan: Path, tmp_path: Path) -> None:
    loaded = loader.load(plan).value
    assert loaded is not None
    data = {loaded.meta.name, *loaded.meta.departments, *(s.name for s in loaded.meta.statuses)}
    data |= {s.meaning for s in loaded.meta.statuses} | {r.meaning for r in loaded.meta.ratings}
    data |= {p.name for p in loaded.meta.phases} | {"運用／普及啓発"}
    for item in loaded.items:
        data |= {item.title, item.description}
        for indicator in item.indicators:
            data |= {indicator.name, indicator.unit, *(indicator.target_shown(y) or "" for y in (2019, 2020))}
    data |= {a.result for a in loaded.answers} | {a.note for a in loaded.answers}
    for path in (make(run, plan, tmp_path / "csv", "R2", "csv"), make(run, plan, tmp_path / "xlsx", "R2", "xlsx")):
        text = csv_text(path) if path.suffix == ".csv" else xlsx_text(path)
        for word in sorted(data - {""}, key=len, reverse=True):
            text = text.replace(word, "")
        text = text.replace(path.name, "")
        assert not JAPANESE_TEXT.findall(text), text


def fill_csv(path: Path, status: str, **cells: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    rows[2][1] = "杉並 花子"  # 回答者
    h = columns(rows[layout.HEADING_ROW - 1])
    row = next(r for r in rows if r and r[0] == "1-1-3")
    row[h["進捗区分"]] = status
    for heading, value in cells.items():
        row[h[heading]] = value
    for measured in rows:  # each indicator's value in the indicator's own row
        if measured and measured[0] == "1-1-3" and measured[h["指標ID"]]:
            measured[h["指標の実績値"]] = VALUES[measured[h["指標ID"]]]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def fill_xlsx(path: Path, status: str, **cells: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    ws["B3"] = "杉並 花子"  # 回答者
    h = columns([c.value for c in ws[layout.HEADING_ROW]])
    row = next(r for r in ws.iter_rows(min_row=layout.HEADING_ROW + 1) if r[0].value == "1-1-3")
    row[h["進捗区分"]].value = status
    for heading, value in cells.items():
        row[h[heading]].value = value
    for measured in ws.iter_rows(min_row=layout.HEADING_ROW + 1):
        if measured[0].value == "1-1-3" and measured[h["指標ID"]].value:
            measured[h["指標の実績値"]].value = VALUES[measured[h["指標ID"]].value]
    workbook.save(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("made_in", "read_in"), [("en", "en"), ("ja", "en"), ("en", "ja"), ("ja", "ja")])
def test_a_sheet_imports_on_a_pc_of_either_language(
    run: Run, plan: Path, tmp_path: Path, back_to_english: None, made_in: str, read_in: str, fmt: str
) -> None:
    """Heading row, columns, 回答者 and 調査票ID are found whatever language the sheet was made in."""
    i18n.use(made_in)
    path = make(run, plan, tmp_path / "s", "R2", fmt)
    (fill_csv if fmt == "csv" else fill_xlsx)(path, "完了")
    i18n.use(read_in)
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "1-1-3 " + ("令和2年度" if read_in == "ja" else "FY2020") + " 防災課" in result.stdout
    loaded = loader.load(plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2020)["1-1-3"]
    assert (answer.status, answer.phases, answer.values, answer.answered_by, answer.note) == (
        "完了", ["実施"], {"sites": 21.0, "minutes": 9.0}, "杉並 花子", "庁内のみ",
    )  # fmt: skip
    again = run("progress", "import", path, "--plan", plan)
    assert again.exit_code == 0 and ("変更なし 1" in again.stdout or "1 unchanged" in again.stdout), again.stdout


@pytest.mark.parametrize(
    ("made_in", "read_in", "expected"),
    [
        (
            "ja",
            "en",
            [
                ":B6: sheet-key-changed 項目名 was changed: '別の題名'"
                " (the plan says 'ICTを活用した災害情報の収集と発信'); 項目番号 and 項目名 must stay as exported",
                ":D8: sheet-status-missing 進捗区分 cannot be deleted: an answer always has one",
            ],
        ),
        (
            "en",
            "ja",
            [
                ":B6: sheet-key-changed item titleが変えられている：「別の題名」"
                "（計画では「ICTを活用した災害情報の収集と発信」）。item IDとitem titleは書き出したままにすること",
                ":D8: sheet-status-missing statusは削除できない（回答には必ず要る）",
            ],
        ),
    ],
)
def test_problems_name_the_column_as_the_sheet_heads_it(
    run: Run, plan: Path, tmp_path: Path, back_to_english: None, made_in: str, read_in: str, expected: list[str]
) -> None:
    i18n.use(made_in)
    path = make(run, plan, tmp_path / "s", "R2", "csv")
    fill_csv(path, "（削除）")  # 1-1-3: values given, 進捗区分 marked to be deleted (it cannot be)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    h = columns(rows[layout.HEADING_ROW - 1])
    rows[layout.HEADING_ROW][h["項目名"]], rows[layout.HEADING_ROW][h["進捗区分"]] = "別の題名", "完了"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    i18n.use(read_in)
    result = run("progress", "import", path, "--dry-run", "--plan", plan)
    assert result.exit_code == 1
    assert [line.split(path.name, 1)[1] for line in result.stdout.splitlines()[:-1]] == expected


def test_a_sheet_without_headings_names_them_in_the_runs_language(run: Run, plan: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("項目番号,進捗区分\n1-1-3,完了\n", encoding="utf-8")
    result = run("progress", "import", path, "--plan", plan)
    assert result.exit_code == 1
    assert "not a progress sheet of actionplan: no heading row with item ID | status | sheet ID" in result.stdout
