"""Runs ``python -m modelhub`` as a person or a script would, with an isolated home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

#: The ENCRYPTION_KEY every CLI test process gets.
ENC = "3c" * 32


class Cli:
    """Runs ``python -m modelhub`` with an isolated home and database."""

    def __init__(self, home: Path, db: str | None, env: dict[str, str] | None = None) -> None:
        self.home = home
        self.db = db
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "DATABASE_URL"}
        }
        self.env.update(
            MODELHUB_HOME=str(home),
            ENCRYPTION_KEY=ENC,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        self.env.update(env or {})
        self.outputs: list[str] = []

    def __call__(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        pre = ["--db", self.db] if self.db else []
        proc = subprocess.run(
            [sys.executable, "-m", "modelhub", *pre, *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
            check=False,
        )
        self.outputs += [proc.stdout, proc.stderr]
        return proc

    def json(self, *args: str, stdin: str | None = None) -> Any:
        proc = self("--json", *args, stdin=stdin)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)
