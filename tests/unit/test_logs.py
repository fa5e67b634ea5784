"""The log file is private and masks credential-shaped text that slips into a record."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from modelhub.logs import RedactingFilter, configure_logging
from modelhub.paths import AppPaths

if TYPE_CHECKING:
    from pathlib import Path


def test_redacting_filter_masks_key_shapes() -> None:
    record = logging.LogRecord(
        "modelhub.x",
        logging.INFO,
        __file__,
        1,
        "headers %s key %s jina %s env %s",
        (
            "Bearer sk-or-v1-abcdef123456",
            "sk-proj-Q7vX2mN9pL4kR8",
            "jina_8f2c4a6e1b3d",
            "ENCRYPTION_KEY=" + "ab" * 32,
        ),
        None,
    )
    assert RedactingFilter().filter(record)
    text = record.getMessage()
    assert "abcdef123456" not in text
    assert "2mN9pL4kR8" not in text
    assert "8f2c4a6e1b3d" not in text
    assert "ab" * 32 not in text
    assert "sk-proj-Q***" in text


def test_log_file_is_private_and_written(tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path, log_dir=tmp_path / "logs")
    handler = configure_logging(paths)
    assert handler is not None
    try:
        logging.getLogger("modelhub.test").info("validated with Bearer sk-secret-0123456789")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    content = paths.log_file.read_text()
    assert "validated with Bearer ***" in content
    assert "0123456789" not in content
    assert paths.log_file.stat().st_mode & 0o777 == 0o600


def test_key_shapes_from_provider_descriptions_are_masked() -> None:
    # Groq, xAI and Anthropic keys match none of the generic shapes; their descriptions'
    # key_patterns do.
    groq = "gsk_" + "Ab3" * 10
    xai = "xai-" + "Zq9" * 10
    anthropic = "sk-ant-api03-" + "Kx7" * 10
    record = logging.LogRecord(
        "modelhub.test", logging.INFO, __file__, 1, "keys %s %s %s", (groq, xai, anthropic), None
    )
    assert RedactingFilter().filter(record)
    text = record.getMessage()
    for key in (groq, xai, anthropic):
        assert key[6:] not in text
