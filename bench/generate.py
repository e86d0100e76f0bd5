"""Synthetic plans for the benchmark: valid plans of any size, built from the embedded plan's own words.

Every plan passes ``actionplan validate``: plan.yaml keeps the embedded plan's period and
vocabularies (departments, tags, phases, statuses) and gets pillars and goals whose stated
counts (and cross-referenced counts) match the items generated under them. Each item file
has the shape of plan/items/1-1-1.yaml, with Japanese text recombined from the embedded
items (titles, headlines, sentences of descriptions) so that lengths are realistic.

Usage: python bench/generate.py 10000 bench/work/plan-10000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
EMBEDDED = REPO / "plan"
# Bump when the generated files change shape, so that cached plans are rebuilt.
GENERATOR_VERSION = 1
STAMP = ".generated"
PILLARS_WITH_GOALS = 5

_PLAIN_UNSAFE = re.compile(r"[:#\[\]{},&*!|>'\"%@`\\]|^[-?\s]|\s$")


@dataclass
class Pools:
    """What the embedded plan offers to recombine: its words, and shapes known to be valid."""

    meta: dict[str, Any]
    titles: list[str]
    headlines: list[str]
    sentences: list[str]
    departments: list[list[str]]
    tags: list[list[str]]
    schedules: list[dict[int, list[str]]]
    glossaries: list[list[str]]
    terms: list[dict[str, Any]]
    cross_tags: frozenset[str]


def _load(path: Path) -> Any:
    return yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def pools(source: Path = EMBEDDED) -> Pools:
    meta = _load(source / "plan.yaml")
    items = [_load(p) for p in sorted((source / "items").glob("*.yaml"))]
    sentences = [s + "。" for i in items for s in str(i["description"]).replace("\n", "").split("。") if s.strip()]
    glossary = _load(source / "glossary.yaml")
    return Pools(
        meta=meta,
        titles=[str(i["title"]) for i in items],
        headlines=[str(i["headline"]) for i in items],
        sentences=sentences,
        departments=[list(i["departments"]) for i in items],
        tags=[list(i.get("tags") or []) for i in items],
        schedules=[{int(y): list(p) for y, p in i["schedule"].items()} for i in items],
        glossaries=[list(i.get("glossary") or []) for i in items],
        terms=[{k: v for k, v in t.items() if k != "item"} for t in glossary["terms"]],
        cross_tags=frozenset(t["name"] for t in meta["tags"] if t.get("cross_reference")),
    )


def scalar(text: str) -> str:
    """A YAML scalar for one line of text: plain where that is safe, else double-quoted."""
    return json.dumps(text, ensure_ascii=False) if _PLAIN_UNSAFE.search(text) else text


def flow(words: list[str]) -> str:
    return "[" + ", ".join(scalar(w) for w in words) + "]"


def item_text(item_id: str, rng: random.Random, p: Pools) -> tuple[str, list[str], list[str]]:
    """One items/<id>.yaml in the embedded plan's layout; also its tags and glossary terms."""
    shape = rng.randrange(len(p.titles))
    title = p.titles[rng.randrange(len(p.titles))]
    headline = p.headlines[rng.randrange(len(p.headlines))]
    description = "".join(rng.sample(p.sentences, rng.randint(2, 3)))
    departments = p.departments[rng.randrange(len(p.departments))]
    tags = p.tags[shape]
    glossary = p.glossaries[rng.randrange(len(p.glossaries))]
    lines = [
        f"# {item_id} {title}",
        f"id: {item_id}",
        f"title: {scalar(title)}",
        f"headline: {scalar(headline)}",
        "description: |-",
        f"  {description}",
        "departments:",
        *(f"  - {scalar(d)}" for d in departments),
        f"tags: {flow(tags)}",
        "schedule:",
        *(f"  {year}: {flow(phases)}" for year, phases in p.schedules[shape].items()),
    ]
    if glossary:
        lines.append(f"glossary: {flow(glossary)}")
    return "\n".join(lines) + "\n", tags, glossary


def layout(n_items: int, rng: random.Random) -> list[tuple[int, int | None]]:
    """(pillar, goal or None) for each item: most under goals, a few directly under the last pillar."""
    goals_per_pillar = max(2, round(n_items**0.25))
    direct = max(2, n_items // 50)
    places: list[tuple[int, int | None]] = [(PILLARS_WITH_GOALS + 1, None)] * direct
    goals = [(p, g) for p in range(1, PILLARS_WITH_GOALS + 1) for g in range(1, goals_per_pillar + 1)]
    # Every goal gets at least one item; the rest fall unevenly, as in real plans.
    rest = n_items - direct - len(goals)
    weights = [rng.uniform(0.3, 1.7) for _ in goals]
    places += goals + rng.choices(goals, weights=weights, k=max(0, rest))
    return places[:n_items]


def generate(n_items: int, root: Path, seed: int | None = None) -> Path:
    """Write a valid plan of ``n_items`` items into ``root`` (replacing what is there)."""
    if n_items < PILLARS_WITH_GOALS * 2 + 2:
        raise ValueError(f"a synthetic plan needs at least {PILLARS_WITH_GOALS * 2 + 2} items")
    rng = random.Random(n_items if seed is None else seed)
    p = pools()
    if root.exists():
        shutil.rmtree(root)
    items_dir = root / "items"
    items_dir.mkdir(parents=True)
    counters: dict[tuple[int, int | None], int] = {}
    stated: dict[tuple[int, int | None], list[int]] = {}
    term_user: dict[str, str] = {}
    for place in layout(n_items, rng):
        counters[place] = counters.get(place, 0) + 1
        pillar, goal = place
        item_id = f"{pillar}-{goal}-{counters[place]}" if goal is not None else f"{pillar}-{counters[place]}"
        text, tags, glossary = item_text(item_id, rng, p)
        (items_dir / f"{item_id}.yaml").write_text(text, encoding="utf-8")
        counts = stated.setdefault(place, [0, 0])
        counts[0] += 1
        counts[1] += any(t in p.cross_tags for t in tags)
        for term in glossary:
            term_user.setdefault(term, item_id)
    (root / "plan.yaml").write_text(_plan_yaml(p, stated, n_items), encoding="utf-8")
    terms = [t | ({"item": term_user[t["term"]]} if t["term"] in term_user else {}) for t in p.terms]
    (root / "glossary.yaml").write_text(
        "# 用語解説 of the embedded plan, pointing at generated items\n" + _dump({"terms": terms}), encoding="utf-8"
    )
    (root / STAMP).write_text(f"{GENERATOR_VERSION} {n_items}\n", encoding="utf-8")
    return root


def _plan_yaml(p: Pools, stated: dict[tuple[int, int | None], list[int]], n_items: int) -> str:
    source_pillars = p.meta["pillars"]
    source_goals = [g for pillar in source_pillars for g in pillar.get("goals", [])]
    pillars = []
    for number in range(1, PILLARS_WITH_GOALS + 2):
        like = source_pillars[(number - 1) % len(source_pillars)]
        goals = []
        for (pillar, goal), (items, cross) in sorted(stated.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
            if pillar == number and goal is not None:
                like_goal = source_goals[(goal - 1) % len(source_goals)]
                goals.append(
                    {
                        "id": f"{number}-{goal}",
                        "label": f"目標{goal}",
                        "title": like_goal["title"],
                        "stated": {"items": items, "cross_referenced": cross},
                    }
                )
        own = [v for (pl, _g), v in stated.items() if pl == number]
        pillar_entry: dict[str, Any] = {
            "id": str(number),
            "label": f"第{number}",
            "title": like["title"],
            "lead": like.get("lead", ""),
            "stated": {"items": sum(v[0] for v in own), "cross_referenced": sum(v[1] for v in own)},
        }
        if goals:
            pillar_entry["goals"] = goals
        pillars.append(pillar_entry)
    meta = dict(p.meta)
    meta["name"] = f"{meta['name']}（ベンチマーク用 {n_items:,} 項目）"
    meta["stated"] = {"items": n_items, "cross_referenced": sum(v[1] for v in stated.values())}
    meta["pillars"] = pillars
    return f"# Synthetic plan of {n_items:,} items for bench/run.py; regenerated at will.\n" + _dump(meta)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)


def ensure(n_items: int, root: Path) -> tuple[Path, bool]:
    """The plan at ``root``, generated only if it is missing or stale; (root, generated now)."""
    stamp = root / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == f"{GENERATOR_VERSION} {n_items}\n":
        return root, False
    return generate(n_items, root), True


def changed_copy(root: Path, target: Path) -> Path:
    """A later version of a generated plan: 1% of items re-phased, 1% reworded, one renumbered, one replaced.

    Stated counts still hold (the renumbered and the new item stay in their goals), so the
    copy is valid too. Unchanged files are hard links: no copying of 10,000 files.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root, target, copy_function=os.link)
    items = sorted((target / "items").glob("*.yaml"), key=lambda p: [int(x) for x in p.stem.split("-")])
    rng = random.Random(len(items))

    def rewrite(path: Path, text: str) -> None:
        path.unlink()  # break the hard link first, so that the original stays as it was
        path.write_text(text, encoding="utf-8")

    for path in rng.sample(items, max(1, len(items) // 100)):
        text = path.read_text(encoding="utf-8")
        rewrite(path, re.sub(r"(?m)^  2021: .*$", "  2021: [検討]", text))
    for path in rng.sample(items, max(1, len(items) // 100)):
        text = path.read_text(encoding="utf-8")
        rewrite(path, text.replace("description: |-\n  ", "description: |-\n  （改訂）", 1))
    # Renumber within the largest goal (a small generated plan may have goals of one item),
    # among items no glossary term names, so that the copy still validates.
    named = {t.get("item") for t in yaml.safe_load((target / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
    by_goal: dict[str, list[Path]] = {}
    for path in items:
        parts = path.stem.split("-")
        if len(parts) == 3 and path.stem not in named:
            by_goal.setdefault("-".join(parts[:2]), []).append(path)
    goal, goal_items = max(by_goal.items(), key=lambda pair: len(pair[1]))
    last = max(int(p.stem.split("-")[2]) for p in goal_items)
    renumbered, replaced = goal_items[0], goal_items[1]
    text = renumbered.read_text(encoding="utf-8").replace(f"id: {renumbered.stem}", f"id: {goal}-{last + 1}", 1)
    renumbered.unlink()
    (target / "items" / f"{goal}-{last + 1}.yaml").write_text(text, encoding="utf-8")
    text = replaced.read_text(encoding="utf-8").replace(f"id: {replaced.stem}", f"id: {goal}-{last + 2}", 1)
    text = re.sub(r"(?m)^title: .*$", "title: 新しく加えた項目", text)
    text = re.sub(r"(?m)^(description: \|-\n  ).*$", r"\g<1>まったく新しい取組として追加する。", text)
    replaced.unlink()
    (target / "items" / f"{goal}-{last + 2}.yaml").write_text(text, encoding="utf-8")
    return target


def renumbered_copy(root: Path, target: Path) -> Path:
    """A later version of a generated plan in which every item has a new ID (numbers moved up by 10,000).

    Each item stays in its goal, so stated counts still hold; glossary terms follow their items.
    One item in ten is also reworded (title and description), so that `diff` pairs it by
    similarity, not by identical text.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("items", STAMP))
    (target / "items").mkdir()
    new_ids: dict[str, str] = {}
    for n, path in enumerate(sorted((root / "items").glob("*.yaml"))):
        parts = path.stem.split("-")
        new_id = "-".join([*parts[:-1], str(int(parts[-1]) + 10_000)])
        new_ids[path.stem] = new_id
        text = path.read_text(encoding="utf-8")
        text = text.replace(f"# {path.stem} ", f"# {new_id} ", 1).replace(f"\nid: {path.stem}\n", f"\nid: {new_id}\n")
        if n % 10 == 0:
            text = re.sub(r"(?m)^(title: .*)$", r"\g<1>の推進", text, count=1)
            text = text.replace("description: |-\n  ", "description: |-\n  （改訂）", 1)
        (target / "items" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    glossary = target / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(re.sub(r"(?m)^(  item: )(\S+)$", lambda m: m[1] + new_ids[m[2]], text), encoding="utf-8")
    return target


def history_repo(root: Path, commits: int = 500, source: Path = EMBEDDED) -> Path:
    """A git repository whose plan/ (a copy of ``source``) changed in ``commits`` commits; returns plan/.

    Each commit after the first changes one item's last-year phases, item after item, so
    every item changes in about one commit in len(items). Written with ``git fast-import``.
    """
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    files = {p.relative_to(source).as_posix(): p.read_bytes() for p in sorted(source.rglob("*.yaml"))}
    item_paths = sorted(k for k in files if k.startswith("items/"))
    stream = bytearray()

    def commit(number: int, message: str, changed: dict[str, bytes]) -> None:
        when = 1_700_000_000 + number * 3600
        body = message.encode()
        stream.extend(f"commit refs/heads/main\nauthor 情報 花子 <hanako@example.jp> {when} +0900\n".encode())
        stream.extend(f"committer 情報 花子 <hanako@example.jp> {when} +0900\ndata {len(body)}\n".encode())
        stream.extend(body + b"\n")
        for path, data in changed.items():
            stream.extend(f"M 100644 inline plan/{path}\ndata {len(data)}\n".encode() + data + b"\n")

    commit(0, "the plan", files)
    for number in range(1, commits):
        path = item_paths[(number - 1) % len(item_paths)]
        text = files[path].decode("utf-8")
        phases = "[検討]" if (number // len(item_paths)) % 2 == 0 else "[実施]"
        files[path] = re.sub(r"(?m)^  2021: .*$", f"  2021: {phases}", text).encode()
        commit(number, f"{path}: last year {phases}", {path: files[path]})
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=bytes(stream), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)
    return root / "plan"


def large_blob_repo(root: Path, blobs: int = 5, size: int = 300 * 1024 * 1024, source: Path = EMBEDDED) -> Path:
    """A small repository holding huge versions: items/1-1-1.yaml grows by a comment of ``size``
    bytes in each of ``blobs`` commits (compressed, a few megabytes in all), then shrinks back.

    Built once (a stamp file says with what) and streamed into ``git fast-import`` a megabyte at
    a time, so the generator never holds a huge version itself. Returns plan/.
    """
    stamp = root / STAMP
    shape = f"{GENERATOR_VERSION} {blobs} {size} distinct\n"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == shape:
        return root / "plan"
    if root.exists():
        shutil.rmtree(root)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    files = {p.relative_to(source).as_posix(): p.read_bytes() for p in sorted(source.rglob("*.yaml"))}
    item = files["items/1-1-1.yaml"]
    with subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE, env=env) as proc:
        assert proc.stdin is not None
        write = proc.stdin.write

        def commit(number: int, message: str, changed: dict[str, bytes], padding: int = 0) -> None:
            when = 1_700_000_000 + number * 3600
            write(f"commit refs/heads/main\ncommitter 情報 花子 <hanako@example.jp> {when} +0900\n".encode())
            write(f"data {len(message.encode())}\n{message}\n".encode())
            for path, data in changed.items():
                write(f"M 100644 inline plan/{path}\ndata {len(data) + padding}\n".encode() + data)
                chunk = b"#" * (1024 * 1024)
                for start in range(0, padding, len(chunk)):
                    write(chunk[: min(len(chunk), padding - start)])
                write(b"\n")

        commit(0, "the plan", files)
        for number in range(1, blobs + 1):
            version = item + f"# version {number}\n".encode()
            commit(number, f"1-1-1: a comment of {size:,} bytes ({number})", {"items/1-1-1.yaml": version}, size)
        commit(blobs + 1, "1-1-1: the comment removed", {"items/1-1-1.yaml": item})
        proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)
    stamp.write_text(shape, encoding="utf-8")
    return root / "plan"


def revisions_repo(root: Path, old: Path, new: Path) -> Path:
    """A git repository whose plan/ is ``old`` in commit ``old`` and ``new`` in the next commit (HEAD)."""
    if root.exists():
        shutil.rmtree(root)
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.jp",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.jp",
    }
    plan = root / "plan"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    for version in (old, new):
        if plan.exists():
            shutil.rmtree(plan)
        shutil.copytree(version, plan, ignore=shutil.ignore_patterns(STAMP))
        subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", version.name], cwd=root, check=True, env=env)
        if version == old:
            subprocess.run(["git", "tag", "old"], cwd=root, check=True, env=env)
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("items", type=int, help="number of items")
    parser.add_argument("directory", type=Path, help="plan directory to write (replaced)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    generate(args.items, args.directory, args.seed)
    print(f"wrote {args.items:,} items to {args.directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
