"""Write the pages browser tests open, with the real CLI in Japanese, each run in a process of its own.

Commands translate their help text when their module is first imported (lazy command loading), so
running one in the test process under Japanese would leave every later test's help in Japanese."""

from __future__ import annotations

import os
import subprocess
import sys

PROGRAM = "import sys; from actionplan.cli import main; sys.exit(main())"


def japanese(args: list[str]) -> None:
    """``actionplan ARGS`` in Japanese (ACTIONPLAN_LANG=ja); fails the test unless it exits 0."""
    env = {**os.environ, "ACTIONPLAN_LANG": "ja"}
    done = subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
