"""README examples run for real: each ```text block after a test's marker comment holds
``$ actionplan …`` lines, and what is under each is what the command prints. UPDATE_GOLDEN=1
rewrites the blocks."""

from __future__ import annotations

import os
import re
import shlex
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
        return marker + "\n".join(out) + "```"

    expected = block.sub(replay, text)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        document.write_text(expected, encoding="utf-8")
    else:
        differ = f"{document.name} examples of {test_file} differ from the real output (UPDATE_GOLDEN=1)"
        assert text == expected, differ
    return len(block.findall(text))
