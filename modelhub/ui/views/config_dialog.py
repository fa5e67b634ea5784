"""The provider configuration dialog, generated from the provider's credential schema."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from modelhub.domain.models import ModelType
from modelhub.ui.i18n import current_language
from modelhub.ui.viewmodels.labels import (
    status_message,
    type_label,
    type_short_label,
    validation_label,
)
from modelhub.ui.viewmodels.providers import NEW_CUSTOM
from modelhub.ui.viewmodels.wording import validation_facts
from modelhub.ui.views import theme
from modelhub.ui.views.busy import BusyRow
from modelhub.ui.views.fit import keep_fitted
from modelhub.ui.views.resources import provider_icon, ui_icon

if TYPE_CHECKING:
    from modelhub.domain.models import CredentialField, SaveOutcome, ValidationResult
    from modelhub.ui.viewmodels.providers import ProvidersViewModel

KEEP_KEY_HINT = QT_TRANSLATE_NOOP("ConfigDialog", "Leave empty to keep the stored key")
KEEP_SECRET_HINT = QT_TRANSLATE_NOOP("ConfigDialog", "Leave empty to keep the stored value")


class TypeChoice(QWidget):
    """A row of check boxes, one per model type (a ``types`` field)."""

    def __init__(self, spec: CredentialField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"field_{spec.name}")
        self.setAccessibleName(spec.localized_label(current_language()))
        self.boxes: dict[str, QCheckBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for model_type in ModelType:
            box = QCheckBox(type_short_label(model_type))
            box.setToolTip(type_label(model_type))
            box.setAccessibleName(
                f"{spec.localized_label(current_language())}: {type_label(model_type)}"
            )
            self.boxes[model_type.value] = box
            row.addWidget(box)
        row.addStretch(1)

    def values(self) -> list[str]:
        """The checked types' stored values."""
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: object) -> None:
        """Check exactly ``values`` (a list of stored type values)."""
        chosen = set(values) if isinstance(values, list) else set()
        for value, box in self.boxes.items():
            box.setChecked(value in chosen)

    def setFocus(self) -> None:  # type: ignore[override]
        """Focus the first box (the field as a whole has no focus of its own)."""
        next(iter(self.boxes.values())).setFocus()


FieldWidget = QLineEdit | QComboBox | QPlainTextEdit | TypeChoice


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
        language = current_language()
        self._label = self.info.localized_label(language)
        self.is_new_custom = provider == NEW_CUSTOM
        self._awaiting_test = False
        self._awaiting_save = False
        self.setObjectName("configDialog")
        if self.is_new_custom:
            self.setWindowTitle(self.tr("Add a custom OpenAI-compatible provider"))
        else:
            state = vm.state(provider)
            configured = bool(state and state.configured)
            title = self.tr("Edit {provider}") if configured else self.tr("Add {provider}")
            self.setWindowTitle(title.format(provider=self._label))
        self.setWindowIcon(provider_icon(self.info.icon or provider))
        self.setModal(True)
        self.setMinimumWidth(460)
        # Grows when a message appears or a text gets longer: no line is ever squeezed.
        keep_fitted(self)

        if self.is_new_custom:
            header = QLabel(
                self.tr(
                    "<b>Custom OpenAI-compatible provider</b><br>Your own gateway or server that "
                    "speaks OpenAI's API: ModelHub lists its models from GET /models."
                )
            )
        else:
            description = self.info.localized_description(language)
            header = QLabel(f"<b>{self._label}</b><br>{description}")
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.RichText)

        self.form = QFormLayout()
        self.form.setSpacing(theme.SPACING)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, FieldWidget] = {}
        self.reveal_actions: dict[str, QAction] = {}
        self.field_labels: dict[str, QLabel] = {}
        for spec in self.info.fields:
            widget = self._make_field(spec)
            self.fields[spec.name] = widget
            label = QLabel(f"{spec.localized_label(language)}{' *' if spec.required else ''}")
            label.setBuddy(widget)
            self.field_labels[spec.name] = label
            self.form.addRow(label, self._field_cell(widget, spec.localized_help(language)))

        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setAccessibleName(self.tr("Result"))
        self.result_label.hide()

        self.buttons = QDialogButtonBox()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.save_anyway_button = QPushButton(self.tr("Save anyway"))
        self.save_button = QPushButton(self.tr("Save"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_anyway_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button, name in (
            (self.test_button, self.tr("Test connection")),
            (self.save_anyway_button, self.tr("Save anyway without a successful check")),
            (self.save_button, self.tr("Save")),
            (self.cancel_button, self.tr("Cancel")),
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
        page = self.info.key_page or self.info.website
        if page:
            words = self.tr("Get a key") if self.info.key_page else self.tr("Website")
            link = QLabel(f'{words}: <a href="{page}">{page}</a>')
            link.setOpenExternalLinks(True)
            link.setAccessibleName(f"{self._label} {words.lower()}")
            layout.addWidget(link)
        # Edit mode: the balance the provider last told, as the card shows it.
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balanceLine")
        self.balance_label.setWordWrap(True)
        self.balance_label.setAccessibleName(self.tr("Balance"))
        self.balance_label.hide()
        self.balance_warning = QLabel()
        self.balance_warning.setObjectName("balanceWarning")
        self.balance_warning.setWordWrap(True)
        self.balance_warning.hide()
        balance_box = QVBoxLayout()
        balance_box.setSpacing(2)
        balance_box.addWidget(self.balance_label)
        balance_box.addWidget(self.balance_warning)
        layout.addLayout(balance_box)
        layout.addLayout(self.form)
        layout.addWidget(self.result_label)
        # A check that takes over a second: busy bar, seconds waited, Cancel.
        self.busy_row = BusyRow(self)
        self.busy_row.cancel_requested.connect(self.cancel_check)
        self.busy_row.appeared.connect(self.fit_to_content)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.buttons)

        chain: list[QWidget] = [*self.fields.values(), self.test_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.save_button, self.cancel_button)

        vm.checking_changed.connect(self._on_checking)
        vm.validation_finished.connect(self._on_validated)
        vm.saved.connect(self._on_saved)
        vm.command_failed.connect(self._on_failed)
        vm.field_failed.connect(self._on_field_failed)
        vm.check_cancelled.connect(self._on_cancelled)
        # Any edit makes a remembered Test connection stale (Save must check again).
        for widget in self.fields.values():
            if isinstance(widget, TypeChoice):
                for box in widget.boxes.values():
                    box.toggled.connect(self._on_edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_edited)
            else:
                widget.textChanged.connect(self._on_edited)

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
        """Fill the form from the stored state: settings prefilled, never a secret."""
        state = self._vm.state(self.provider)
        configured = bool(state and state.configured)
        settings = dict(state.settings) if state else {}
        for spec in self.info.fields:
            widget = self.fields[spec.name]
            value = settings.get(spec.name)
            if isinstance(widget, QComboBox):
                position = widget.findData(value or spec.default or "")
                widget.setCurrentIndex(max(position, 0))
            elif isinstance(widget, TypeChoice):
                widget.set_values(value)
            elif spec.secret:
                widget.clear()
                if configured:
                    mask = state.masked_key if state and state.masked_key else ""
                    if spec.kind != "secret":
                        hint = self.tr(str(KEEP_SECRET_HINT))
                    else:
                        keep = self.tr(str(KEEP_KEY_HINT))
                        hint = f"{keep} ({mask})" if mask else keep
                    widget.setPlaceholderText(hint)
                    # Empty keeps the stored value: not required while editing.
                    field_label = self.field_labels[spec.name]
                    field_label.setText(field_label.text().removesuffix(" *"))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(_model_lines(value))
            else:
                widget.setText(value if isinstance(value, str) else "")
        self._show_balance()
        self._show_result("", None)

    def _show_balance(self) -> None:
        """The balance line: what the provider told and how long ago; the warning if low."""
        line = self._vm.balance_line(self.provider)
        self.balance_label.setVisible(line is not None)
        self.balance_warning.setVisible(bool(line and line.low))
        if line is None:
            return
        row = self._vm.row_of(self.provider)
        age = str(self._vm.index(row).data(self._vm.BalanceAgeTextRole) or "") if row >= 0 else ""
        # Like the card: the fact, then its age, one line each.
        text = f"{line.text}\n{age}" if age and line.known else line.text
        self.balance_label.setText(text)
        self.balance_label.setAccessibleDescription(text)
        self.balance_warning.setText(line.warning)
        background, foreground = theme.status_colors("no_credit", self.palette())
        self.balance_warning.setStyleSheet(
            f"QLabel#balanceWarning {{ background: {background.name()};"
            f" color: {foreground.name()}; border-radius: 6px; padding: 3px 6px;"
            " font-weight: 600; }"
        )

    def values(self) -> dict[str, object]:
        """The form as a config mapping (an empty secret means "keep the stored value")."""
        out: dict[str, object] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                out[name] = str(widget.currentData() or "")
            elif isinstance(widget, TypeChoice):
                out[name] = widget.values()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText().strip()
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

    def _checked_values(self) -> dict[str, object] | None:
        config = self.values()
        problem = self._vm.check_fields(self.provider, config)
        if problem:
            message, field = problem
            self._show_result(message, False)
            self.focus_field(field)
            return None
        return config

    def _on_checking(self, provider: str, on: bool) -> None:
        if provider != self.provider:
            return
        self._set_buttons_enabled(not on)
        if on:
            self._show_result(self.tr("Checking…"), None)
            self.busy_row.start()
        else:
            self.busy_row.stop()

    def cancel_check(self) -> None:
        """Stop the running Test connection or Save; the form keeps what was typed."""
        self._vm.cancel_check(self.provider)

    def _on_cancelled(self, provider: str) -> None:
        if provider != self.provider or not (self._awaiting_save or self._awaiting_test):
            return
        self._awaiting_save = self._awaiting_test = False
        self._show_result(self.tr("Check cancelled. Nothing was saved."), None)

    def _on_edited(self, *_args: object) -> None:
        self._vm.forget_test(self.provider)

    def reject(self) -> None:
        """Cancel or Escape: a check still running for this dialog stops with it."""
        if self._awaiting_save or self._awaiting_test:
            self._awaiting_save = self._awaiting_test = False
            self._vm.cancel_check(self.provider)
        super().reject()

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
        self._show_validation(outcome.validation, prefix=self.tr("Not saved.") + " ")
        if outcome.validation.status.inconclusive:
            self.save_anyway_button.show()

    def _on_failed(self, provider: str, message: str) -> None:
        if provider != self.provider or not (self._awaiting_save or self._awaiting_test):
            return
        self._awaiting_save = self._awaiting_test = False
        self._show_result(message, False)

    def _show_validation(self, result: ValidationResult, prefix: str) -> None:
        said = status_message(result.status.value, self._label, result.message)
        text = f"{prefix}{validation_label(result.status)}: {said}"
        if said != result.message:
            # Another language: our sentence, then the provider's own (English) words.
            text += "\n" + self.tr("The provider said: {message}").format(message=result.message)
        else:
            if result.hint:
                text += f"\n{result.hint}"
            details = "\n".join(validation_facts(result.details))
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
        self.fit_to_content()

    def fit_to_content(self) -> None:
        """Grow (never shrink) to the height the wrapped texts need at the current width, so
        a message appearing never squeezes the fields and help lines above it."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_to_content()

    @staticmethod
    def _field_cell(widget: QWidget, help_text: str) -> QWidget:
        """The field with its help line under it, in one cell: a box layout gives a wrapped
        help line the height it needs at the cell's width (a form row of its own did not)."""
        if not help_text:
            return widget
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        help_label = QLabel(help_text)
        help_label.setObjectName("fieldHelp")
        help_label.setWordWrap(True)
        font = help_label.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        help_label.setFont(font)
        box.addWidget(help_label)
        return cell

    def _on_field_failed(self, provider: str, field: str) -> None:
        if provider == self.provider:
            self.focus_field(field)

    def focus_field(self, name: str) -> None:
        """Put the focus on the field called ``name`` (the one an error is about)."""
        widget = self.fields.get(name)
        if widget is not None:
            widget.setFocus()

    # -- field factory ---------------------------------------------------------------------

    def _make_field(self, spec: CredentialField) -> FieldWidget:
        if spec.kind == "types":
            return TypeChoice(spec)
        if spec.kind in ("headers", "models"):
            text = QPlainTextEdit()
            text.setObjectName(f"field_{spec.name}")
            text.setAccessibleName(spec.localized_label(current_language()))
            text.setAccessibleDescription(spec.localized_help(current_language()))
            text.setTabChangesFocus(True)
            lines = 3
            text.setFixedHeight(text.fontMetrics().lineSpacing() * lines + 14)
            text.setPlaceholderText(
                self.tr("X-Team: research") if spec.kind == "headers" else self.tr("my-model = llm")
            )
            return text
        if spec.kind == "choice" or spec.choices:
            combo = QComboBox()
            for value, label in spec.localized_choices(current_language()):
                combo.addItem(label, value)
            combo.setAccessibleName(spec.localized_label(current_language()))
            combo.setAccessibleDescription(spec.localized_help(current_language()))
            combo.setObjectName(f"field_{spec.name}")
            return combo
        edit = QLineEdit()
        edit.setObjectName(f"field_{spec.name}")
        edit.setAccessibleName(spec.localized_label(current_language()))
        edit.setAccessibleDescription(spec.localized_help(current_language()))
        edit.setClearButtonEnabled(not spec.secret)
        if spec.secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(
                self.tr("Paste the key") if spec.required else self.tr("Optional")
            )
            # No autocompletion or input-method history for secrets.
            edit.setInputMethodHints(
                Qt.InputMethodHint.ImhSensitiveData
                | Qt.InputMethodHint.ImhNoPredictiveText
                | Qt.InputMethodHint.ImhHiddenText
            )
            action = QAction(ui_icon("eye"), self.tr("Show key"), edit)
            action.setCheckable(True)
            action.toggled.connect(lambda on, e=edit, a=action: self._reveal(e, a, on))
            edit.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
            self.reveal_actions[spec.name] = action
        elif spec.default:
            edit.setPlaceholderText(spec.default)
        elif spec.placeholder:
            edit.setPlaceholderText(spec.placeholder)
        return edit

    @staticmethod
    def _reveal(edit: QLineEdit, action: QAction, on: bool) -> None:
        edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        action.setIcon(ui_icon("eye-off" if on else "eye"))
        action.setText(
            QCoreApplication.translate("ConfigDialog", "Hide key")
            if on
            else QCoreApplication.translate("ConfigDialog", "Show key")
        )


def _model_lines(value: object) -> str:
    """Hand-typed models as the form shows them: ``id = type`` per line."""
    if not isinstance(value, list):
        return ""
    lines = []
    for entry in value:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            lines.append(f"{entry['id']} = {entry.get('type') or 'llm'}")
    return "\n".join(lines)
