"""README examples run for real: each ```text block after a test's marker comment holds
``$ actionplan …`` lines, and what is under each is what the command prints (a Japanese-locale
run). UPDATE_GOLDEN=1 rewrites the blocks. Run in English, the same commands must print no
Japanese but the plan's own text (tests/cli/test_english.py's check)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[1] / "README.md"


def check_readme_blocks(
    test_file: str,
    run: Callable[..., Any],
    *,
    exits: Sequence[int] = (0, 1),
    before: Callable[[list[str]], None] | None = None,
    document: Path = README,
    fence: str = "text",
) -> int:
    """Replay the blocks of ``document`` marked for ``test_file`` (tests/cli/<name>.py); returns how many.

    ``before`` sees each command's arguments before it runs (to fill in sheets, say).
    """
    from actionplan import i18n

    english: list[tuple[list[str], str]] | None = [] if i18n.language() != "ja" else None
    marker = f"<!-- output checked by tests/cli/{test_file} -->\n```{fence}\n"
    block = re.compile(re.escape(marker) + r"(.*?)```", re.DOTALL)
    text = document.read_text(encoding="utf-8")

    def replay(match: re.Match[str]) -> str:
        out = []
        for line in match.group(1).splitlines():
            if not line.startswith("$ actionplan "):
                continue
            args = shlex.split(line.removeprefix("$ actionplan "), comments=True)
            if before is not None:
                before(args)
            result = run(*args)
            assert result.exit_code in exits, f"{line}\n{result.output}"
            out.append(line + "\n" + result.output.rstrip("\n") + "\n")
            if english is not None:
                english.append((args, result.output))
        return marker + "\n".join(out) + "```"

    expected = block.sub(replay, text)
    if english is not None:
        check_english(english)
        return len(block.findall(text))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        document.write_text(expected, encoding="utf-8")
    else:
        differ = f"{document.name} examples of {test_file} differ from the real output (UPDATE_GOLDEN=1)"
        assert text == expected, differ
    return len(block.findall(text))


def check_english(outputs: list[tuple[list[str], str]]) -> None:
    """No Japanese in these outputs but the text of the plans they name (and what the user typed)."""
    from actionplan.loader import embedded_plan_dir
    from cli.test_english import catalog_words, japanese_left, plan_texts

    plans = {Path(a) for args, _output in outputs for a in args if (Path(a) / "plan.yaml").is_file()}
    texts, words = plan_texts([embedded_plan_dir(), *plans]), catalog_words()
    if Path(".git").exists():  # commit authors and messages are the repository's words
        log = subprocess.run(["git", "log", "--format=%an%n%s"], capture_output=True, text=True, check=True)
        texts += [*log.stdout.splitlines(), *(w.strip(":") for w in log.stdout.split())]
    left = []
    for args, output in outputs:
        typed = sorted(args, key=len, reverse=True)
        found = japanese_left(output, [*typed, *texts], words)
        left += [f"{' '.join(args)}: {' '.join(dict.fromkeys(found))}"] if found else []
    assert left == [], "\n".join(left)
