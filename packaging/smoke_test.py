"""Smoke test of a frozen ModelHub: does the built app work without the project's Python?

Usage::

    python packaging/smoke_test.py packaging/dist/modelhub/modelhub [--deb modelhub_X_amd64.deb]

Standard library only, so it can run with any Python 3.11+ against any build. Checks, each on a
fresh temporary data folder (``MODELHUB_HOME``) and never the real OS keyring:

1. ``version``: ``--version`` prints ``modelhub <version of pyproject.toml>``.
2. ``cli``: with ``ENCRYPTION_KEY`` set, create a workspace, save an OpenAI config (key on
   stdin via ``--config -``) whose base URL points at a local HTTP double of ``GET /v1/models``,
   and ``--json providers list`` shows it configured and valid; the key never appears in any
   output, and the database holds only ciphertext.
3. ``gui``: ``--smoke-test`` opens the main window offscreen, runs the loop and exits 0.
4. ``upgrade``: without ``ENCRYPTION_KEY`` the app generates a key into the data folder and
   migrates a new database to the newest Alembic revision bundled with it (so it found its
   migrations); a second copy of the build in another folder (a newer install) started on the
   same data folder still reads the workspace, decrypts the stored key and keeps the schema.
5. ``install-dir``: nothing was written inside the build folder by any of the runs.
6. ``postgresql`` (with ``--pg-url``): a workspace round trip on PostgreSQL through the bundled
   psycopg binary driver.
7. ``deb`` (with ``--deb``): ``dpkg-deb --info``/``--contents`` show the files and metadata
   (``/opt/modelhub``, ``/usr/bin/modelhub``, desktop entry, icons, ``Depends`` on the xcb
   libraries Qt needs, nothing outside), and the extracted payload runs ``--version``.

Exits 1 with a message per failed check.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
FAKE_KEY = "sk-smoketest-" + "a1B2c3D4e5F6g7H8i9J0" * 2
MODELS = [
    {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
    {
        "id": "text-embedding-3-small",
        "object": "model",
        "created": 1705948997,
        "owned_by": "system",
    },
    {"id": "tts-1", "object": "model", "created": 1681940951, "owned_by": "openai-internal"},
]
#: Packages the .deb must depend on: without them Qt's xcb plugin refuses to start.
DEB_REQUIRED_DEPENDS = (
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)


class SmokeFailure(Exception):
    """A check failed; the message says what was expected and what happened."""


class ModelsDouble(http.server.BaseHTTPRequestHandler):
    """``GET /v1/models`` as OpenAI answers it, for the one key the test uses."""

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/v1/models":
            self._reply(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
        elif self.headers.get("Authorization") != f"Bearer {FAKE_KEY}":
            self._reply(
                401,
                {"error": {"message": "Incorrect API key provided.", "code": "invalid_api_key"}},
            )
        else:
            self._reply(200, {"object": "list", "data": MODELS})

    def _reply(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def models_double() -> Iterator[str]:
    """A local OpenAI double; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ModelsDouble)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


class Frozen:
    """Runs a frozen executable with an isolated environment."""

    def __init__(self, executable: Path) -> None:
        self.executable = executable
        self.outputs: list[str] = []

    def env(self, home: Path, key: str | None, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "DATABASE_URL"}
            and not k.startswith(("PYTHON", "QT_"))
        }
        env.update(
            MODELHUB_HOME=str(home),
            # Never the real OS keyring: a generated key must land in the data folder.
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
            QT_QPA_PLATFORM="offscreen",
        )
        if key is not None:
            env["ENCRYPTION_KEY"] = key
        env.update(extra)
        return env

    def run(
        self,
        args: list[str],
        home: Path,
        key: str | None,
        stdin: str | None = None,
        executable: Path | None = None,
        expect_ok: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        exe = executable or self.executable
        try:
            result = subprocess.run(
                [str(exe), *args],
                input=stdin,
                capture_output=True,
                text=True,
                env=self.env(home, key),
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(
                f"`modelhub {' '.join(args)}` did not finish in {TIMEOUT} s"
            ) from exc
        self.outputs += [result.stdout, result.stderr]
        if expect_ok and result.returncode != 0:
            raise SmokeFailure(
                f"`modelhub {' '.join(args)}` exited {result.returncode}\n"
                f"stdout: {result.stdout.strip()}\nstderr: {result.stderr.strip()}"
            )
        return result

    def json(self, args: list[str], home: Path, key: str | None, **kw: object) -> object:
        result = self.run(["--json", *args], home, key, **kw)  # type: ignore[arg-type]
        try:
            return json.loads(result.stdout)
        except json.JSONDecodeError as exc:
            raise SmokeFailure(
                f"`modelhub --json {' '.join(args)}` did not print JSON: {result.stdout[:500]!r}"
            ) from exc


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def project_version() -> str | None:
    pyproject = ROOT / "pyproject.toml"
    if not pyproject.exists():
        return None
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def install_root(executable: Path) -> Path:
    """What an installer puts in place: the one-folder build, or the whole ``.app`` on macOS."""
    folder = executable.resolve().parent
    if folder.name == "MacOS" and folder.parent.name == "Contents":
        return folder.parent.parent
    return folder


def bundle_dir(executable: Path) -> Path:
    """The folder holding the bundled files (``_internal`` in PyInstaller 6)."""
    folder = executable.resolve().parent
    if folder.name == "MacOS" and (folder.parent / "Frameworks").is_dir():  # inside a .app
        return folder.parent / "Frameworks"
    internal = folder / "_internal"
    return internal if internal.is_dir() else folder


def head_revision(executable: Path) -> str:
    """The newest Alembic revision among the migration scripts bundled with the build."""
    versions = bundle_dir(executable) / "modelhub" / "storage" / "migrations" / "versions"
    expect(versions.is_dir(), f"no migrations bundled: {versions} is missing")
    revisions: dict[str, str | None] = {}
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        rev = re.search(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        down = re.search(r"^down_revision[^=]*=\s*(None|['\"]([^'\"]+)['\"])", text, re.M)
        if rev:
            revisions[rev.group(1)] = down.group(2) if down else None
    expect(bool(revisions), f"no Alembic revisions found in {versions}")
    parents = {down for down in revisions.values() if down}
    heads = [rev for rev in revisions if rev not in parents]
    expect(len(heads) == 1, f"bundled migrations have {len(heads)} heads: {heads}")
    return heads[0]


def db_revision(home: Path) -> str:
    database = home / "modelhub.db"
    expect(database.exists(), f"the app created no database at {database}")
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    expect(len(rows) == 1, f"alembic_version has {len(rows)} rows")
    return str(rows[0][0])


def provider_row(listing: object, name: str) -> dict[str, object]:
    expect(isinstance(listing, list), f"providers list is not a JSON list: {listing!r}")
    for row in listing:  # type: ignore[union-attr]
        if isinstance(row, dict) and row.get("provider") == name:
            return row
    raise SmokeFailure(f"{name} missing from providers list: {listing!r}")


def workspace_names(listing: object) -> list[str]:
    expect(isinstance(listing, list), f"workspaces list is not a JSON list: {listing!r}")
    return [str(row.get("name")) for row in listing if isinstance(row, dict)]  # type: ignore[union-attr]


# -- checks ---------------------------------------------------------------------------------


def check_version(app: Frozen, tmp: Path, args: argparse.Namespace) -> str:
    out = app.run(["--version"], tmp / "version-home", None).stdout.strip()
    wanted = args.expect_version
    expect(re.fullmatch(r"modelhub \S+", out) is not None, f"--version printed {out!r}")
    expect("unknown" not in out, f"--version has no package metadata: {out!r}")
    if wanted:
        expect(out == f"modelhub {wanted}", f"--version printed {out!r}, expected {wanted!r}")
    return out


def save_openai(app: Frozen, home: Path, key: str | None, base_url: str, workspace: str) -> None:
    config = json.dumps({"api_key": FAKE_KEY, "base_url": base_url})
    app.run(
        ["--workspace", workspace, "providers", "save", "openai", "--config", "-"],
        home,
        key,
        stdin=config,
    )


def check_openai_listed(app: Frozen, home: Path, key: str | None, workspace: str) -> None:
    listing = app.json(["--workspace", workspace, "providers", "list"], home, key)
    row = provider_row(listing, "openai")
    expect(row.get("configured") is True, f"openai is not configured: {row}")
    expect(row.get("isValid") is True, f"openai is not valid: {row}")
    expect(FAKE_KEY not in json.dumps(listing), "providers list shows the API key")


def check_cli(app: Frozen, tmp: Path, args: argparse.Namespace) -> str:
    home = tmp / "cli-home"
    key = os.urandom(32).hex()
    with models_double() as base_url:
        created = app.json(["workspaces", "create", "Acme"], home, key)
        expect(
            isinstance(created, dict) and created.get("name") == "Acme",
            f"workspaces create printed {created!r}",
        )
        save_openai(app, home, key, base_url, "Acme")
        check_openai_listed(app, home, key, "Acme")
    other = provider_row(app.json(["providers", "list"], home, key), "openai")
    expect(other.get("configured") is False, "the Default workspace sees Acme's provider")
    leaked = [text for text in app.outputs if FAKE_KEY in text or key in text]
    if leaked:
        raise SmokeFailure(f"a key appeared in the app's output: {leaked[0][:200]!r}")
    raw = (home / "modelhub.db").read_bytes()
    expect(FAKE_KEY.encode() not in raw, "the database holds the API key in clear text")
    return "workspace + openai against a local double; key never shown or stored in clear"


def check_gui(app: Frozen, tmp: Path, args: argparse.Namespace) -> str:
    home = tmp / "gui-home"
    started = time.monotonic()
    result = app.run(["--smoke-test"], home, os.urandom(32).hex())
    elapsed = time.monotonic() - started
    noise = [
        line
        for line in result.stderr.splitlines()
        if re.search(r"(?i)traceback|error|cannot load|could not load", line)
    ]
    if noise:
        shown = "\n".join(line[:300] for line in noise[:8])
        raise SmokeFailure(f"the window printed {len(noise)} error line(s):\n{shown}")
    return f"--smoke-test exited 0 in {elapsed:.1f} s"


def check_upgrade(app: Frozen, tmp: Path, args: argparse.Namespace) -> str:
    home = tmp / "upgrade-home"
    head = head_revision(app.executable)
    with models_double() as base_url:
        # The "old" build: generates a key (no keyring here) and creates the database.
        app.run(["workspaces", "create", "Kept"], home, None)
        save_openai(app, home, None, base_url, "Kept")
        expect((home / ".env").exists(), "the generated key was not stored in the data folder")
        expect(db_revision(home) == head, f"database not migrated to {head}")

        # The "new" build: a second install elsewhere, same user data folder.
        root = install_root(app.executable)
        newer = tmp / "newer-install" / root.name
        shutil.copytree(root, newer, symlinks=True)
        newer_exe = newer / app.executable.resolve().relative_to(root)
        listing = app.json(["workspaces", "list"], home, None, executable=newer_exe)
        expect("Kept" in workspace_names(listing), f"workspace lost after upgrade: {listing}")
        row = provider_row(
            app.json(
                ["--workspace", "Kept", "providers", "list"], home, None, executable=newer_exe
            ),
            "openai",
        )
        expect(row.get("configured") is True, f"provider lost after upgrade: {row}")
        expect(row.get("isValid") is True, f"stored key no longer valid after upgrade: {row}")
        app.run(
            ["--workspace", "Kept", "providers", "test", "openai"],
            home,
            None,
            executable=newer_exe,
        )
    expect(db_revision(home) == head, "the newer build changed the schema revision unexpectedly")
    stray = sorted(p.name for p in newer.rglob("*.db")) + sorted(
        p.name for p in newer.rglob(".env")
    )
    expect(not stray, f"user data written into the install folder: {stray}")
    return f"schema at {head}; data and generated key survive a second install"


def check_postgresql(app: Frozen, tmp: Path, args: argparse.Namespace) -> str:
    """The bundled psycopg (binary libpq) and PostgreSQL dialect work: a round trip on --pg-url."""
    home = tmp / "pg-home"
    key = os.urandom(32).hex()
    url = args.pg_url
    app.json(["--db", url, "workspaces", "create", "PgTeam"], home, key)
    names = workspace_names(app.json(["--db", url, "workspaces", "list"], home, key))
    expect("PgTeam" in names, f"workspace not stored in PostgreSQL: {names}")
    expect(not (home / "modelhub.db").exists(), "--db was ignored: a SQLite file was created")
    return "workspace created and listed on PostgreSQL"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def check_deb(app: Frozen, tmp: Path, args: argparse.Namespace) -> str:
    deb: Path = args.deb
    expect(deb.exists(), f"{deb} does not exist")
    expect(shutil.which("dpkg-deb") is not None, "dpkg-deb is not installed")
    info = subprocess.run(
        ["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(re.findall(r"^([\w-]+):\s*(.*)$", info, re.M))
    expect(fields.get("Package") == "modelhub", f"Package is {fields.get('Package')!r}")
    if args.expect_version:
        expect(
            fields.get("Version") == args.expect_version,
            f"Version is {fields.get('Version')!r}, expected {args.expect_version!r}",
        )
        expect(
            deb.name.startswith(f"modelhub_{args.expect_version}_"),
            f"file name {deb.name} lacks the version",
        )
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if arch:
        expect(fields.get("Architecture") == arch, f"Architecture is {fields.get('Architecture')}")
    for name in ("Maintainer", "Description", "Installed-Size"):
        expect(bool(fields.get(name)), f"control has no {name}")
    depends = {d.strip().split(" ")[0] for d in fields.get("Depends", "").split(",")}
    missing = [pkg for pkg in DEB_REQUIRED_DEPENDS if pkg not in depends]
    expect(not missing, f"Depends lacks {missing}: {fields.get('Depends')}")
    subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, check=True)

    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    entries: dict[str, str] = {}
    for line in listing.splitlines():
        parts = line.split(None, 5)
        path = parts[5]
        target = ""
        if " -> " in path:
            path, target = path.split(" -> ", 1)
        entries[path.removeprefix(".").rstrip("/") or "/"] = target
    required = [
        "/opt/modelhub/modelhub",
        "/opt/modelhub/_internal/modelhub/storage/migrations/env.py",
        "/opt/modelhub/_internal/resources/icons/app/modelhub.svg",
        "/usr/share/applications/modelhub.desktop",
        "/usr/share/icons/hicolor/scalable/apps/modelhub.svg",
        "/usr/share/icons/hicolor/48x48/apps/modelhub.png",
        "/usr/share/icons/hicolor/256x256/apps/modelhub.png",
        "/usr/share/doc/modelhub/copyright",
    ]
    absent = [path for path in required if path not in entries]
    expect(not absent, f".deb lacks {absent}")
    expect(
        entries.get("/usr/bin/modelhub") == "/opt/modelhub/modelhub",
        "/usr/bin/modelhub should link to /opt/modelhub/modelhub, not "
        f"{entries.get('/usr/bin/modelhub')!r}",
    )
    allowed = (
        "/opt/modelhub",
        "/usr/bin/modelhub",
        "/usr/share/applications/modelhub.desktop",
        "/usr/share/icons/hicolor/",
        "/usr/share/doc/modelhub",
    )
    parents = {"/", "/opt", "/usr", "/usr/bin", "/usr/share", "/usr/share/applications"}
    parents |= {"/usr/share/icons", "/usr/share/icons/hicolor", "/usr/share/doc"}
    outside = [p for p in entries if p not in parents and not p.startswith(allowed)]
    expect(not outside, f".deb installs files outside its own places: {outside[:5]}")
    icons = [p for p in entries if p.startswith("/usr/share/icons/hicolor/") and "." in p]
    expect(
        all(p.endswith(("/apps/modelhub.png", "/apps/modelhub.svg")) for p in icons),
        f"unexpected icon files: {icons}",
    )

    # The payload itself runs, from wherever it is unpacked.
    root = tmp / "deb-root"
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(root)], check=True)
    desktop = (root / "usr/share/applications/modelhub.desktop").read_text(encoding="utf-8")
    expect(
        re.search(r"^Exec=(/usr/bin/)?modelhub\b", desktop, re.M) is not None,
        "the desktop entry does not start modelhub",
    )
    expect(re.search(r"^Icon=modelhub$", desktop, re.M) is not None, "desktop Icon is not modelhub")
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(root / "usr/share/applications/modelhub.desktop")],
            check=True,
        )
    out = app.run(
        ["--version"], tmp / "deb-home", None, executable=root / "opt/modelhub/modelhub"
    ).stdout.strip()
    expect(
        out.startswith("modelhub "), f"unpacked /opt/modelhub/modelhub --version printed {out!r}"
    )
    return f"{deb.name}: {len(entries)} entries, Depends {len(depends)} packages"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of a frozen ModelHub build.")
    parser.add_argument("executable", type=Path, help="the frozen modelhub executable")
    parser.add_argument("--deb", type=Path, help="also inspect this .deb")
    parser.add_argument(
        "--expect-version",
        default=project_version(),
        help="the version --version must print (default: pyproject.toml's)",
    )
    parser.add_argument("--skip-gui", action="store_true", help="skip the offscreen window")
    parser.add_argument(
        "--pg-url",
        help="also run a round trip on this PostgreSQL URL (use a throwaway ?schema=)",
    )
    args = parser.parse_args(argv)

    executable: Path = args.executable
    if not executable.exists():
        print(f"smoke_test: {executable} does not exist (build first)", file=sys.stderr)
        return 1
    app = Frozen(executable.absolute())
    checks: list[tuple[str, Callable[[Frozen, Path, argparse.Namespace], str]]] = [
        ("version", check_version),
        ("cli", check_cli),
    ]
    if not args.skip_gui:
        checks.append(("gui", check_gui))
    checks.append(("upgrade", check_upgrade))
    if args.pg_url:
        checks.append(("postgresql", check_postgresql))
    if args.deb:
        checks.append(("deb", check_deb))

    install_dir = install_root(executable)
    before = snapshot(install_dir)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="modelhub-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        for name, check in checks:
            started = time.monotonic()
            try:
                detail = check(app, tmp, args)
            except (SmokeFailure, subprocess.CalledProcessError, OSError) as exc:
                failures += 1
                print(f"FAIL {name}: {exc}", flush=True)
            else:
                print(f"ok   {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
    changed = sorted(set(snapshot(install_dir).items()) ^ set(before.items()))
    if changed:
        failures += 1
        print(f"FAIL install-dir: the app wrote inside {install_dir}: {changed[:5]}")
    else:
        print(f"ok   install-dir: nothing written inside {install_dir}")
    if failures:
        print(f"smoke test FAILED ({failures} check(s))", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
