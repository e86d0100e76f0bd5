"""progress.store.save: in-place edits that keep comments, read back identically, and fail whole."""

from __future__ import annotations

import difflib
import errno
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan import files, loader
from actionplan.loader import Plan
from actionplan.model import Answer
from actionplan.problems import Result
from actionplan.progress import edit, records, store
from support import PROGRESS_PLAN

TODAY = date(2025, 1, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(PROGRESS_PLAN, target)
    return target


def load(root: Path) -> Plan:
    result = loader.load(root)
    plan, problems = result.value, result.problems
    assert plan is not None and problems == []
    return plan


OWNER = {"1-1-1": "防災課", "1-1-3": "防災課", "3-1": "情報政策課"}


def rec(item: str, year: int, status: str = "予定どおり", **fields: object) -> Answer:
    fields.setdefault("department", OWNER[item])
    return Answer(item=item, year=year, status=status, **fields)


def saved(outcome: Result[store.Saved]) -> store.Saved:
    assert outcome.value is not None, outcome.problems
    return outcome.value


def by_item(plan: Plan, year: int) -> dict[str, Answer]:
    """One answer per item (the fixture's items are answered by one 主管課 each)."""
    return {item: answers[0] for item, answers in plan.answers_for(year).items()}


def temp_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "progress").glob("*.tmp"))


def test_new_file_reads_back_through_the_loader(root: Path) -> None:
    wanted = [
        rec("3-1", 2020, "前倒し", phases=["推進"], note="一行目\n二行目", answered_by="情報政策課",
            answered_on=date(2021, 4, 2)),
        rec("1-1-1", 2020, "遅れ"),
    ]  # fmt: skip
    outcome = store.save(load(root), 2020, wanted, today=TODAY)
    assert saved(outcome).written and outcome.problems == []
    assert [c.kind for c in saved(outcome).changes] == ["added", "added"]
    again = load(root)
    assert by_item(again, 2020) == {"1-1-1": wanted[1], "3-1": wanted[0]}  # plan order
    text = (root / "progress" / "2020.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 進捗管理 令和2年度（2020年度）")
    assert "    note: |-\n      一行目\n      二行目\n" in text


def test_adding_a_record_only_inserts_lines(root: Path) -> None:
    """Every line of the hand-written file survives, in order: comments, quotes, flow and block lists."""
    path = root / "progress" / "2019.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    store.save(load(root), 2019, [rec("1-1-3", 2019, "完了", phases=["実施"])], today=TODAY)
    after = path.read_text(encoding="utf-8").splitlines()
    ops = {tag for tag, *_ in difflib.SequenceMatcher(a=before, b=after).get_opcodes()}
    assert ops == {"equal", "insert"}
    # 1-1-3 sits between 1-1-1 and 3-1, as in the plan.
    assert [r.item for r in load(root).answers] == ["1-1-1", "1-1-3", "3-1"]


def test_updating_a_record_changes_only_its_lines(root: Path) -> None:
    path = root / "progress" / "2019.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    new = rec("1-1-1", 2019, "遅れ", phases=["運用"], result="投稿機能を運用した。\n訓練で周知した。",
              answered_by="防災課", answered_on=date(2020, 4, 20))  # fmt: skip
    outcome = store.save(load(root), 2019, [new], today=TODAY)
    assert [c.kind for c in saved(outcome).changes] == ["updated"]
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(tag, before[i1:i2], after[j1:j2]) for tag, i1, i2, j1, j2 in
               difflib.SequenceMatcher(a=before, b=after).get_opcodes() if tag != "equal"]  # fmt: skip
    assert changed == [
        (
            "replace",
            ["    status: 予定どおり", "    phases: [運用, 普及啓発]"],
            ["    status: 遅れ", "    phases: [運用]"],
        )
    ]
    assert load(root).answers[0] == new


def test_same_report_is_left_alone(root: Path) -> None:
    path = root / "progress" / "2019.yaml"
    stamp = path.read_bytes(), path.stat().st_mtime_ns
    same = rec("3-1", 2019, "遅れ", phases=["推進"], answered_by="someone", answered_on=date(2024, 1, 1))
    outcome = store.save(load(root), 2019, [same], today=TODAY)
    assert not saved(outcome).written
    assert [c.kind for c in saved(outcome).changes] == ["unchanged"]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == stamp


def test_mode_bom_and_crlf_are_kept(root: Path) -> None:
    path = root / "progress" / "2019.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o640)
    store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# ")
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert path.stat().st_mode & 0o777 == 0o640
    assert len(load(root).answers) == 3


def test_new_file_gets_the_umask_mode(root: Path) -> None:
    old = os.umask(0o027)
    try:
        store.save(load(root), 2020, [rec("3-1", 2020)], today=TODAY)
    finally:
        os.umask(old)
    assert (root / "progress" / "2020.yaml").stat().st_mode & 0o777 == 0o640


_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=_TEXT)
def test_any_note_reads_back_identically(root: Path, note: str) -> None:
    note = records.clean_text(note)
    record = rec("1-1-3", 2020, note=note)
    outcome = store.save(load(root), 2020, [record], today=TODAY)
    assert outcome.problems == []
    assert by_item(load(root), 2020)["1-1-3"] == record


@pytest.mark.parametrize("note", ["\x19", "a\x19\nb", "\x7f", "\u2028"])
def test_control_characters_replacing_a_block_note(root: Path, note: str) -> None:
    # A literal block note replaced by one with a control character: found by hypothesis.
    store.save(load(root), 2020, [rec("1-1-3", 2020, note="一行目\n二行目")], today=TODAY)
    record = rec("1-1-3", 2020, note=note)
    assert store.save(load(root), 2020, [record], today=TODAY).problems == []
    assert by_item(load(root), 2020)["1-1-3"] == record


@pytest.mark.parametrize("note", ["yes", "null", "~", "0755", "2020-04-01", "- a", "# not a comment", "a: b",
                                  "'quoted'", "  leading", "trailing  \nline", "{x}", "=1+1", "1:20"])  # fmt: skip
def test_tricky_notes_read_back(root: Path, note: str) -> None:
    record = rec("1-1-3", 2020, note=note)
    assert store.save(load(root), 2020, [record], today=TODAY).problems == []
    assert by_item(load(root), 2020)["1-1-3"] == record


def test_broken_file_is_not_built_on(root: Path) -> None:
    path = root / "progress" / "2019.yaml"
    path.write_text("format: 2\nanswers:\n  - item: 1-1-3\n    year: 2019\n    status: [\n", encoding="utf-8")
    before = path.read_bytes()
    outcome = store.save(load_any(root), 2019, [rec("3-1", 2019)], today=TODAY)
    assert not saved(outcome).written
    assert [p.code for p in outcome.problems] == ["yaml-syntax"]
    assert path.read_bytes() == before


def load_any(root: Path) -> Plan:
    result = loader.load(root)
    plan, _ = result.value, result.problems
    assert plan is not None
    return plan


def test_conflicting_writer_is_detected(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saving the file while a write is in progress: refuse, keep the editor's text."""
    path = root / "progress" / "2019.yaml"
    real = edit.edited_bytes
    edited = path.read_text(encoding="utf-8") + "# saved by an editor meanwhile\n"

    def render_while_someone_saves(*args: object) -> bytes:
        text = real(*args)  # type: ignore[arg-type]
        path.write_text(edited, encoding="utf-8")
        return text

    monkeypatch.setattr(edit, "edited_bytes", render_while_someone_saves)
    with pytest.raises(store.Conflict, match="changed on disk while it was being updated"):
        store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    assert path.read_text(encoding="utf-8") == edited
    assert temp_files(root) == []


def test_full_disk_keeps_the_original(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = root / "progress" / "2019.yaml"
    before = path.read_bytes()

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_write_all", half_then_full)
    with pytest.raises(files.WriteError, match="no space left on the disk; the file is unchanged"):
        store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    assert path.read_bytes() == before
    assert temp_files(root) == []


_EFBIG_WRITER = """
import resource, signal, sys
from datetime import date
from pathlib import Path
from actionplan import files, loader
from actionplan.progress import edit, records, store
from actionplan.model import Answer
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
result = loader.load(Path(sys.argv[1]))
plan, _ = result.value, result.problems
resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
try:
    answer = Answer(item="1-1-3", year=2019, department="防災課", status="完了", note="x" * 400)
    store.save(plan, 2019, [answer], today=date(2025, 1, 1))
except files.WriteError as exc:
    print(exc)
    sys.exit(1)
"""


def test_real_write_failure_keeps_the_original(root: Path) -> None:
    """The kernel refuses the write (RLIMIT_FSIZE: EFBIG after a partial write), no mock involved."""
    path = root / "progress" / "2019.yaml"
    before = path.read_bytes()
    done = subprocess.run([sys.executable, "-c", _EFBIG_WRITER, str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "File too large; the file is unchanged" in done.stdout
    assert path.read_bytes() == before
    assert temp_files(root) == []


def test_orphans_of_a_dead_writer_are_removed_by_the_next(root: Path) -> None:
    progress_dir = root / "progress"
    orphan = progress_dir / ".2019.yaml.k3j2x9.tmp"
    orphan.write_text("records:\n  - half a rec")
    other = progress_dir / ".2020.yaml.abc.tmp"  # another file's: not ours to remove
    other.write_text("")
    assert load(root).answers  # the loader never reads them (hidden)
    store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    assert temp_files(root) == [other.name]


def test_answers_for_gives_plan_order_and_only_that_year(root: Path) -> None:
    store.save(load(root), 2020, [rec("3-1", 2020), rec("1-1-3", 2020)], today=TODAY)
    plan = load(root)
    assert list(plan.answers_for(2020)) == ["1-1-3", "3-1"]
    assert list(plan.answers_for(2019)) == ["1-1-1", "3-1"]
    assert plan.answers_for(2021) == {}


def test_check_records_flags_input_duplicates_and_the_unbegun_year(root: Path) -> None:
    plan = load(root)
    found = records.check_input(
        plan, [rec("3-1", 2021), rec("3-1", 2021), rec("1-1-1", 2020, "順調")], date(2021, 3, 31)
    )
    assert [[p.code for p in f] for f in found] == [
        ["progress-future"],
        ["progress-future", "progress-duplicate"],
        ["progress-status"],
    ]


def test_a_year_has_begun_on_its_first_day(root: Path) -> None:
    """1 April is the first day of the fiscal year: an answer for it is no longer in the future."""
    plan = load(root)
    assert records.check_input(plan, [rec("3-1", 2021)], date(2021, 4, 1)) == [[]]
    found = records.check_input(plan, [rec("3-1", 2021)], date(2021, 3, 31))
    assert [[p.code for p in f] for f in found] == [["progress-future"]]


def test_split_phases() -> None:
    assert records.split_phases(["運用、普及啓発", "調査・研究", "実施,検証", " "]) == [
        "運用", "普及啓発", "調査・研究", "実施", "検証",
    ]  # fmt: skip


def test_lists_at_column_zero_stay_there(root: Path) -> None:
    path = root / "progress" / "2019.yaml"
    path.write_text(
        "format: 2\nanswers:\n- item: 3-1\n  year: 2019\n  department: 情報政策課\n  status: 遅れ  # 要確認\n",
        encoding="utf-8",
    )
    store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    assert path.read_text(encoding="utf-8") == (
        "format: 2\nanswers:\n- item: 1-1-3\n  year: 2019\n  department: 防災課\n  status: 予定どおり\n"
        "- item: 3-1\n  year: 2019\n  department: 情報政策課\n  status: 遅れ  # 要確認\n"
    )


def test_an_edit_that_would_lose_a_record_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net: the new text is read back with the project's reader before it replaces the old."""
    path = root / "progress" / "2019.yaml"
    before = path.read_bytes()
    real = edit.edited_bytes

    def lossy(*args: object) -> bytes:
        text = real(*args)  # type: ignore[arg-type]
        return text[: text.index(b'  - item: "3-1"')]

    monkeypatch.setattr(edit, "edited_bytes", lossy)
    outcome = store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    assert not saved(outcome).written
    assert [p.code for p in outcome.problems] == ["progress-readback"]
    assert "would change other answers" in outcome.problems[0].message
    assert path.read_bytes() == before
    assert temp_files(root) == []


# --- answers per 主管課, and the doors of issue 13 ------------------------------------------------


def test_two_departments_answering_one_item_never_touch_each_other(root: Path) -> None:
    first = rec("1-1-1", 2020, "予定どおり", department="防災課", result="訓練3回")
    store.save(load(root), 2020, [first], today=TODAY)
    second = rec("1-1-1", 2020, "遅れ", department="土木管理課", result="連携が未了")
    outcome = store.save(load(root), 2020, [second], today=TODAY)
    assert [c.kind for c in saved(outcome).changes] == ["added"]
    assert load(root).answers_for(2020)["1-1-1"] == [second, first]  # in the item's 主管課 order


def test_a_comment_above_an_answer_stays_above_it_after_an_insert(root: Path) -> None:
    path = root / "progress" / "2019.yaml"
    text = path.read_text(encoding="utf-8").replace('  - item: "3-1"', '  # 3-1: 委託先と調整中\n  - item: "3-1"')
    path.write_text(text, encoding="utf-8")
    store.save(load(root), 2019, [rec("1-1-3", 2019)], today=TODAY)
    lines = path.read_text(encoding="utf-8").splitlines()
    comment = lines.index("  # 3-1: 委託先と調整中")
    assert lines[comment + 1] == '  - item: "3-1"'  # not above the new 1-1-3
    assert lines.index("  - item: 1-1-3") < comment


def test_a_progress_folder_linking_out_of_the_plan_is_never_written(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(root / "progress")
    (root / "progress").symlink_to(outside, target_is_directory=True)
    with pytest.raises(files.WriteError, match="leading out of the plan"):
        store.save(load_any(root), 2020, [rec("3-1", 2020)], today=TODAY)
    assert list(outside.iterdir()) == []


def test_a_progress_file_linking_out_of_the_plan_is_never_replaced(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("format: 2\nanswers: []\n", encoding="utf-8")
    (root / "progress" / "2020.yaml").symlink_to(outside)
    with pytest.raises(files.WriteError, match="leading out of the plan"):
        store.save(load_any(root), 2020, [rec("3-1", 2020)], today=TODAY)
    assert outside.read_text(encoding="utf-8") == "format: 2\nanswers: []\n"
    assert (root / "progress" / "2020.yaml").is_symlink()


def test_a_note_too_large_for_the_file_blames_the_answer(root: Path) -> None:
    huge = rec("1-1-3", 2019, note="あ" * 400_000)  # 1.2 MB in UTF-8
    outcome = store.save(load(root), 2019, [huge], today=TODAY)
    assert not saved(outcome).written
    (problem,) = outcome.problems
    assert problem.path == "<input>" and problem.code == "progress-too-large"
    assert "the new answers would make" in problem.message
    assert "防災課's answer for 1-1-3" in (problem.hint or "")


@pytest.mark.parametrize(
    ("texts", "numbers", "empty", "problems"),
    [
        (["sites=3", "users=1,200"], {"sites": 3.0, "users": 1200.0}, [], 0),
        (["ｓｉｔｅｓ＝３、users=4"], {"sites": 3.0, "users": 4.0}, [], 0),
        (["sites=3,users=4\nrate=0.5"], {"sites": 3.0, "users": 4.0, "rate": 0.5}, [], 0),
        (["sites=\nusers="], {}, ["sites", "users"], 0),
        (["sites=3", "sites=4"], {"sites": 3.0}, [], 1),
        (["sites=3\nsites=4"], {"sites": 3.0}, [], 1),
        (["sites"], {}, [], 1),
        (["=3"], {}, [], 1),
        (["sites=many"], {}, [], 1),
        (["sites=inf"], {}, [], 1),
    ],
)
def test_one_reader_of_indicator_values(
    texts: list[str], numbers: dict[str, float], empty: list[str], problems: int
) -> None:
    """--value options and the sheet's cell read alike; a repeated indicator is a problem in both."""
    parsed = records.parse_values(texts)
    assert (parsed.numbers, parsed.empty, len(parsed.problems)) == (numbers, empty, problems)


def test_an_answer_changed_since_it_was_read_is_never_overwritten(root: Path) -> None:
    """progress set edits the stored answer field by field: if it changed meanwhile, nothing is written."""
    plan = load(root)
    assert saved(store.save(plan, 2020, [rec("1-1-3", 2020, result="最初")], today=TODAY)).written
    read = store.existing(load(root), 2020)[("1-1-3", 2020, OWNER["1-1-3"])]
    store.save(load(root), 2020, [rec("1-1-3", 2020, result="同僚の回答")], today=TODAY)
    path = root / "progress" / "2020.yaml"
    before = path.read_bytes()
    with pytest.raises(store.Conflict):
        edited = rec("1-1-3", 2020, "遅れ", result="最初")
        store.save(load(root), 2020, [edited], today=TODAY, based_on={read.key: read})
    assert path.read_bytes() == before


def test_a_dry_run_checks_everything_and_writes_nothing(root: Path) -> None:
    path = root / "progress" / "2020.yaml"
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    outcome = store.save(load(root), 2020, [rec("1-1-3", 2020)], today=TODAY, dry_run=True)
    assert outcome.problems == [] and not saved(outcome).written
    assert [c.kind for c in saved(outcome).changes] == ["added"]
    assert not path.exists() and {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert temp_files(root) == []
