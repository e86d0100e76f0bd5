"""The survey sheet's layout, shared by its writer and its reader: headings, columns, identity, formats.

Layout, the same in CSV and xlsx (a spreadsheet's row numbers):

    row 1   title: 令和2年度（2020年度） <plan> 進捗状況調査票（防災課）
    row 2   提出期限 | <date>
    row 3   回答者 | <to fill in> | 連絡先 | <to fill in>
    row 4   where the filling-in instructions are
    row 5   the headings: the columns the sheet has (HEADINGS, only those the plan and its items
            use), then per item its row, one row per indicator of its own (指標の行: the item's ID,
            the indicator's name, target and last value to read; 実績値, 評価 and 取組実績 to fill
            in; the indicator's ID in a hidden column), and a row to read under them (内容,
            前年度の回答 …: nothing in the item ID's column, nothing to fill in)

The fixed words are in the run's language (Survey sheet of 防災課 for FY2020 (R2): <plan>;
due date, respondent, contact; item ID, status …); the plan's data stays as the plan writes it.
The reader finds the heading row and each column by its heading, in either language, so a
sheet made on a PC of the other language, deleted or edited title rows, moved columns or
inserted rows do not matter. What identifies the sheet (format, fiscal year, 主管課) is in
the last column of every item row (調査票ID; hidden in xlsx), the same in every language.
openpyxl is imported inside the xlsx functions only, so CSV work never loads it.
"""

from __future__ import annotations

from pathlib import Path

from actionplan.i18n import N_, _, every_language
from actionplan.model import Labels
from actionplan.text import normalise

MARK = "actionplan-sheet/2"
# The column headings, translated where a sheet is written (項目番号 … 調査票ID in Japanese);
# {item} and {department} are the plan's words (取組番号, 他の担当部局の回答).
HEADINGS = (
    N_("{item} ID"),
    N_("{item} title"),
    N_("description"),
    N_("planned phase"),
    N_("indicators and targets"),
    N_("last year's answer"),
    N_("other {department}s' answers"),
    N_("status"),
    N_("phases carried out"),
    N_("result"),
    N_("rating"),
    N_("challenges and next steps"),
    N_("indicator actuals"),
    N_("evidence"),
    N_("internal note"),
    N_("sheet ID (do not change)"),
    N_("printed number"),
    N_("target"),
    N_("last value"),
    N_("indicator ID (do not change)"),
)
(ID, TITLE, CONTENT, PLANNED, INDICATORS, LAST_YEAR, OTHERS) = range(7)
(STATUS, PHASES, RESULT, RATING, CHALLENGE, VALUES, EVIDENCE, NOTE, SHEET_ID) = range(7, 16)
# Added later, so the numbers above stay: 表示番号, and the indicator rows' 目標値, 前回の実績値 and 指標ID.
(LABEL, TARGET, LAST_VALUE, INDICATOR) = range(16, 20)
INPUTS = (STATUS, PHASES, RESULT, RATING, CHALLENGE, VALUES, EVIDENCE, NOTE)
# What an indicator row takes: its 実績値, its 評価 and its 取組実績 (the answer's values, grades, results).
INDICATOR_INPUTS = (RESULT, RATING, VALUES)
REQUIRED = (ID, STATUS, SHEET_ID)
# Headings an earlier version wrote, still read: a sheet sent out before is imported as it comes back.
SHEET_ID_WORD = N_("sheet ID")
FORMER_HEADINGS = {SHEET_ID_WORD: SHEET_ID}
HEADING_ROW = 5
# The names of the workbook's sheets (tabs) and the labels of row 2, translated where used.
SHEET_TITLE = N_("Survey sheet")
LISTS_TITLE = N_("Choices")
DUE, BY, CONTACT = N_("due date"), N_("respondent"), N_("contact")
# The date the sheet was answered, to the right of its label above the headings (回答日); read
# as the answers' answered_on.
ANSWERED_ON = N_("date answered")
# Row 1; the reader compares the 主管課 and year it names with the 調査票ID.
TITLE_FORM = N_("Survey sheet of {department} for {year}: {plan}")
# Typed alone in an input cell: empty that field of the stored answer. An empty cell keeps what
# is stored (a sheet never blanks an answer by leaving a cell empty); read in any language.
CLEAR = N_("(delete)")
SHEET_FORMATS = ("xlsx", "csv")


def headings(labels: Labels) -> tuple[str, ...]:
    """The headings in this run's language and the plan's own words: 取組番号, 他の担当部局の回答; item ID."""
    words = {"item": labels.term("item"), "department": labels.term("department")}
    return tuple(_(h).format(**words) for h in HEADINGS)  # marked with N_


def every_form(message: str, labels: Labels) -> set[str]:
    """What a fixed word of a sheet may read in a sheet made in any language, with the plan's
    words or the default ones (項目番号 on a sheet made before the plan called its items 取組)."""
    defaults = Labels()
    words = {
        "item": {labels.item, defaults.item, "item"},
        "department": {labels.department, defaults.department, "department"},
    }
    return {
        key(form.format(item=item, department=department))
        for form in every_language(message)
        for item in words["item"]
        for department in words["department"]
    }


def sheet_id(year: int, department: str) -> str:
    return f"{MARK} {year} {department}"


def format_of(path: Path, given: str | None = None) -> str | None:
    """The sheet format asked for, or the one the file name says (None: neither)."""
    if given is not None:
        return given
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in SHEET_FORMATS else None


def cell_name(row: int, column: int) -> str:
    """The cell as a spreadsheet names it: row 8, column index 10 is K8 (here: CSV work never loads openpyxl)."""
    letters, number = "", column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def key(text: str) -> str:
    """A heading or label as compared: normalised, any case and spacing (Item ID, ITEM  ID), any apostrophe."""
    return " ".join(normalise(text).replace("\u2019", "'").casefold().split())
