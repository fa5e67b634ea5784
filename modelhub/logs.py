"""The application log: a small rotating file in the user's log folder, private to them.

Secrets are kept out of log records at the source (services and adapters never log keys).
As a second line of defence a filter masks anything shaped like a credential before a record
is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from typing import TYPE_CHECKING

from modelhub.paths import private_dir

if TYPE_CHECKING:
    from modelhub.paths import AppPaths

_SECRET_SHAPES = re.compile(
    r"(?i)(bearer\s+)\S+"  # Authorization header values
    r"|\b(sk-[A-Za-z0-9_\-]{6})[A-Za-z0-9_\-]+"  # OpenAI / OpenRouter / SiliconFlow keys
    r"|\b(jina_)[A-Za-z0-9]+"  # Jina keys
    r"|\b(ENCRYPTION_KEY\s*=\s*)\S+"
)
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def _mask(match: re.Match[str]) -> str:
    prefix = next((g for g in match.groups() if g), "")
    return f"{prefix}***"


def _registry_key_shapes() -> re.Pattern[str] | None:
    """Every built-in provider's key shapes (``key_patterns`` in its description)."""
    from modelhub.providers.registry import builtin_infos

    patterns = {p for info in builtin_infos() for p in info.key_patterns}
    return re.compile("|".join(f"(?:{p})" for p in sorted(patterns))) if patterns else None


class RedactingFilter(logging.Filter):
    """Masks credential-shaped text in a record's final message.

    Besides the generic shapes (Bearer values, ``sk-…``, ``jina_…``), every key shape the
    provider descriptions declare is masked; they are read with the first record.
    """

    def __init__(self) -> None:
        super().__init__()
        self._provider_shapes: re.Pattern[str] | None = None
        self._loaded = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._loaded:
            self._loaded = True
            try:
                self._provider_shapes = _registry_key_shapes()
            except Exception:  # a broken description must not stop logging
                self._provider_shapes = None
        message = record.getMessage()
        masked = _SECRET_SHAPES.sub(_mask, message)
        if self._provider_shapes is not None:
            masked = self._provider_shapes.sub("***", masked)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_HANDLER_NAME = "modelhub.logfile"


def configure_logging(paths: AppPaths, level: int = logging.INFO) -> logging.Handler | None:
    """Send ModelHub's log records to ``<log folder>/modelhub.log`` (mode 0600, rotated).

    Returns the handler, or None when the log folder cannot be written (the app runs on).
    """
    try:
        private_dir(paths.log_dir)
        fd = os.open(paths.log_file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(paths.log_file, 0o600)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file,
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
            errors="backslashreplace",  # a lone surrogate in a message never breaks logging
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        # Configured again (a second entry in one process): one log handler, not two.
        root.removeHandler(old)
        old.close()
    # Libraries log their warnings (the root's level); ModelHub also its own progress.
    root.addHandler(handler)
    logging.getLogger("modelhub").setLevel(level)
    return handler
