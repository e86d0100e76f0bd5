"""diff and log on repositories built here: a phase moved, an item renumbered, a department renamed, one dropped."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from actionplan.reports.diff import text_edits
from history_repo import FIRST, build, commit, edit, git
from support import Golden, Run


@pytest.fixture(scope="module")
def repo_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan/ of a repository with tags v1 and v2 (see history_repo.build); tests must not change it."""
    return build(tmp_path_factory.mktemp("history"))


@pytest.fixture
def own_repo(tmp_path: Path) -> Path:
    """A repository of one's own, for tests that commit more."""
    return build(tmp_path)


def test_diff_json_golden(run: Run, golden: Golden, repo_plan: Path) -> None:
    result = run("diff", "v1", "v2", "--plan", repo_plan, "--format", "json")
    assert result.exit_code == 0, result.output
    golden("diff-v1-v2.json", result.stdout)


def test_diff_table_golden(run: Run, golden: Golden, repo_plan: Path) -> None:
    result = run("diff", "v1", "v2", "--plan", repo_plan)
    assert result.exit_code == 0, result.output
    golden("diff-v1-v2.txt", result.stdout)


def test_diff_finds_each_known_change(run: Run, repo_plan: Path) -> None:
    data = json.loads(run("diff", "v1", "v2", "--plan", repo_plan, "--format", "json").stdout)
    assert [i["id"] for i in data["removed"]] == ["3-1"]
    assert data["added"] == []
    assert data["renumbered"] == [
        {"old": "1-1-3", "new": "1-1-2", "title": "帰宅困難者一時滞在施設との通信手段の確保", "similarity": 1.0}
    ]
    moved = [c for c in data["changed"] if c["field"] == "schedule"]
    assert moved == [{"id": "1-1-2", "field": "schedule", "year": 2019, "old": ["実施"], "new": ["検討"]}]
    assert {"id": None, "field": "departments", "old": "防災課", "new": "危機管理課"} in data["plan"]
    assert {"id": None, "field": "stated.items", "old": 3, "new": 2} in data["plan"]


def test_diff_of_one_commit_against_the_next(run: Run, repo_plan: Path) -> None:
    data = json.loads(run("diff", "v1", "v1~0", "--plan", repo_plan, "--format", "json").stdout)
    assert not any(data[k] for k in ("added", "removed", "renumbered", "changed", "plan", "progress"))
    data = json.loads(run("diff", "main~4", "main~3", "--plan", repo_plan, "--format", "json").stdout)
    fields = [(c["id"], c["field"], c["year"]) for c in data["changed"]]
    assert fields == [("1-1-3", "description", None), ("1-1-3", "schedule", 2019)]


def test_diff_embedded_plan_against_itself_is_empty(run: Run, embedded: Path) -> None:
    result = run("diff", embedded, "--plan", embedded, "--exit-code")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("no differences")


def test_exit_code_when_different(run: Run, repo_plan: Path) -> None:
    assert run("diff", "v1", "v2", "--plan", repo_plan, "--exit-code").exit_code == 1
    assert run("diff", "v1", "v2", "--plan", repo_plan).exit_code == 0


def test_new_defaults_to_the_files_on_disk(run: Run, own_repo: Path) -> None:
    edit(own_repo / "items" / "1-1-1.yaml", "  2021: [運用, 普及啓発]", "  2021: [運用]")
    data = json.loads(run("diff", "HEAD", "--plan", own_repo, "--format", "json").stdout)
    assert data["changed"] == [
        {"id": "1-1-1", "field": "schedule", "year": 2021, "old": ["運用", "普及啓発"], "new": ["運用"]}
    ]
    assert data["new"]["label"] == str(own_repo)


def test_two_directories(run: Run, repo_plan: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(repo_plan, copy)
    edit(copy / "items" / "1-1-1.yaml", "の収集と発信\n", "の発信\n")
    data = json.loads(run("diff", repo_plan, copy, "--format", "json").stdout)
    assert [(c["id"], c["field"]) for c in data["changed"]] == [("1-1-1", "title")]


def test_reading_revisions_leaves_work_tree_and_index_alone(run: Run, own_repo: Path) -> None:
    repo = own_repo.parent
    edit(own_repo / "items" / "1-1-1.yaml", "  2021: [運用, 普及啓発]", "  2021: [運用]")  # an unstaged edit
    index = repo / ".git" / "index"
    status = git(repo, "status", "--porcelain")
    before = (hashlib.sha256(index.read_bytes()).hexdigest(), index.stat().st_mtime_ns)
    files = {p: p.read_bytes() for p in own_repo.rglob("*") if p.is_file()}
    assert run("diff", "v1", "v2", "--plan", own_repo).exit_code == 0
    assert run("log", "1-1-2", "--plan", own_repo).exit_code == 0
    after_index = (hashlib.sha256(index.read_bytes()).hexdigest(), index.stat().st_mtime_ns)
    assert after_index == before
    assert {p: p.read_bytes() for p in own_repo.rglob("*") if p.is_file()} == files
    assert git(repo, "status", "--porcelain") == status


def test_unknown_revision_is_a_usage_error(run: Run, repo_plan: Path) -> None:
    result = run("diff", "no-such-tag", "--plan", repo_plan)
    assert result.exit_code == 2
    assert "no-such-tag" in result.stderr and "neither a plan directory nor a git revision" in result.stderr
    assert run("diff", "--", "--output=x", "--plan", repo_plan).exit_code == 2


def test_outside_a_repository_is_a_usage_error(run: Run, minimal: Path) -> None:
    result = run("diff", "HEAD", "--plan", minimal)
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr
    result = run("log", "1-1-1", "--plan", minimal)
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


def test_a_revision_with_a_broken_plan_names_the_file(run: Run, own_repo: Path) -> None:
    repo = own_repo.parent
    (own_repo / "plan.yaml").write_text("name: [broken\n", encoding="utf-8")
    commit(repo, "break plan.yaml", 5)
    result = run("diff", "HEAD", "v2", "--plan", own_repo)
    assert result.exit_code == 1
    assert "HEAD:plan/plan.yaml" in result.stderr and "cannot be read" in result.stderr


def test_log_follows_renumbering(run: Run, repo_plan: Path) -> None:
    result = run("log", "1-1-2", "--plan", repo_plan, "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [(e["id"], e["event"], e["message"]) for e in entries] == [
        ("1-1-2", "changed", "組織改正: 防災課 → 危機管理課"),
        ("1-1-2", "renumbered", "renumber 1-1-3 as 1-1-2"),
        ("1-1-3", "changed", "1-1-3: 実施 moved to 2020"),
        ("1-1-3", "added", "v1: minimal plan"),
    ]
    assert entries[1]["renumbered_from"] == "1-1-3"
    assert entries[0]["changes"] == [
        {"id": "1-1-2", "field": "departments", "year": None, "old": ["防災課"], "new": ["危機管理課"]}
    ]
    assert {"id": "1-1-3", "field": "schedule", "year": 2019, "old": ["実施"], "new": ["検討"]} in entries[2]["changes"]
    assert entries[0]["date"].startswith("2026-04-04") and entries[0]["author"] == "情報 花子"


def test_log_table(run: Run, repo_plan: Path) -> None:
    out = run("log", "1-1-2", "--plan", repo_plan).stdout
    lines = out.splitlines()
    assert lines[0] == "History of 1-1-2"
    assert "renumbered\t\titem ID\t\t1-1-3\t1-1-2" in out
    assert "間に[-安定的で-]つながり" in out and "間に{+災害時にも+}つながり" in out  # both sides whole
    assert lines[-1] == "4 commits"


def test_log_of_a_dropped_item_and_of_an_unknown_one(run: Run, repo_plan: Path) -> None:
    entries = json.loads(run("log", "3-1", "--plan", repo_plan, "--format", "json").stdout)
    assert [e["event"] for e in entries] == ["removed", "added"]
    result = run("log", "9-9-9", "--plan", repo_plan)
    assert result.exit_code == 0 and result.stdout.rstrip().endswith("0 commits")


def test_log_skips_commits_that_change_only_comments(run: Run, own_repo: Path) -> None:
    edit(own_repo / "items" / "1-1-1.yaml", "# 1-1-1 ICT", "# 1-1-1 (comment) ICT")
    commit(own_repo.parent, "comment only", 5)
    messages = [e["message"] for e in json.loads(run("log", "1-1-1", "--plan", own_repo, "-f", "json").stdout)]
    assert "comment only" not in messages and messages[0] == "組織改正: 防災課 → 危機管理課"


def test_progress_answers_in_diff_and_log(run: Run, own_repo: Path, japanese: None) -> None:
    repo = own_repo.parent
    progress = own_repo / "progress"
    progress.mkdir()
    answer = (
        "format: 2\nanswers:\n  - item: 1-1-1\n    year: 2019\n    department: 防災課\n"
        "    status: 予定どおり\n    phases: [運用]\n"
    )
    (progress / "2019.yaml").write_text(answer, encoding="utf-8")
    commit(repo, "progress 2019: 1-1-1", 5)
    edit(progress / "2019.yaml", "予定どおり", "遅れ")
    commit(repo, "progress 2019: 1-1-1 late", 6)
    data = json.loads(run("diff", "v2", "HEAD~1", "--plan", own_repo, "-f", "json").stdout)
    new = {"status": "予定どおり", "phases": ["運用"]}
    added = {"id": "1-1-1", "field": "answer", "year": 2019, "old": None, "new": new, "department": "防災課"}
    assert data["progress"] == [added]
    entries = json.loads(run("log", "1-1-1", "--plan", own_repo, "-f", "json").stdout)
    assert entries[0]["changes"] == [
        {"id": "1-1-1", "field": "status", "year": 2019, "old": "予定どおり", "new": "遅れ", "department": "防災課"}
    ]
    assert entries[1]["message"] == "progress 2019: 1-1-1"
    table = run("diff", "HEAD~1", "--plan", own_repo).stdout
    assert (
        "進捗状況の回答の変更\n項目番号\t主管課\t欄\t年度\t変更前\t変更後\n1-1-1\t防災課\t進捗区分\t令和元年度\t予定どおり\t遅れ"
        in table
    )
    log = run("log", "1-1-1", "--plan", own_repo).stdout
    assert "変更\t防災課\t進捗区分\t令和元年度\t予定どおり\t遅れ" in log


def test_headings_in_the_plans_own_words(run: Run, own_repo: Path, japanese: None) -> None:
    text = (own_repo / "plan.yaml").read_text(encoding="utf-8")
    (own_repo / "plan.yaml").write_text(text + "labels: {item: 取組, department: 担当部局}\n", encoding="utf-8")
    edit(own_repo / "items" / "1-1-1.yaml", "  - 土木管理課\n", "")
    out = run("diff", "HEAD", "--plan", own_repo).stdout
    assert "内容が変わった取組\t1件" in out
    assert "1-1-1\t担当部局\t\t削除：土木管理課\t" in out


def test_renumbering_needs_a_similar_title_or_description(run: Run, own_repo: Path) -> None:
    items = own_repo / "items"
    text = (items / "1-1-1.yaml").read_text(encoding="utf-8").replace("id: 1-1-1", "id: 1-1-4")
    text = text.replace("title: ICTを活用した災害情報の収集と発信", "title: 全く別の項目")
    text = text.replace("災害発生時に、", "平常時に、")  # the description stays very similar
    (items / "1-1-1.yaml").unlink()
    (items / "1-1-4.yaml").write_text(text, encoding="utf-8")
    renumbered = json.loads(run("diff", "HEAD", "--plan", own_repo, "-f", "json").stdout)["renumbered"]
    assert [(r["old"], r["new"]) for r in renumbered] == [("1-1-1", "1-1-4")]
    assert 0.8 <= renumbered[0]["similarity"] < 1.0
    other = "id: 1-1-4\ntitle: 全く別の項目\nheadline: 別の概要\ndescription: 全く別の内容です。\n"
    (items / "1-1-4.yaml").write_text(other + "departments: [情報政策課]\nschedule: {2019: [検討]}\n", encoding="utf-8")
    data = json.loads(run("diff", "HEAD", "--plan", own_repo, "-f", "json").stdout)
    assert data["renumbered"] == [] and [i["id"] for i in data["removed"]] == ["1-1-1"]
    assert [i["id"] for i in data["added"]] == ["1-1-4"]


def test_text_edits_mark_both_sides_whole_and_alike() -> None:
    old, new = "災害対策本部との間に安定的でつながりやすい", "災害対策本部との間に災害時にもつながりやすい"
    before, after = text_edits(old, new)
    assert before == "災害対策本部との間に[-安定的で-]つながりやすい"  # nothing cut on either side
    assert after == "災害対策本部との間に{+災害時にも+}つながりやすい"
    assert after.parts == (("", "災害対策本部との間に"), ("ins", "災害時にも"), ("", "つながりやすい"))
    assert text_edits("use the GIS map", "use the new GIS map")[1] == "use the {+new +}GIS map"


def test_an_unreadable_file_of_a_version_is_named_not_taken_for_removed(run: Run, own_repo: Path) -> None:
    edit(own_repo / "items" / "1-1-1.yaml", "title: ICT", "title: [ICT")
    result = run("diff", "HEAD", "--plan", own_repo)
    assert result.exit_code == 0
    assert "items/1-1-1.yaml" in result.stderr
    assert "warning: 1 file of" in result.stderr and "cannot be read and is left out" in result.stderr


def test_without_git_revisions_are_a_usage_error(run: Run, repo_plan: Path, tmp_path: Path) -> None:
    result = run("diff", "v1", "--plan", repo_plan, env={"PATH": str(tmp_path)})
    assert result.exit_code == 2 and "git is not installed" in result.stderr


# --- a history that cannot be forged or misread (issue #18) ------------------------------------


def _head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def test_a_message_imitating_the_separators_forges_nothing(run: Run, own_repo: Path) -> None:
    forged = "x\x1e" + "f" * 40 + "\x1f1999-01-01T00:00:00+00:00\x1fMallory\x1fforged message"
    edit(own_repo / "items" / "1-1-1.yaml", "  2021: [運用, 普及啓発]", "  2021: [運用]")
    commit(own_repo.parent, forged, 5)
    entries = json.loads(run("log", "1-1-1", "--plan", own_repo, "-f", "json").stdout)
    assert [(e["commit"], e["date"], e["author"]) for e in entries[:1]] == [
        (_head(own_repo.parent), "2026-04-06T10:00:00+09:00", "情報 花子")
    ]
    assert entries[0]["message"] == forged
    assert len(entries) == 3 and all(e["commit"] != "f" * 40 for e in entries)


def test_a_shallow_clone_says_its_history_is_cut(run: Run, repo_plan: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", (repo_plan.parent).as_uri(), str(clone))
    result = run("log", "1-1-2", "--plan", clone / "plan", "-f", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [(e["event"], e["message"], e["changes"]) for e in entries] == [("history_cut", "drop 3-1", [])]
    assert "shallow clone" in result.stderr
    text = run("log", "1-1-2", "--plan", clone / "plan").stdout
    assert "no earlier history" in text and "shallow clone" in text.splitlines()[-1]
    full = json.loads(run("log", "1-1-2", "--plan", repo_plan, "-f", "json").stdout)
    assert full[-1]["event"] == "added"  # a root commit is where the item was added


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="file names there are always Unicode")
def test_a_folder_name_that_is_not_utf8(run: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    plan = repo / os.fsdecode(b"plan\xff")
    shutil.copytree(FIRST, plan)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "v1", 0)
    edit(plan / "items" / "1-1-1.yaml", "  2021: [運用, 普及啓発]", "  2021: [運用]")
    commit(repo, "1-1-1 in 2021", 1)
    entries = json.loads(run("log", "1-1-1", "--plan", plan, "-f", "json").stdout)
    assert [e["event"] for e in entries] == ["changed", "added"]
    data = json.loads(run("diff", "HEAD~1", "HEAD", "--plan", plan, "-f", "json").stdout)
    assert [(c["id"], c["year"]) for c in data["changed"]] == [("1-1-1", 2021)]


def test_a_name_that_is_both_a_folder_and_a_revision_is_refused(
    run: Run, own_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = own_repo.parent
    shutil.copytree(own_repo, repo / "main")  # a folder named like the branch, with the plan as it is
    edit(own_repo / "items" / "1-1-1.yaml", "  2021: [運用, 普及啓発]", "  2021: [運用]")
    commit(repo, "a folder named main", 5)
    monkeypatch.chdir(repo)
    result = run("diff", "main", "--plan", own_repo)
    assert result.exit_code == 2
    assert "'main' is both a folder and a git revision" in result.stderr
    assert f".{os.sep}main" in result.stderr and "main^{commit}" in result.stderr
    folder = json.loads(run("diff", f".{os.sep}main", "--plan", own_repo, "-f", "json").stdout)
    assert [(c["id"], c["field"]) for c in folder["changed"]] == [("1-1-1", "schedule")]
    branch = json.loads(run("diff", "main^{commit}", "--plan", own_repo, "-f", "json").stdout)
    assert branch["changed"] == []


def test_an_unreadable_version_is_named_not_shown_removed_and_added(run: Run, own_repo: Path) -> None:
    item = own_repo / "items" / "1-1-1.yaml"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("title: ICT", "title: [ICT"), encoding="utf-8")
    commit(own_repo.parent, "break 1-1-1", 5)
    item.write_text(good, encoding="utf-8")
    commit(own_repo.parent, "mend 1-1-1", 6)
    result = run("log", "1-1-1", "--plan", own_repo, "-f", "json")
    assert result.exit_code == 0, result.output
    events = [(e["event"], e["message"]) for e in json.loads(result.stdout)]
    assert events[:2] == [("changed", "mend 1-1-1"), ("unreadable", "break 1-1-1")]
    assert "items/1-1-1.yaml" in result.stderr and "1 version of a file cannot be read" in result.stderr


def test_one_commit_is_needed_not_a_range(run: Run, repo_plan: Path) -> None:
    for revision in ("^HEAD", "v1..v2", "HEAD^@"):
        result = run("log", "1-1-2", "--plan", repo_plan, "--rev", revision)
        assert result.exit_code == 2, (revision, result.output)
        assert revision in result.stderr
    assert "not one revision" in run("log", "1-1-2", "--plan", repo_plan, "--rev", "^HEAD").stderr
    assert run("diff", "^v1", "--plan", repo_plan).exit_code == 2


def test_a_version_over_the_size_limit_is_never_read(run: Run, own_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actionplan import gitrepo

    item = own_repo / "items" / "1-1-1.yaml"
    good = item.read_text(encoding="utf-8")
    item.write_text(good + "#" * (1024 * 1024) + "\n", encoding="utf-8")  # a comment past the 1 MiB limit
    commit(own_repo.parent, "a huge comment", 5)
    big = git(own_repo.parent, "rev-parse", "HEAD:plan/items/1-1-1.yaml").strip()
    item.write_text(good, encoding="utf-8")
    commit(own_repo.parent, "no huge comment", 6)
    asked: list[str] = []
    real = gitrepo.blobs

    def spy(repo: gitrepo.Repo, shas: Iterable[str]) -> dict[str, bytes]:
        wanted = list(shas)
        asked.extend(wanted)
        return real(repo, wanted)

    monkeypatch.setattr(gitrepo, "blobs", spy)
    result = run("log", "1-1-1", "--plan", own_repo, "-f", "json")
    assert result.exit_code == 0, result.output
    assert asked and big not in asked
    assert [e["event"] for e in json.loads(result.stdout)][:2] == ["changed", "unreadable"]
    assert "file-too-large" in result.stderr and "1,048,576" in result.stderr


def test_log_reads_only_the_items_versions_a_batch_at_a_time(
    run: Run, repo_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actionplan import gitrepo, history

    batches: list[list[str]] = []
    real = gitrepo.blobs

    def spy(repo: gitrepo.Repo, shas: Iterable[str]) -> dict[str, bytes]:
        batches.append(list(shas))
        return real(repo, batches[-1])

    monkeypatch.setattr(gitrepo, "blobs", spy)
    monkeypatch.setattr(history, "READ_BATCH_BYTES", 1)  # one version a process: none waits in memory
    assert run("log", "1-1-1", "--plan", repo_plan).exit_code == 0
    raw = git(repo_plan.parent, "log", "--format=", "--raw", "--no-abbrev", "--", "plan/items/1-1-1.yaml")
    versions = {sha for line in raw.splitlines() for sha in line.split()[2:4] if sha.strip("0")}
    assert all(len(batch) == 1 for batch in batches)
    assert {sha for batch in batches for sha in batch} == versions  # no other item's versions
