"""The provider configuration dialog, generated from the provider's credential schema."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.views import theme
from modelhub.ui.views.resources import provider_icon, ui_icon

if TYPE_CHECKING:
    from modelhub.domain.models import CredentialField, SaveOutcome, ValidationResult
    from modelhub.ui.viewmodels.providers import ProvidersViewModel

KEEP_KEY_HINT = "Leave empty to keep the current key"


class ConfigDialog(QDialog):
    """Configure one provider: fields from its schema, Test connection, Save.

    The stored key never comes back into the form: when editing, the key field is empty and
    says which key is kept (by its mask). Non-secret settings are prefilled.

    Args:
        vm: The providers view-model (commands and results).
        provider: The provider name.
        parent: Qt parent (the main window).
    """

    def __init__(self, vm: ProvidersViewModel, provider: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._vm = vm
        self.provider = provider
        self.info = vm.info(provider)
        self._awaiting_test = False
        self._awaiting_save = False
        self.setObjectName("configDialog")
        self.setWindowTitle(f"Configure {self.info.label}")
        self.setWindowIcon(provider_icon(provider))
        self.setModal(True)
        self.setMinimumWidth(460)

        header = QLabel(f"<b>{self.info.label}</b><br>{self.info.description}")
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.RichText)

        self.form = QFormLayout()
        self.form.setSpacing(theme.SPACING)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.reveal_actions: dict[str, QAction] = {}
        for spec in self.info.fields:
            widget = self._make_field(spec)
            self.fields[spec.name] = widget
            label = QLabel(f"{spec.label}{' *' if spec.required else ''}")
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            if spec.help:
                help_label = QLabel(spec.help)
                help_label.setObjectName("fieldHelp")
                help_label.setWordWrap(True)
                font = help_label.font()
                font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
                help_label.setFont(font)
                self.form.addRow("", help_label)

        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setAccessibleName("Result")
        self.result_label.hide()

        self.buttons = QDialogButtonBox()
        self.test_button = QPushButton("Test connection")
        self.save_anyway_button = QPushButton("Save anyway")
        self.save_button = QPushButton("Save")
        self.cancel_button = QPushButton("Cancel")
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_anyway_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button, name in (
            (self.test_button, "Test connection"),
            (self.save_anyway_button, "Save anyway without a successful check"),
            (self.save_button, "Save"),
            (self.cancel_button, "Cancel"),
        ):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
        # Enter anywhere in the form saves; Escape cancels (QDialog's reject).
        self.save_button.setDefault(True)
        self.save_anyway_button.hide()
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(self.save)
        self.save_anyway_button.clicked.connect(lambda: self.save(save_anyway=True))
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(2 * theme.SPACING)
        layout.addWidget(header)
        if self.info.website:
            link = QLabel(f'<a href="{self.info.website}">{self.info.website}</a>')
            link.setOpenExternalLinks(True)
            link.setAccessibleName(f"{self.info.label} website")
            layout.addWidget(link)
        layout.addLayout(self.form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

        chain: list[QWidget] = [*self.fields.values(), self.test_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.save_button, self.cancel_button)

        vm.checking_changed.connect(self._on_checking)
        vm.validation_finished.connect(self._on_validated)
        vm.saved.connect(self._on_saved)
        vm.command_failed.connect(self._on_failed)

    # -- entry point -------------------------------------------------------------------------

    @classmethod
    def edit(
        cls, vm: ProvidersViewModel, provider: str, parent: QWidget | None = None
    ) -> ConfigDialog:
        """Open the dialog for ``provider`` (window-modal, non-blocking) and return it."""
        dialog = cls(vm, provider, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.load()
        dialog.open()
        first = next(iter(dialog.fields.values()), None)
        if first is not None:
            first.setFocus()
        return dialog

    # -- load / save ---------------------------------------------------------------------------

    def load(self) -> None:
        """Fill the form from the stored state: settings prefilled, never the key."""
        state = self._vm.state(self.provider)
        configured = bool(state and state.configured)
        settings = dict(state.settings) if state else {}
        for spec in self.info.fields:
            widget = self.fields[spec.name]
            if isinstance(widget, QComboBox):
                value = settings.get(spec.name) or spec.default or ""
                position = widget.findData(value)
                widget.setCurrentIndex(max(position, 0))
                continue
            if spec.secret:
                widget.clear()
                if configured:
                    mask = state.masked_key if state and state.masked_key else ""
                    widget.setPlaceholderText(
                        f"{KEEP_KEY_HINT} ({mask})" if mask else KEEP_KEY_HINT
                    )
                continue
            widget.setText(settings.get(spec.name, ""))
        self._show_result("", None)

    def values(self) -> dict[str, str]:
        """The form as a config mapping (an empty key means "keep the stored key")."""
        out: dict[str, str] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                out[name] = str(widget.currentData() or "")
            else:
                out[name] = widget.text().strip()
        return out

    def save(self, save_anyway: bool = False) -> None:
        """Check the fields, then validate and save through the view-model."""
        config = self._checked_values()
        if config is None:
            return
        # Buttons are disabled while a check runs, so the command always starts here.
        self._awaiting_save = True
        self._vm.save(self.provider, config, save_anyway=save_anyway)

    def test_connection(self) -> None:
        """Check the fields, then ask the provider without saving."""
        config = self._checked_values()
        if config is None:
            return
        self._awaiting_test = True
        self._vm.validate(self.provider, config)

    # -- results ---------------------------------------------------------------------------

    def _checked_values(self) -> dict[str, str] | None:
        config = self.values()
        problem = self._vm.check_fields(self.provider, config)
        if problem:
            self._show_result(problem, False)
            self._focus_field_named_in(problem)
            return None
        return config

    def _on_checking(self, provider: str, on: bool) -> None:
        if provider != self.provider:
            return
        self._set_buttons_enabled(not on)
        if on:
            self._show_result("Checking…", None)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in (self.test_button, self.save_button, self.save_anyway_button):
            button.setEnabled(enabled)

    def _on_validated(self, provider: str, result: ValidationResult) -> None:
        if provider != self.provider or not self._awaiting_test:
            return
        self._awaiting_test = False
        self._show_validation(result, prefix="")

    def _on_saved(self, provider: str, outcome: SaveOutcome) -> None:
        if provider != self.provider or not self._awaiting_save:
            return
        self._awaiting_save = False
        if outcome.saved:
            self.accept()
            return
        self._show_validation(outcome.validation, prefix="Not saved. ")
        if outcome.validation.status.inconclusive:
            self.save_anyway_button.show()

    def _on_failed(self, provider: str, message: str) -> None:
        if provider != self.provider or not (self._awaiting_save or self._awaiting_test):
            return
        self._awaiting_save = self._awaiting_test = False
        self._show_result(message, False)

    def _show_validation(self, result: ValidationResult, prefix: str) -> None:
        text = f"{prefix}{result.status.label}: {result.message}"
        if result.hint:
            text += f"\n{result.hint}"
        details = ", ".join(f"{k}: {v}" for k, v in result.details.items())
        if details:
            text += f"\n{details}"
        ok: bool | None = True if result.valid else None if result.status.inconclusive else False
        if not result.valid and result.status.key_accepted:
            ok = None
        self._show_result(text, ok)

    def _show_result(self, text: str, ok: bool | None) -> None:
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))
        color = theme.message_color(ok, self.palette()).name()
        self.result_label.setStyleSheet(f"QLabel#resultLabel {{ color: {color}; }}")
        self.result_label.setAccessibleDescription(text)

    def _focus_field_named_in(self, message: str) -> None:
        for spec in self.info.fields:
            if spec.label.lower() in message.lower():
                self.fields[spec.name].setFocus()
                return

    # -- field factory ---------------------------------------------------------------------

    def _make_field(self, spec: CredentialField) -> QLineEdit | QComboBox:
        if spec.kind == "choice" or spec.choices:
            combo = QComboBox()
            for value, label in spec.choices:
                combo.addItem(label, value)
            combo.setAccessibleName(spec.label)
            combo.setAccessibleDescription(spec.help)
            combo.setObjectName(f"field_{spec.name}")
            return combo
        edit = QLineEdit()
        edit.setObjectName(f"field_{spec.name}")
        edit.setAccessibleName(spec.label)
        edit.setAccessibleDescription(spec.help)
        edit.setClearButtonEnabled(not spec.secret)
        if spec.secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText("Paste the key")
            # No autocompletion or input-method history for secrets.
            edit.setInputMethodHints(
                Qt.InputMethodHint.ImhSensitiveData
                | Qt.InputMethodHint.ImhNoPredictiveText
                | Qt.InputMethodHint.ImhHiddenText
            )
            action = QAction(ui_icon("eye"), "Show key", edit)
            action.setCheckable(True)
            action.toggled.connect(lambda on, e=edit, a=action: self._reveal(e, a, on))
            edit.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
            self.reveal_actions[spec.name] = action
        elif spec.default:
            edit.setPlaceholderText(spec.default)
        return edit

    @staticmethod
    def _reveal(edit: QLineEdit, action: QAction, on: bool) -> None:
        edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        action.setIcon(ui_icon("eye-off" if on else "eye"))
        action.setText("Hide key" if on else "Show key")
