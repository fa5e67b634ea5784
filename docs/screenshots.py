"""Render ModelHub's main screens and dialogs offscreen to PNG files in ``docs/screenshots/``.

Real services on a temporary SQLite file; the four providers are played by the UI tests' HTTP
double (``tests/ui/helpers.py::FakeProviders``) at the transport, so nothing leaves the
machine. Fixed window size, Fusion style, a light palette and one dark-palette shot.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py

No key ever appears: the script checks every text widget it captured for the fake keys.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "ui"))

import qasync  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Callable


WINDOW_SIZE = (1200, 780)
SECRETS: list[str] = []


async def until(predicate: Callable[[], Any], timeout: float = 10.0) -> None:
    """Let the loop run until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not settle in time")
        await asyncio.sleep(0.02)


async def settle() -> None:
    """A few loop turns so layouts and pending paints finish (the qasync loop processes Qt's
    events while it sleeps; a nested processEvents() here would run other tasks' steps
    inside this one)."""
    for _ in range(6):
        await asyncio.sleep(0.02)


def check_no_secret(widget: QWidget) -> None:
    """Fail when any text in ``widget`` contains a key."""
    texts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLineEdit | QLabel | QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            texts.append(child.toPlainText())
        texts.append(child.toolTip())
    for secret in SECRETS:
        for text in texts:
            if secret in text or secret[-8:] in text:
                raise AssertionError(f"a key is visible in {widget.objectName()!r}: {text!r}")


def save(widget: QWidget, name: str) -> None:
    """Grab ``widget`` to ``docs/screenshots/<name>.png`` after checking it shows no key."""
    check_no_secret(widget)
    path = OUT / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def light_palette() -> QPalette:
    """Fusion's standard light palette."""
    return QApplication.style().standardPalette()


def dark_palette() -> QPalette:
    """A dark palette like the common desktop dark themes."""
    p = QPalette()
    base, window, text = QColor(30, 31, 34), QColor(43, 45, 48), QColor(223, 225, 229)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor(38, 40, 43))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor(55, 57, 61))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(53, 116, 240))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(group, QPalette.ColorRole.ToolTipBase, window)
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(140, 143, 150))
        p.setColor(group, QPalette.ColorRole.Link, QColor(110, 160, 255))
        p.setColor(group, QPalette.ColorRole.Mid, QColor(70, 72, 76))
        p.setColor(group, QPalette.ColorRole.Dark, QColor(20, 21, 23))
        p.setColor(group, QPalette.ColorRole.Light, QColor(80, 82, 86))
    disabled = QColor(120, 122, 128)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(48, 50, 53))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor(36, 37, 40))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, window)
    return p


def _open_box() -> bool:
    return any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def message_box() -> QMessageBox:
    """The confirmation box currently open."""
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    visible = [b for b in boxes if b.isVisible()]
    if not visible:
        raise RuntimeError("no confirmation is open")
    return visible[-1]


async def arrange(services: Any, fake: Any, good_key: str) -> str:
    """Two workspaces; in Default: OpenAI and OpenRouter valid, Jina unreachable, defaults set."""
    from modelhub.domain.models import ModelType

    ws = await services.workspaces.ensure_default()
    tid = ws.id
    for provider in ("openai", "openrouter", "siliconflow"):
        await services.providers.save(tid, provider, {"api_key": good_key})
    # OpenRouter's $74.50 left is under this workspace's warning threshold: its card warns.
    await services.providers.set_low_balance_threshold(tid, 80)
    # The admin corrected one model, added a fine-tune by hand and disabled two models.
    await services.models.correct_model(
        tid,
        "openrouter",
        "openai/gpt-4o",
        capabilities=["vision", "tools", "json"],
        context_length=128_000,
        max_output_tokens=16_384,
    )
    await services.models.add_model(
        tid, "openai", "ft:gpt-4o-mini:acme:support:9xQ2", "llm", ["tools", "json"]
    )
    await services.models.set_enabled(tid, "openai", ["text-embedding-3-large", "whisper-1"], False)
    fake.unreachable.add("jina")
    await services.providers.save(tid, "jina", {"api_key": good_key}, save_if_unreachable=True)
    await services.providers.save(tid, "ollama", {"base_url": "http://127.0.0.1:11434"})
    gateway = {
        "label": "Team gateway",
        "base_url": "https://gw.example.com/v1",
        "api_key": good_key,
        "types": ["llm", "embedding"],
    }
    await services.providers.save(tid, "custom:team-gateway", gateway)
    models = services.models
    await models.set_default(tid, ModelType.LLM, "openrouter", "anthropic/claude-sonnet-4.5")
    await models.set_default(tid, ModelType.EMBEDDING, "openai", "text-embedding-3-small")
    await models.set_default(tid, ModelType.TTS, "openai", "tts-1")
    # OpenRouter drops the LLM default: the defaults page flags it after the refresh.
    fake.openrouter_models = [
        m for m in fake.openrouter_models if m[0] != "anthropic/claude-sonnet-4.5"
    ] + [("mistralai/mistral-large", ["text"]), ("google/gemini-2.5-pro", ["text"])]
    other = await services.workspaces.create("Acme Research")
    await services.providers.save(other.id, "openai", {"api_key": good_key})
    return str(tid)


async def main() -> int:
    """Build the app on fake providers and write every screenshot."""
    from helpers import (  # type: ignore[import-not-found]  # tests/ui, put on sys.path above
        GOOD_KEY,
        TEST_ENCRYPTION_KEY,
        FakeProviders,
    )

    from modelhub.app import AppShell
    from modelhub.services.bootstrap import open_services
    from modelhub.ui.views.config_dialog import ConfigDialog

    SECRETS.extend([GOOD_KEY, TEST_ENCRYPTION_KEY])
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setPalette(light_palette())
    fake = FakeProviders()
    tmp = tempfile.TemporaryDirectory(prefix="modelhub-shots-")
    services = open_services(
        db=f"sqlite:///{Path(tmp.name) / 'shots.db'}",
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=fake.client(),
        use_keyring=False,
    )
    try:
        await arrange(services, fake, GOOD_KEY)
        settings = QSettings(str(Path(tmp.name) / "shots.ini"), QSettings.Format.IniFormat)
        shell = AppShell(services, settings)
        window = shell.window
        window.resize(*WINDOW_SIZE)
        shell.start()
        await until(lambda: shell.context.workspace_id != "")
        await until(lambda: shell.providers.state("openai") is not None)
        await until(lambda: shell.catalog.table.rowCount() > 0)
        # A refresh: OpenRouter lost the LLM default and gained two models.
        window.show_page(2)
        fake.unreachable.discard("jina")
        fake.unreachable.add("jina")
        shell.catalog.refresh_all()
        await until(lambda: not shell.catalog.refreshing, 20)
        await until(lambda: not shell.catalog.runner.busy and not shell.defaults.runner.busy)
        await until(lambda: not shell.providers.busy)
        await settle()

        window.show_page(0)
        await settle()
        save(window, "providers")
        window.show_page(1)
        await settle()
        save(window, "default-models")
        combo = window.defaults_page.rows[next(iter(window.defaults_page.rows))].combo
        combo.show_filter("gpt")
        await settle()
        save(combo.popup, "default-models-filter")
        combo.hidePopup()
        window.show_page(2)
        await settle()
        save(window, "models")

        # Health checks: the billing notice first, then a run with one model gone.
        page = window.models_page
        fake.gone_models.add("deepseek-ai/DeepSeek-V3")
        fake.probe_delay = 0.05
        page.check_all_enabled()
        await until(_open_box)
        await settle()
        box = message_box()
        save(box, "health-check-notice")
        accept = box.findChild(QPushButton, "confirmAccept")
        assert accept is not None
        accept.click()
        await until(lambda: shell.health.running)
        fake.probe_delay = 0.4
        await until(lambda: shell.health.done >= 3, 20)
        await settle()
        save(window, "health-check-running")
        fake.probe_delay = 0.05
        await until(lambda: not shell.health.running, 60)
        await settle()
        save(window, "health-check")
        window.show_page(1)
        await settle()
        save(window, "default-models-checked")
        window.show_page(2)
        dialog = page.add_model()
        await settle()
        save(dialog, "add-model")
        dialog.reject()
        page.select_model("openrouter", "openai/gpt-4o")
        edit = page.edit_current()
        assert edit is not None
        await settle()
        save(edit, "edit-capabilities")
        edit.reject()
        await settle()
        settings_dialog = window.open_settings()
        assert settings_dialog is not None
        await settle()
        save(settings_dialog, "settings")
        settings_dialog.reject()
        await settle()

        # Dialogs: configure a new provider, edit an existing one (mask only, never the key).
        window.show_page(0)
        dialog = ConfigDialog.edit(shell.providers, "deepseek", window)
        await settle()
        save(dialog, "configure-new")
        dialog.reject()
        dialog = ConfigDialog.edit(shell.providers, "openai", window)
        await settle()
        save(dialog, "configure-edit")
        dialog.reject()
        await settle()

        # Add provider: the picker, then the same picker searched by model type.
        picker = window.providers_page.add_provider()
        await settle()
        save(picker, "add-provider")
        picker.search.setText("rerank")
        await settle()
        save(picker, "add-provider-search")
        picker.reject()
        await settle()
        dialog = ConfigDialog.edit(shell.providers, "custom:", window)
        dialog.fields["label"].setText("Research vLLM")  # type: ignore[union-attr]
        dialog.fields["base_url"].setText("https://vllm.research.example.com/v1")  # type: ignore[union-attr]
        await settle()
        save(dialog, "configure-custom")
        dialog.reject()
        await settle()

        # Remove a provider: the confirmation lists the defaults it clears.
        shell.providers.request_remove("openai")
        await until(
            lambda: any(
                isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
            )
        )
        await settle()
        box = message_box()
        save(box, "remove-provider-confirm")
        box.reject()
        await settle()

        # Delete a workspace: the confirmation names what will be lost.
        window.switcher.ask_delete()
        await until(
            lambda: any(
                isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
            )
        )
        await settle()
        box = message_box()
        save(box, "workspace-delete-confirm")
        box.reject()
        await settle()

        # A workspace with only OpenAI: Rerank says how to get models.
        acme = next(
            str(shell.workspaces.index(r).data(shell.workspaces.IdRole))
            for r in range(shell.workspaces.rowCount())
            if shell.workspaces.index(r).data() == "Acme Research"
        )
        default_id = shell.context.workspace_id
        shell.workspaces.switch(acme)
        await until(lambda: shell.context.workspace_id == acme)
        await until(lambda: not shell.defaults.runner.busy and not shell.providers.busy)
        window.show_page(1)
        await settle()
        save(window, "default-models-empty")

        # Dark palette: the empty workspace's defaults, then the Default workspace again.
        app.setPalette(dark_palette())
        await settle()
        window.show_page(1)
        await settle()
        save(window, "default-models-dark")
        shell.workspaces.switch(default_id)
        await until(lambda: shell.context.workspace_id == default_id)
        await until(lambda: not shell.catalog.runner.busy and not shell.providers.busy)
        await until(lambda: shell.catalog.table.rowCount() > 10)
        window.show_page(0)
        await settle()
        save(window, "providers-dark")
        window.show_page(2)
        await settle()
        save(window, "health-check-dark")
        picker = window.providers_page.add_provider()
        await settle()
        save(picker, "add-provider-dark")
        picker.reject()
        await settle()
        app.setPalette(light_palette())

        # -- 简体中文 (issue 11, item 8) ---------------------------------------------------
        await shoot_chinese(app, services, settings, Path(tmp.name))
        # -- end of 简体中文 -----------------------------------------------------------------

        window.close()
        await shell.shutdown()
    finally:
        if not services.http_client.is_closed:
            await services.aclose()
        tmp.cleanup()
    return 0


async def shoot_chinese(app: QApplication, services: Any, settings: QSettings, tmp: Path) -> None:
    """The main screens in Simplified Chinese: a second window built under zh_CN on the same
    services (widgets take their words when they are made), English again afterwards."""
    from modelhub.app import AppShell
    from modelhub.ui.i18n import install_translator
    from modelhub.ui.views.config_dialog import ConfigDialog

    environ = {"MODELHUB_HOME": str(tmp / "home")}
    if install_translator(app, "zh_CN", environ=environ) != "zh_CN":
        raise RuntimeError("the Chinese catalog could not be built (is lrelease there?)")
    shell = AppShell(services, settings)
    window = shell.window
    try:
        window.resize(*WINDOW_SIZE)
        shell.start(collect_garbage=False)
        await until(lambda: shell.context.workspace_id != "")
        await until(lambda: shell.providers.state("openai") is not None)
        await until(lambda: shell.catalog.table.rowCount() > 10)
        await until(lambda: not shell.providers.busy and not shell.catalog.runner.busy)
        window.show_page(0)
        await settle()
        save(window, "providers-zh")
        window.show_page(1)
        await settle()
        save(window, "default-models-zh")
        window.show_page(2)
        await settle()
        save(window, "models-zh")
        window.show_page(0)
        dialog = ConfigDialog.edit(shell.providers, "deepseek", window)
        await settle()
        save(dialog, "configure-new-zh")
        dialog.reject()
        picker = window.providers_page.add_provider()
        await settle()
        save(picker, "add-provider-zh")
        picker.reject()
        settings_dialog = window.open_settings()
        if settings_dialog is not None:
            await settle()
            save(settings_dialog, "settings-zh")
            settings_dialog.reject()
        await settle()
    finally:
        # The services belong to the main window's shell: only this window goes.
        shell.cancel_all()
        window.close()
        await settle()
        install_translator(app, "en", environ=environ)


def run() -> int:
    """Entry point."""
    from modelhub.app import make_application
    from modelhub.ui.i18n import install_translator

    app = make_application([sys.argv[0]])
    # English whatever the machine's locale, with its plural forms from the catalog.
    with tempfile.TemporaryDirectory(prefix="modelhub-shots-i18n-") as home:
        install_translator(app, "en", environ={"MODELHUB_HOME": home})
    app.setStyle("Fusion")
    app.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
    return int(qasync.run(main()))


if __name__ == "__main__":
    sys.exit(run())
