"""Survey sheet round trips (csv and xlsx) and every kind of bad row, through the real CLI."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actionplan import files, loader, sheets

FIXTURE = Path(__file__).parents[1] / "fixtures" / "progress" / "plan"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(FIXTURE, target)
    return target


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def fill_xlsx(path: Path, cells: dict[str, str]) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path)
    ws = workbook[sheets.SHEET_TITLE]
    for ref, value in cells.items():
        ws[ref] = value
    workbook.save(path)


def test_csv_sheet_layout(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bousai.csv"
    result = run("progress", "sheet", "R2", "--dept", "防災課", "-o", out, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 2 of 防災課's items for 令和2年度（2020年度） (csv)\n"
    assert read_csv(out) == [
        [
            "actionplan-progress-sheet/1",
            "年度",
            "2020",
            "主管課",
            "防災課",
            "計画",
            "杉並区情報化アクションプラン（抜粋）",
        ],
        ["ID", "項目名", "主管課", "計画の段階", "状況", "実施した段階", "備考"],
        ["1-1-1", "ICTを活用した災害情報の収集と発信", "土木管理課、情報政策課、防災課", "運用、普及啓発", "", "", ""],
        ["1-1-3", "帰宅困難者一時滞在施設との通信手段の確保", "防災課", "実施", "", "", ""],
    ]


def test_csv_round_trip_and_second_import_changes_nothing(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bousai.csv"
    run("progress", "sheet", "2020", "--dept", "防災課", "-o", out, "--plan", plan)
    rows = read_csv(out)
    rows[2][4:] = ["予定どおり", "運用、普及啓発", "=投稿 12件\n訓練で周知"]
    rows[3][4:] = ["遅れ", "実施", ""]  # two records in one write share objects (the date): no YAML aliases
    write_csv(out, rows)
    dry = run("progress", "import", out, "--dry-run", "--plan", plan)
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines() == [
        f"would add 1-1-1 令和2年度: 予定どおり [運用、普及啓発] → {plan / 'progress' / '2020.yaml'}",
        f"would add 1-1-3 令和2年度: 遅れ [実施] → {plan / 'progress' / '2020.yaml'}",
        "2 added, 0 updated, 0 unchanged; dry run, nothing was written",
    ]
    assert not (plan / "progress" / "2020.yaml").exists()
    first = run("progress", "import", out, "--plan", plan)
    assert first.exit_code == 0, first.output
    path = plan / "progress" / "2020.yaml"
    stamp = path.read_bytes(), path.stat().st_mtime_ns
    loaded = loader.load(plan).value
    assert loaded is not None
    record = loaded.records_for(2020)["1-1-1"]
    assert (record.status, record.phases, record.note, record.recorded_by) == (
        "予定どおり", ["運用", "普及啓発"], "=投稿 12件\n訓練で周知", "防災課",
    )  # fmt: skip
    second = run("progress", "import", out, "--plan", plan)
    assert second.exit_code == 0
    assert second.stdout.splitlines()[-1] == "0 added, 0 updated, 2 unchanged"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == stamp
    assert run("validate", "--plan", plan).exit_code == 0


def test_xlsx_sheet_has_drop_downs_and_locked_keys(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out = tmp_path / "all.xlsx"
    assert run("progress", "sheet", "R1", "-o", out, "--plan", plan).exit_code == 0
    ws = load_workbook(out)[sheets.SHEET_TITLE]
    assert [c.value for c in ws[2]] == list(sheets.COLUMNS)
    assert [ws.cell(row=r, column=1).value for r in (3, 4, 5)] == ["1-1-1", "1-1-3", "3-1"]
    assert ws.protection.sheet is True
    assert ws["B3"].protection.locked is True and ws["E3"].protection.locked is False
    formulas = sorted((str(dv.sqref), dv.formula1, dv.errorStyle) for dv in ws.data_validations.dataValidation)
    assert formulas == [("E3:E5", "'選択肢'!$A$1:$A$6", None), ("F3:F5", "'選択肢'!$B$1:$B$5", "warning")]
    lists = load_workbook(out)[sheets.LISTS_TITLE]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(row=r, column=1).value for r in range(1, 7)] == [
        "完了",
        "予定どおり",
        "前倒し",
        "遅れ",
        "未着手",
        "中止",
    ]


def test_xlsx_round_trip(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "jouhou.xlsx"
    assert run("progress", "sheet", "令和元年度", "--dept", "情報政策課", "-o", out, "--plan", plan).exit_code == 0
    # 1-1-1 and 3-1 are 情報政策課's; 3-1 R1 is already recorded as 遅れ [推進] in the fixture.
    fill_xlsx(out, {"E3": "前倒し", "F3": "運用", "G3": "12", "E4": "遅れ", "F4": "推進"})
    result = run("progress", "import", out, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"updated 1-1-1 令和元年度: 予定どおり [運用、普及啓発] → 前倒し [運用] in {plan / 'progress' / '2019.yaml'}",
        "unchanged 3-1 令和元年度: 遅れ [推進]",
        "0 added, 1 updated, 1 unchanged",
    ]
    assert "# すぎナビ" in (plan / "progress" / "2019.yaml").read_text(encoding="utf-8")
    loaded = loader.load(plan).value
    assert loaded is not None
    record = loaded.records_for(2019)["1-1-1"]
    assert (record.status, record.phases, record.note, record.recorded_by) == ("前倒し", ["運用"], "12", "情報政策課")
    again = run("progress", "import", out, "--plan", plan)
    assert again.stdout.splitlines()[-1] == "0 added, 0 updated, 2 unchanged"


def test_every_bad_row_is_reported_and_nothing_written(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bad.csv"
    run("progress", "sheet", "R2", "--dept", "情報政策課", "-o", out, "--plan", plan)
    rows = read_csv(out)
    ok, other = rows[2], rows[3]
    rows[2][4] = "予定どおり"  # a good row: still not written, as another row is bad
    rows[3][4] = "順調"  # row 4: unknown status
    rows.append(["1-1-9", "", "", "", "遅れ", "", ""])  # row 5: unknown ID
    rows.append([*ok[:4], "遅れ", "", ""])  # row 6: duplicate of row 3
    rows.append(
        ["1-1-3", "帰宅困難者一時滞在施設との通信手段の確保", "防災課", "実施", "遅れ", "", ""]
    )  # 7: other dept
    rows.append([other[0], "別の題名", *other[2:4], "完了", "", ""])  # row 8: changed key (and duplicate)
    rows.append(["", "", "", "", "完了", "", ""])  # row 9: no ID
    rows.append(["1-1-1", *ok[1:4], "", "構築", ""])  # row 10: phase without status, duplicate
    rows.append(["2001/1/1", "", "", "", "完了", "", ""])  # row 11: Excel made a date of the ID
    write_csv(out, rows)
    result = run("progress", "import", out, "--plan", plan)
    assert result.exit_code == 1
    codes = [(line.split(":")[1], line.split(": ")[1].split()[0]) for line in result.stdout.splitlines()[:-1]]
    assert codes == [
        ("4", "progress-status"),
        ("5", "progress-unknown-item"),
        ("6", "sheet-duplicate-row"),
        ("7", "sheet-department-mismatch"),
        ("8", "sheet-duplicate-row"),
        ("9", "sheet-missing-id"),
        ("10", "sheet-duplicate-row"),
        ("11", "progress-unknown-item"),
    ]
    assert "Excel turns 1-1-1 into a date" in result.stdout
    assert result.stdout.splitlines()[-1] == "8 problems in 8 row(s); nothing was written"
    assert not (plan / "progress" / "2020.yaml").exists()


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({(3, 2): "題名を変えた"}, ":3:2: sheet-key-changed 項目名 was changed: '題名を変えた' (the plan says"),
        ({(3, 3): "情報政策課"}, ":3:3: sheet-key-changed 主管課 was changed"),
        ({(3, 4): "検討"}, ":3:4: sheet-key-changed 計画の段階 was changed"),
        ({(3, 5): "", (3, 6): "運用"}, ":3:5: sheet-status-missing"),
        ({(3, 6): "運用、構築"}, ":3:6: unknown-phase unknown phase '構築'"),
        ({(3, 1): "1-1-2"}, ":3:1: progress-unknown-item unknown item '1-1-2' (did you mean '1-1-3' / '1-1-1'"),
        ({(1, 5): "企画課"}, ":1:5: sheet-department unknown department '企画課'"),
        ({(1, 3): "2030"}, ":1:3: progress-year 令和12年度（2030年度） is outside the plan"),
        ({(1, 3): "来年度"}, ":1:3: sheet-year not a fiscal year"),
        ({(1, 1): "something else"}, ":1:1: sheet-format not a progress sheet"),
        ({(2, 5): "進捗"}, ":2:1: sheet-format the column headings were changed"),
    ],
)
def test_each_bad_kind_alone(run, plan: Path, tmp_path: Path, edits: dict[tuple[int, int], str], expected: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "one.csv"
    run("progress", "sheet", "R2", "--dept", "防災課", "-o", out, "--plan", plan)
    rows = read_csv(out)
    rows[2][4] = "予定どおり"
    for (row, column), value in edits.items():
        rows[row - 1][column - 1] = value
    write_csv(out, rows)
    result = run("progress", "import", out, "--dry-run", "--plan", plan)
    assert result.exit_code == 1, result.output
    assert expected in result.stdout.splitlines()[0], result.stdout
    assert len(result.stdout.splitlines()) == 2, result.stdout


def test_cp932_csv_from_excel_is_read(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sjis.csv"
    run("progress", "sheet", "R2", "--dept", "防災課", "-o", out, "--plan", plan)
    rows = read_csv(out)
    rows[3][4:] = ["完了", "実施", "協定を締結"]
    out.write_bytes("\r\n".join(",".join(r) for r in rows).encode("cp932"))
    result = run("progress", "import", out, "--plan", plan)
    assert result.exit_code == 0, result.output
    assert "added 1-1-3 令和2年度: 完了 [実施]" in result.stdout


def test_sheet_usage_errors(run, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad_dept = run("progress", "sheet", "R2", "--dept", "防災", "-o", tmp_path / "x.csv", "--plan", plan)
    assert bad_dept.exit_code == 2 and "unknown department '防災' (did you mean '防災課'" in bad_dept.stderr
    no_format = run("progress", "sheet", "R2", "-o", tmp_path / "x.txt", "--plan", plan)
    assert no_format.exit_code == 2 and "pass --format xlsx or --format csv" in no_format.stderr
    bad_year = run("progress", "sheet", "2017", "-o", tmp_path / "x.csv", "--plan", plan)
    assert (
        bad_year.exit_code == 2 and "the plan covers 平成30年度（2018年度） to 令和3年度（2021年度）" in bad_year.stderr
    )
    import_embedded = run("progress", "import", tmp_path / "x.csv")
    assert import_embedded.exit_code == 2 and "run `actionplan init DIR` and pass --plan DIR" in import_embedded.stderr
    assert not list(tmp_path.glob("x.*"))


def test_csv_work_never_loads_openpyxl(plan: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from actionplan.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules)"
    )
    args = ["progress", "sheet", "R2", "-o", str(tmp_path / "s.csv"), "--plan", str(plan)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "False", done.stderr


# --- file system failures through the CLI -------------------------------------------------------------


def test_full_disk_through_the_cli(run, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    path = plan / "progress" / "2019.yaml"
    before = path.read_bytes()

    def full(fd: int, data: bytes) -> None:
        os.write(fd, data[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_write_all", full)
    result = run("progress", "set", "1-1-3", "R1", "--status", "完了", "--plan", plan)
    assert result.exit_code == 1
    assert result.stderr == (
        f"actionplan: error: cannot write {path}: No space left on device; the file is unchanged\n"
    )
    assert path.read_bytes() == before
    assert list(path.parent.glob("*.tmp")) == []


def test_read_only_directory(tmp_path: Path) -> None:
    """A progress folder the user may not write to: clear error, exit 1, the file untouched."""
    root = tmp_path / "plan"
    shutil.copytree(FIXTURE, root)
    try:
        path = root / "progress" / "2019.yaml"
        before = path.read_bytes()
        (root / "progress").chmod(0o555)
        command = [sys.executable, "-c", "from actionplan.cli import main; main()",
                   "progress", "set", "1-1-3", "R1", "--status", "完了", "--plan", str(root)]  # fmt: skip
        if os.geteuid() == 0:
            # Root ignores permission bits; without its capabilities it is bound by them.
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root and setpriv is not available to drop capabilities")
            command = [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/")
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("actionplan: error: cannot write ")
        assert "Permission denied" in done.stderr and "the file is unchanged" in done.stderr
        assert "Traceback" not in done.stderr
        assert path.read_bytes() == before
        assert sorted(p.name for p in (root / "progress").iterdir()) == ["2019.yaml"]
    finally:
        (root / "progress").chmod(0o755)
