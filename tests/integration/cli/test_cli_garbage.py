"""No input ever shows a Python traceback (issue 14, item 1).

The seven reproductions first, as real processes; then property-based tests (hypothesis:
random bytes, random text, random JSON) over the CLI's entry points in-process, failing on
any exception that escapes, any exit status but 0/1/2, and any traceback or logging error
written to stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelhub.__main__ import main as cli_main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ENC = "5b" * 32


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data folder for the module, with the environment pointed at it."""
    path = tmp_path_factory.mktemp("garbage-home")
    names = ("MODELHUB_HOME", "ENCRYPTION_KEY", "DATABASE_URL", "NO_PROXY", "no_proxy")
    names += ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "PYTHON_KEYRING_BACKEND")
    saved = {k: os.environ.get(k) for k in names}
    os.environ.update(MODELHUB_HOME=str(path), ENCRYPTION_KEY=ENC)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    # Every request goes to a closed local port: a random base URL is refused at once
    # instead of waiting for an unroutable address to time out.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        os.environ[name] = "http://127.0.0.1:9"
    for name in ("DATABASE_URL", "NO_PROXY", "no_proxy"):
        os.environ.pop(name, None)
    try:
        yield path
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _process(home: Path, args: list[str | bytes], stdin: bytes = b"") -> tuple[int, str]:
    env = {**os.environ, "MODELHUB_HOME": str(home), "ENCRYPTION_KEY": ENC}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    proc = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"modelhub",
            *(a if isinstance(a, bytes) else a.encode() for a in args),
        ],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


SAVE = ["providers", "save", "openai", "--config", "-"]


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        (b'{"api_key":"sk-\xff"}', "not valid UTF-8"),
        (b"[" * 2000, "nested too deeply"),
        (b'{"api_key":"sk-a","base_url":"https://[::1"}', "host cannot be read"),
        (b'{"api_key":"sk-a","base_url":"http://[garbage]/v1"}', "host cannot be read"),
        (b'{"api_key":"sk-a","base_url":"https://x.example.com/a\\r\\nb"}', "control char"),
        (b'{"api_key":"sk-a","base_url":"https://x.example.com/a\\tb"}', "control char"),
        (b'{"api_key":"sk-a","base_url":"https://x.example.com/\\u0000"}', "control char"),
        (b'{"api_key":"sk-a","base_url":"https://x.example.com/\\u0006"}', "control char"),
        (b'{"\\ud800":"x"}', "not valid Unicode"),
    ],
)
def test_the_reproductions_get_one_clear_message(home: Path, stdin: bytes, words: str) -> None:
    status, err = _process(home, SAVE, stdin)
    assert status == 1, err
    assert "Traceback" not in err
    assert "Logging error" not in err
    assert words in err


def test_invalid_utf8_in_argv_is_a_usage_error(home: Path) -> None:
    status, err = _process(home, ["--workspace", b"\xff", "providers", "list"])
    assert status == 2
    assert "not valid UTF-8" in err
    assert "Traceback" not in err


def test_a_binary_env_file_is_one_clear_message(home: Path) -> None:
    status, err = _process(home, ["--env-file", sys.executable, "providers", "list"])
    assert status == 1
    assert "is not a readable text file" in err
    assert "Traceback" not in err


# -- properties ------------------------------------------------------------------------------


class _Stdin(io.TextIOWrapper):
    """A text stdin over bytes, as a process has it (``.buffer`` holds the raw bytes)."""


def _run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    """Run the CLI's entry point in-process; an exception escaping it fails the test."""
    err = io.StringIO()
    out = io.StringIO()
    stream = _Stdin(io.BytesIO(stdin), encoding="utf-8", errors="surrogateescape")
    saved = sys.stdin
    sys.stdin = stream
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                status = cli_main(argv)
            except SystemExit as exc:  # argparse: --help or a usage error
                status = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    finally:
        sys.stdin = saved
    text = err.getvalue()
    assert status in (0, 1, 2), (argv, status, text)
    assert "Traceback" not in text, text
    assert "Logging error" not in text, text
    return status, text


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: Any code point, lone surrogates included (JSON can carry them as \\udXXX escapes).
_chars = st.characters(exclude_categories=())
_text = st.text(alphabet=_chars, max_size=40)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)
_urlish = st.one_of(
    _text,
    st.builds(
        "{}://{}{}".format,
        st.sampled_from(["http", "https", "ftp", ""]),
        st.text(alphabet=_chars, max_size=20),
        st.sampled_from(["", "/v1", ":99999", "]/x", "[::1", "/\r\n", "/\u0000"]),
    ),
)
_configs = st.fixed_dictionaries({"base_url": _urlish}, optional={"api_key": _text})


@PROPERTY
@given(data=st.binary(max_size=300))
def test_random_bytes_on_stdin(home: Path, data: bytes) -> None:
    _run(["providers", "validate", "ollama", "--config", "-"], data)


@PROPERTY
@given(value=_json)
def test_random_json_on_stdin(home: Path, value: Any) -> None:
    _run(["providers", "validate", "ollama", "--config", "-"], json.dumps(value).encode())


@settings(PROPERTY, max_examples=120)
@given(config=_configs)
def test_random_config_fields(home: Path, config: dict[str, Any]) -> None:
    # Base URLs of random text, keys of random text: every one a clear refusal or a
    # classified network failure (every request goes to a closed local port).
    for provider in ("ollama", "openai", "custom:fuzz"):
        _run(["providers", "validate", provider, "--config", "-"], json.dumps(config).encode())


@PROPERTY
@given(name=_text, kind=_text)
def test_random_text_in_argv(home: Path, name: str, kind: str) -> None:
    _run(["--workspace", name, "providers", "list"])
    _run(["models", "list", "--type", kind])
    _run(["defaults", "set", kind, name, name])
    _run(["workspaces", "create", name])


@PROPERTY
@given(data=st.binary(max_size=200))
def test_random_env_file(home: Path, data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("env") / "x.env"
    path.write_bytes(data)
    _run(["--env-file", str(path), "workspaces", "list"])
