"""Dialogs of the models page: add a model by hand, and correct a model's capabilities and
limits. Both are window-modal and opened with ``open()`` (never ``exec()``), save through the
view-model and stay open with the reason inline when the service refuses.

Tests replace the entry points (:meth:`AddModelDialog.add`, :meth:`EditModelDialog.edit`)
or drive the dialogs' widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.viewmodels.labels import type_label
from modelhub.ui.views.fit import keep_fitted

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.catalog import CatalogViewModel


class _ModelForm(QDialog):
    """What both dialogs share: capability boxes, the two limits and the inline error."""

    _default: QPushButton  # the button Enter presses (set by each dialog)

    def __init__(self, vm: CatalogViewModel, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._vm = vm
        self._waiting = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Grows when the inline error appears or a text gets longer (never squeezes a field).
        keep_fitted(self)
        self.capabilities: dict[str, QCheckBox] = {}
        self.caps_box = QWidget(self)
        grid = QGridLayout(self.caps_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (value, label) in enumerate(vm.capabilities()):
            box = QCheckBox(self.tr(label), self.caps_box)
            box.setObjectName(f"cap_{value}")
            self.capabilities[value] = box
            grid.addWidget(box, i // 3, i % 3)
        self.context = QLineEdit(self)
        self.context.setObjectName("contextLength")
        self.context.setAccessibleName(self.tr("Context length"))
        self.max_output = QLineEdit(self)
        self.max_output.setObjectName("maxOutput")
        self.max_output.setAccessibleName(self.tr("Max output tokens"))
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setProperty("state", "error")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(self)
        self.buttons.rejected.connect(self.reject)
        vm.edit_failed.connect(self._failed)

    def chosen_capabilities(self) -> list[str]:
        """The ticked capability values."""
        return [value for value, box in self.capabilities.items() if box.isChecked()]

    def show_error(self, message: str) -> None:
        """Show ``message`` in the dialog (empty hides it)."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _wait(self, button: QPushButton) -> None:
        self._waiting = True
        self.show_error("")
        button.setEnabled(False)

    def _failed(self, message: str) -> None:
        if not self._waiting:
            return
        self._waiting = False
        self.show_error(message)
        for button in self.buttons.buttons():
            button.setEnabled(True)
        # Disabling the clicked button moved the focus (and with it the default) to
        # Cancel: Enter must save again, not close the dialog.
        self._default.setDefault(True)
        self._default.setFocus(Qt.FocusReason.OtherFocusReason)

    def _succeeded(self) -> None:
        self._waiting = False
        self.accept()


class AddModelDialog(_ModelForm):
    """Add a model the provider's list lacks (a fine-tune, a deployment name).

    Args:
        vm: The models page's view-model.
        parent: The page.
    """

    def __init__(self, vm: CatalogViewModel, parent: QWidget | None = None) -> None:
        super().__init__(vm, parent)
        self.setObjectName("addModelDialog")
        self.setWindowTitle(self.tr("Add model"))
        intro = QLabel(
            self.tr(
                "Add a model the provider does not list, such as a fine-tune or a deployment "
                "name. It is kept across refreshes and marked as added by hand."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.provider = QComboBox(self)
        self.provider.setObjectName("provider")
        self.model_id = QLineEdit(self)
        self.model_id.setObjectName("modelId")
        self.model_id.setPlaceholderText(self.tr("The id the provider's API takes"))
        self.model_type = QComboBox(self)
        self.model_type.setObjectName("modelType")
        self.context.setPlaceholderText(self.tr("Optional, e.g. 128K"))
        self.max_output.setPlaceholderText(self.tr("Optional, e.g. 16K"))
        form = QFormLayout()
        form.addRow(self.tr("&Provider:"), self.provider)
        form.addRow(self.tr("Model &id:"), self.model_id)
        form.addRow(self.tr("&Type:"), self.model_type)
        form.addRow(self.tr("Capabilities:"), self.caps_box)
        form.addRow(self.tr("&Context length:"), self.context)
        form.addRow(self.tr("&Max output:"), self.max_output)
        self.add_button = self.buttons.addButton(
            self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.add_button.setObjectName("addButton")
        self.add_button.setDefault(True)
        self._default = self.add_button
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.provider.currentIndexChanged.connect(self._provider_chosen)
        vm.model_added.connect(self._added)

    @classmethod
    def add(cls, vm: CatalogViewModel, parent: QWidget) -> AddModelDialog:
        """Open the dialog (not blocking) and return it."""
        dialog = cls(vm, parent)
        dialog.load()
        dialog.open()
        dialog.model_id.setFocus()
        return dialog

    def load(self) -> None:
        """Offer the configured providers and their model types."""
        self.provider.blockSignals(True)
        self.provider.clear()
        for name, label in self._vm.providers:
            self.provider.addItem(label, name)
        self.provider.blockSignals(False)
        self._provider_chosen(self.provider.currentIndex())

    def save(self) -> None:
        """Ask the view-model to add the model; the dialog closes when it is saved."""
        provider = self.provider.currentData()
        if not provider:
            self.show_error(self.tr("Configure a provider first, then add models to it."))
            return
        self._wait(self.add_button)
        self._vm.add_model(
            str(provider),
            self.model_id.text(),
            str(self.model_type.currentData() or ""),
            self.chosen_capabilities(),
            self.context.text(),
            self.max_output.text(),
        )

    def _provider_chosen(self, _index: int) -> None:
        chosen = self.model_type.currentData()
        self.model_type.clear()
        for value, label in self._vm.provider_types(str(self.provider.currentData() or "")):
            self.model_type.addItem(self.tr(label), value)
        self.model_type.setCurrentIndex(max(0, self.model_type.findData(chosen)))

    def _added(self, provider: str, model: str) -> None:
        if (
            self._waiting
            and provider == self.provider.currentData()
            and model == self.model_id.text().strip()
        ):
            self._succeeded()


class EditModelDialog(_ModelForm):
    """Correct what a model can do and its limits; corrections survive every refresh.

    Args:
        vm: The models page's view-model.
        provider: The model's provider.
        model: The model id.
        parent: The page.
    """

    def __init__(
        self, vm: CatalogViewModel, provider: str, model: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(vm, parent)
        self.setObjectName("editModelDialog")
        self.provider_name = provider
        self.model_name = model
        self.setWindowTitle(self.tr("Edit capabilities of {model}").format(model=model))
        self.title = QLabel(self)
        self.title.setObjectName("modelTitle")
        self.source = QLabel(self)
        self.source.setObjectName("source")
        self.source.setWordWrap(True)
        hint = QLabel(self.tr("Leave a limit empty to use the provider's value."), self)
        hint.setObjectName("cardMuted")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Capabilities:"), self.caps_box)
        form.addRow(self.tr("&Context length:"), self.context)
        form.addRow(self.tr("&Max output:"), self.max_output)
        self.reset_button = self.buttons.addButton(
            self.tr("Reset to provider's values"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.setObjectName("resetButton")
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self._default = self.save_button
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.source)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        vm.model_corrected.connect(self._corrected)

    @classmethod
    def edit(
        cls, vm: CatalogViewModel, provider: str, model: str, parent: QWidget
    ) -> EditModelDialog:
        """Open the dialog for ``provider``/``model`` (not blocking) and return it."""
        dialog = cls(vm, provider, model, parent)
        dialog.load()
        dialog.open()
        return dialog

    def load(self) -> None:
        """Show the model's capabilities and limits as the catalog has them now."""
        row = self._vm.find(self.provider_name, self.model_name)
        if row is None:
            self.show_error(self.tr("This model is no longer in the catalog."))
            self.save_button.setEnabled(False)
            self.reset_button.setEnabled(False)
            return
        m = row.model
        self.title.setText(
            self.tr("<b>{model}</b> — {provider}, {type}").format(
                model=m.model, provider=row.provider_label, type=type_label(m.model_type)
            )
        )
        source = self._vm.source_text(m.provider, m.model)
        source = source[:1].lower() + source[1:]
        self.source.setText(self.tr("Capabilities: {source}").format(source=source))
        have = {c.value for c in m.capabilities}
        for value, box in self.capabilities.items():
            box.setChecked(value in have)
        self.context.setText(str(m.context_length) if m.context_length else "")
        self.max_output.setText(str(m.max_output_tokens) if m.max_output_tokens else "")
        # A model added by hand has no provider values to go back to.
        self.reset_button.setVisible(not m.custom)
        self.reset_button.setEnabled(bool(m.corrected))

    def save(self) -> None:
        """Save the corrections; the dialog closes when they are stored."""
        self._wait(self.save_button)
        self._vm.save_corrections(
            self.provider_name,
            self.model_name,
            self.chosen_capabilities(),
            self.context.text(),
            self.max_output.text(),
        )

    def reset(self) -> None:
        """Drop every correction (the provider's values show again)."""
        self._wait(self.reset_button)
        self._vm.reset_corrections(self.provider_name, self.model_name)

    def _corrected(self, provider: str, model: str) -> None:
        if self._waiting and (provider, model) == (self.provider_name, self.model_name):
            self._succeeded()
