"""A whole survey round through the real CLI: three 主管課 sharing an item, all 27 sheets at once,
indicators with computed ratings, and every door of a sheet or an option that must stay shut."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from actionplan import loader
from actionplan.progress.sheets import layout
from sheet_columns import columns
from support import FIXTURES, Run, ok

INDICATORS = FIXTURES / "progress" / "indicators" / "plan"


def fill(path: Path, answers: dict[str, dict[str, str]], by: str = "") -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    if by:
        ws["B3"] = by  # 回答者
    h = columns([c.value for c in ws[layout.HEADING_ROW]])
    for row in ws.iter_rows(min_row=layout.HEADING_ROW + 1):
        for heading, value in answers.get(str(row[0].value), {}).items():
            row[h[heading]].value = value
    workbook.save(path)


# --- three departments share 1-1-1 ---------------------------------------------------------------


def test_three_departments_answer_one_item_and_nothing_is_lost(run: Run, progress_plan: Path, tmp_path: Path) -> None:
    """The reported bug: the second and third department's answers replaced the first."""
    out = tmp_path / "sheets"
    ok(run("progress", "sheets", "R2", "-o", out, "--due", "2021-04-30", "--plan", progress_plan))
    fill(
        out / "令和2年度_防災課_進捗状況調査票.xlsx",
        {"1-1-1": {"進捗区分": "予定どおり", "取組実績": "すぎナビ訓練を3回実施"}},
    )
    ok(run("progress", "import", out / "令和2年度_防災課_進捗状況調査票.xlsx", "--plan", progress_plan))
    fill(
        out / "令和2年度_情報政策課_進捗状況調査票.xlsx", {"1-1-1": {"進捗区分": "予定どおり", "実施した段階": "運用"}}
    )
    ok(run("progress", "import", out / "令和2年度_情報政策課_進捗状況調査票.xlsx", "--plan", progress_plan))
    reason = {"進捗区分": "遅れ", "取組実績": "道路情報の連携が未了", "課題・今後の方向性": "令和3年度に改修"}
    fill(out / "令和2年度_土木管理課_進捗状況調査票.xlsx", {"1-1-1": reason})
    ok(run("progress", "import", out / "令和2年度_土木管理課_進捗状況調査票.xlsx", "--plan", progress_plan))

    loaded = loader.load(progress_plan).value
    assert loaded is not None
    answers = {a.department: a for a in loaded.answers_for(2020)["1-1-1"]}
    assert set(answers) == {"防災課", "情報政策課", "土木管理課"}
    assert answers["防災課"].result == "すぎナビ訓練を3回実施"
    assert answers["土木管理課"].challenge == "令和3年度に改修"

    data = json.loads(ok(run("report", "R2", "--plan", progress_plan, "-f", "json")).stdout)
    item = next(i for i in data["items"] if i["id"] == "1-1-1")
    assert item["rollup"] == "遅れ"  # the least favourable answer wins (plan.yaml's default rule)
    assert [(a["department"], a["status"]) for a in item["answers"]] == [
        ("土木管理課", "遅れ"), ("情報政策課", "予定どおり"), ("防災課", "予定どおり"),
    ]  # fmt: skip
    text = ok(run("report", "R2", "--plan", progress_plan)).stdout
    # No 評価 column: the plan defines no ratings (capabilities).
    assert "\t\t└ 土木管理課\t\t\t\tdelayed\t遅れ\t\t道路情報の連携が未了\t令和3年度に改修" in text
    assert "Why delayed or stopped (1 answer)" in text  # the reason is in the report itself, not only in json
    missing = json.loads(ok(run("report", "R2", "--plan", progress_plan, "--missing", "-f", "json")).stdout)
    assert missing == {"year": 2020, "missing": {"情報政策課": ["3-1"], "防災課": ["1-1-3"]}}
    # Counted per department: 2 順調 and 1 遅れ for 1-1-1, never one answer standing for three.
    assert data["summary"]["rollup"] == {"遅れ": 1, "順調": 2, "未回答": 2}


def test_the_co_departments_answers_appear_read_only_on_the_sheet(
    run: Run, progress_plan: Path, tmp_path: Path
) -> None:
    ok(run("progress", "set", "1-1-1", "R2", "--dept", "防災課", "-s", "予定どおり", "--result", "訓練3回",
           "--note", "庁内だけ", "--plan", progress_plan))  # fmt: skip
    out = tmp_path / "s"
    ok(run("progress", "sheets", "R2", "-o", out, "-d", "土木管理課", "-f", "csv", "--plan", progress_plan))
    text = (out / "令和2年度_土木管理課_進捗状況調査票.csv").read_text(encoding="utf-8-sig")
    assert "防災課: 予定どおり: 訓練3回" in text
    assert "庁内だけ" not in text  # another department's internal note is not shown


# --- all 27 departments in one call ---------------------------------------------------------------


def test_all_27_sheets_written_filled_and_imported_in_one_call(
    run: Run, embedded: Path, tmp_path: Path, japanese: None
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(embedded, plan)
    out = tmp_path / "sheets"
    written = ok(run("progress", "sheets", "R2", "-o", out, "--plan", plan)).stdout
    files = sorted(out.glob("*.xlsx"))
    assert len(files) == 27 and written.splitlines()[-1].startswith("27課の進捗状況調査票（令和2年度")
    loaded = loader.load(plan).value
    assert loaded is not None
    pairs = sum(len(item.departments) for item in loaded.items)
    for path in files:
        from openpyxl import load_workbook

        rows = load_workbook(path).worksheets[0].iter_rows(min_row=layout.HEADING_ROW + 1)
        ids = [str(r[0].value) for r in rows if r[0].value]
        fill(
            path, {i: {"進捗区分": "予定どおり", "実施した段階": "運用／普及啓発" if i == "1-1-1" else ""} for i in ids}
        )
    result = ok(run("progress", "import", out, "--plan", plan))
    assert result.stdout.splitlines()[-1] == f"追加 {pairs}件、更新 0件、変更なし 0件"
    loaded = loader.load(plan).value
    assert loaded is not None
    assert len(loaded.answers) == pairs  # every (主管課, item) pair answered once
    assert json.loads(ok(run("report", "R2", "--plan", plan, "--missing", "-f", "json")).stdout)["missing"] == {}
    assert (
        ok(run("progress", "import", out, "--plan", plan)).stdout.splitlines()[-1]
        == f"追加 0件、更新 0件、変更なし {pairs}件"
    )


def test_one_bad_sheet_of_many_writes_nothing(run: Run, progress_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    ok(run("progress", "sheets", "R2", "-o", out, "--plan", progress_plan))
    fill(out / "令和2年度_防災課_進捗状況調査票.xlsx", {"1-1-3": {"進捗区分": "完了"}})
    fill(out / "令和2年度_情報政策課_進捗状況調査票.xlsx", {"3-1": {"進捗区分": "順調"}})
    result = run("progress", "import", out, "--plan", progress_plan)
    assert result.exit_code == 1
    assert "令和2年度_情報政策課_進捗状況調査票.xlsx:D8: progress-status status: unknown status '順調'" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 problem in 1 file; nothing was written"
    assert not (progress_plan / "progress" / "2020.yaml").exists()


# --- set: departments, phases, indicators ------------------------------------------------------


def test_set_needs_dept_only_for_an_item_with_several(run: Run, progress_plan: Path) -> None:
    several = run("progress", "set", "1-1-1", "R2", "-s", "予定どおり", "--plan", progress_plan)
    assert several.exit_code == 2
    assert (
        "1-1-1 has 3 departments (土木管理課, 情報政策課, 防災課); say which one answers with --dept" in several.stderr
    )
    one = ok(run("progress", "set", "1-1-3", "R2", "-s", "予定どおり", "--plan", progress_plan))
    assert one.stdout.startswith("added 1-1-3 FY2020 防災課: 予定どおり")
    other = run("progress", "set", "1-1-3", "R2", "-d", "情報政策課", "-s", "完了", "--plan", progress_plan)
    assert other.exit_code == 2
    assert "'情報政策課' is not a department of 1-1-3 (its departments: 防災課)" in other.stderr


@pytest.mark.parametrize("written", ["運用／普及啓発", "運用/普及啓発", "運用、普及啓発", "運用,普及啓発"])
def test_phases_copied_from_a_report_import(run: Run, progress_plan: Path, written: str) -> None:
    result = ok(run("progress", "set", "1-1-1", "R2", "-d", "防災課", "-s", "予定どおり", "--phase", written,
                    "--plan", progress_plan))  # fmt: skip
    assert "予定どおり [運用 / 普及啓発]" in result.stdout  # the one join of phases (／ in Japanese)
    loaded = loader.load(progress_plan).value
    assert loaded is not None
    assert loaded.answers_for(2020)["1-1-1"][0].phases == ["運用", "普及啓発"]


def test_a_phase_given_twice_is_refused(run: Run, progress_plan: Path) -> None:
    result = run(
        "progress", "set", "1-1-3", "R2", "-s", "完了", "--phase", "実施", "--phase", "実施", "--plan", progress_plan
    )
    assert result.exit_code == 2 and "phase '実施' is given twice" in result.stderr
    assert not (progress_plan / "progress" / "2020.yaml").exists()


def test_an_answer_dated_in_the_future_is_refused(run: Run, progress_plan: Path) -> None:
    result = run("progress", "set", "1-1-3", "R2", "-s", "完了", "--on", "2999-01-01", "--plan", progress_plan)
    assert result.exit_code == 2 and "--on 2999-01-01 is after today" in result.stderr
    assert not (progress_plan / "progress" / "2020.yaml").exists()


def test_a_note_that_is_not_utf8_blames_the_note(run: Run, progress_plan: Path) -> None:
    result = run("progress", "set", "1-1-3", "R2", "-s", "完了", "--note", "メモ\udcff", "--plan", progress_plan)
    assert result.exit_code == 2
    assert "the --note given is not valid UTF-8 text" in result.stderr
    assert "2020.yaml" not in result.stderr  # the file is not to blame


def test_indicators_give_targets_actuals_rates_and_computed_ratings(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(INDICATORS, plan)
    refused = run(
        "progress", "set", "1-1-3", "R2", "-s", "遅れ", "--value", "sites=17", "--rating", "A", "--plan", plan
    )
    assert refused.exit_code == 2 and "rating 'A' given, but the 達成率 gives 'B'" in refused.stderr
    unknown = run("progress", "set", "1-1-3", "R2", "-s", "遅れ", "--value", "site=17", "--plan", plan)
    assert unknown.exit_code == 2 and "1-1-3 has no indicator 'site' (did you mean 'sites'" in unknown.stderr
    ok(run("progress", "set", "1-1-3", "R2", "-s", "遅れ", "--value", "sites=17", "--value", "minutes=12",
           "--result", "2施設で協定が未締結", "--plan", plan))  # fmt: skip
    data = json.loads(ok(run("report", "R2", "--plan", plan, "-f", "json")).stdout)
    (answer,) = next(i for i in data["items"] if i["id"] == "1-1-3")["answers"]
    assert (answer["rating"], answer["rating_computed"]) == ("B", True)  # 85 % and 83.3 %: the lowest decides
    assert [(i["id"], i["target"], i["actual"], i["achievement"]) for i in answer["indicators"]] == [
        ("sites", 20.0, 17.0, 85.0),
        ("minutes", 10.0, 12.0, 83.3),  # to reduce: target / actual
    ]
    text = ok(run("report", "R2", "--plan", plan)).stdout
    assert "1-1-3\t防災課\t通信手段を確保した一時滞在施設\t20施設\t17施設\t85.0%\tB (computed from achievement)" in text
    assert "Answers by rating" in text


# --- hostile sheets (issue 13) -----------------------------------------------------------------


def _xlsx_with(path: Path, replace: dict[str, bytes]) -> None:
    """A copy of the xlsx at ``path`` with some of its parts replaced."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
        b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_an_xlsx_with_a_dtd_or_entities_is_refused(
    run: Run, progress_plan: Path, tmp_path: Path, doctype: bytes
) -> None:
    out = tmp_path / "s"
    ok(run("progress", "sheets", "R2", "-o", out, "-d", "防災課", "--plan", progress_plan))
    path = out / "令和2年度_防災課_進捗状況調査票.xlsx"
    fill(path, {"1-1-3": {"進捗区分": "完了", "取組実績": "PLACEHOLDER"}})
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        xml = source.read(part)
    assert b"PLACEHOLDER" in xml
    head, declared, rest = xml.partition(b"?>") if xml.startswith(b"<?xml") else (b"", b"", xml)
    hostile = head + declared + doctype + rest.replace(b"PLACEHOLDER", b"&x;" if b"SYSTEM" in doctype else b"&b;")
    _xlsx_with(path, {part: hostile})
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    assert "sheet-unreadable the workbook's XML declares a DTD or entities" in result.stdout
    assert not (progress_plan / "progress" / "2020.yaml").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(run: Run, progress_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "s"
    ok(run("progress", "sheets", "R2", "-o", out, "-d", "防災課", "--plan", progress_plan))
    path = out / "令和2年度_防災課_進捗状況調査票.xlsx"
    # 200 MB of spaces that deflate to about 200 KB: the declared size gives it away.
    _xlsx_with(path, {"xl/worksheets/sheet9.xml": b" " * (200 * 1024 * 1024)})
    assert path.stat().st_size < 1024 * 1024
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1
    assert "the workbook unpacks to 209," in result.stdout and "the limit is 67,108,864" in result.stdout


def test_a_workbook_of_too_many_parts_is_refused(run: Run, progress_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "s"
    ok(run("progress", "sheets", "R2", "-o", out, "-d", "防災課", "--plan", progress_plan))
    path = out / "令和2年度_防災課_進捗状況調査票.xlsx"
    _xlsx_with(path, {f"junk/{n}.xml": b"" for n in range(1200)})
    result = run("progress", "import", path, "--plan", progress_plan)
    assert result.exit_code == 1 and "parts; the limit is 1,000" in result.stdout


def test_messages_in_japanese(run: Run, progress_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actionplan import i18n

    i18n.use("ja")
    try:
        several = run("progress", "set", "1-1-1", "R2", "-s", "予定どおり", "--plan", progress_plan)
        assert "1-1-1 の主管課は3課（土木管理課、情報政策課、防災課）。回答する課を --dept で指定する" in several.stderr
        added = ok(run("progress", "set", "1-1-3", "R2", "-s", "遅れ", "--phase", "実施", "--plan", progress_plan))
        assert added.stdout.startswith("追加 1-1-3 令和2年度 防災課：遅れ［実施］ → ")
    finally:
        i18n.use("en")


# --- the way LibreOffice saves a sheet ---------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("made_in", ["en", "ja"])
def test_a_sheet_saved_by_libreoffice_imports_with_4_1_kept_as_text(
    run: Run, progress_plan: Path, tmp_path: Path, made_in: str
) -> None:
    """Made in either language, saved by LibreOffice, read on an English PC."""
    import subprocess

    from actionplan import i18n

    out = tmp_path / "s"
    i18n.use(made_in)
    try:
        ok(run("progress", "sheets", "R2", "-o", out, "-d", "防災課", "--plan", progress_plan))
    finally:
        i18n.use("en")
    path = out / "令和2年度_防災課_進捗状況調査票.xlsx"
    steps = {"課題・今後の方向性": "4/1", "実施した段階": "実施", "取組実績": "協定を締結"}
    fill(path, {"1-1-3": {"進捗区分": "完了", **steps}}, by="防災課 杉並花子")
    saved = tmp_path / "saved"
    done = subprocess.run(
        [_soffice() or "soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(saved), str(path)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0 and (saved / path.name).is_file(), done.stderr
    result = ok(run("progress", "import", saved, "--plan", progress_plan))
    assert "added 1-1-3 FY2020 防災課: 完了 [実施]" in result.stdout
    loaded = loader.load(progress_plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2020)["1-1-3"]
    assert (answer.challenge, answer.result, answer.answered_by) == ("4/1", "協定を締結", "防災課 杉並花子")


@pytest.mark.parametrize(("made_in", "heading"), [("en", "result"), ("ja", "取組実績")])
def test_a_formula_error_in_an_answer_cell_is_refused(
    run: Run, progress_plan: Path, tmp_path: Path, made_in: str, heading: str
) -> None:
    """The problem names the column as the sheet heads it, whatever the language of the PC importing it."""
    from actionplan import i18n

    path = tmp_path / "s"
    i18n.use(made_in)
    try:
        ok(run("progress", "sheets", "R2", "-o", path, "-d", "防災課", "-f", "csv", "--plan", progress_plan))
    finally:
        i18n.use("en")
    sheet = path / "令和2年度_防災課_進捗状況調査票.csv"
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    row = next(r for r in rows if r and r[0] == "1-1-3")
    h = columns(rows[layout.HEADING_ROW - 1])
    row[h["進捗区分"]], row[h["取組実績"]] = "完了", "#VALUE!"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    result = run("progress", "import", sheet, "--plan", progress_plan)
    assert result.exit_code == 1, result.output
    assert f"sheet-formula-error {heading} holds a spreadsheet error (#VALUE!), not an answer" in result.stdout


# --- old progress files ----------------------------------------------------------------------

OLD = """# 令和元年度の進捗（旧形式）
records:
  - item: 1-1-3   # 防災課だけの項目
    year: 2019
    status: 予定どおり
    note: 協定を締結した
    recorded_by: 防災課
    recorded_on: 2020-04-20
  - item: 1-1-1
    year: 2019
    status: 遅れ
"""


def test_an_old_file_is_never_reinterpreted_and_migrate_converts_it(run: Run, progress_plan: Path) -> None:
    path = progress_plan / "progress" / "2019.yaml"
    path.write_text(OLD, encoding="utf-8")
    validated = run("validate", "--plan", progress_plan)
    assert validated.exit_code == 1
    assert "2019.yaml:1:1: progress-old-format old progress format" in validated.stdout
    assert "actionplan progress migrate --plan DIR" in validated.stdout
    # 1-1-1 has three 主管課 and the record names none: reported, nothing written.
    refused = run("progress", "migrate", "--plan", progress_plan)
    assert refused.exit_code == 1
    assert (
        "2019.yaml:9:5: progress-old-format record #2 (1-1-1) does not say which department answered" in refused.stderr
    )
    assert path.read_text(encoding="utf-8") == OLD
    path.write_text(
        OLD.replace("    status: 遅れ\n", "    status: 遅れ\n    department: 土木管理課\n"), encoding="utf-8"
    )
    before = path.read_bytes()
    dry = ok(run("progress", "migrate", "--dry-run", "--plan", progress_plan))
    assert path.read_bytes() == before
    assert dry.stdout.splitlines()[-1] == "dry run, nothing was written"
    converted = ok(run("progress", "migrate", "--plan", progress_plan))
    assert converted.stdout + "dry run, nothing was written\n" == dry.stdout  # the same listing
    lines = converted.stdout.splitlines()
    assert lines[0].endswith("2019.yaml: 2 answers")
    assert lines[1:] == [
        "  1-1-3 2019 防災課 department: (empty) → 防災課",
        "  1-1-3 2019 防災課 result: (empty) → 協定を締結した",
        "  1-1-3 2019 防災課 answered_by: (empty) → 防災課",
        "  1-1-3 2019 防災課 answered_on: (empty) → 2020-04-20",
        "  1-1-3 2019 防災課 note: 協定を締結した → (empty)",
        "  1-1-3 2019 防災課 recorded_by: 防災課 → (empty)",
        "  1-1-3 2019 防災課 recorded_on: 2020-04-20 → (empty)",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 令和元年度の進捗（旧形式）\nformat: 2\nanswers:\n")
    assert "  - item: 1-1-3   # 防災課だけの項目\n    year: 2019\n    department: 防災課\n" in text
    assert "    result: 協定を締結した\n    answered_by: 防災課\n    answered_on: 2020-04-20\n" in text
    ok(run("validate", "--plan", progress_plan))
    assert ok(run("progress", "migrate", "--plan", progress_plan)).stdout.startswith("nothing to convert")


def test_migrate_keeps_every_value_of_a_record_with_old_and_new_keys(run: Run, progress_plan: Path) -> None:
    """Was: a record with both note and result came out with result replaced by the note."""
    path = progress_plan / "progress" / "2019.yaml"
    both = OLD.replace("    note: 協定を締結した\n", "    result: 施設と協議した\n    note: 協定を締結した\n")
    path.write_text(
        both.replace("    status: 遅れ\n", "    status: 遅れ\n    department: 土木管理課\n"), encoding="utf-8"
    )
    ok(run("progress", "migrate", "--plan", progress_plan))
    loaded = loader.load(progress_plan).value
    assert loaded is not None
    (answer,) = loaded.answers_for(2019)["1-1-3"]
    assert answer.result == "施設と協議した\n協定を締結した" and answer.note == ""
    # Who answered cannot be two people: refused, the file as it was.
    clash = both.replace("    recorded_by: 防災課\n", "    recorded_by: 防災課\n    answered_by: 情報政策課\n")
    path.write_text(clash, encoding="utf-8")
    refused = run("progress", "migrate", "--plan", progress_plan)
    assert refused.exit_code == 1
    assert "record #1 has both recorded_by (防災課) and answered_by (情報政策課)" in refused.stderr
    assert path.read_text(encoding="utf-8") == clash
