"""The Settings dialog: one titled section per subject, each with symmetric load() / save().

A section reads its fields from a :class:`SettingsValues` and writes them back; the dialog
loads every section from the view-model and saves them all in one go. A later subject (theme,
language, keys) is one more :class:`SettingsSection` in :meth:`SettingsDialog.sections`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.views import theme

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.settings import SettingsValues, SettingsViewModel

#: The largest low-balance threshold the field takes.
MAX_THRESHOLD = 1_000_000_000.0


class SettingsSection(QGroupBox):
    """A titled group of settings laid out as a form.

    Args:
        title: The group's title.
        parent: Qt parent.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.form = QFormLayout(self)
        self.form.setSpacing(theme.SPACING)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.labels: list[QLabel] = []

    def add_row(self, text: str, field: QWidget, help_text: str = "") -> None:
        """A labelled field (the label is its buddy, so Alt+letter reaches it), with an
        optional help line under it."""
        label = QLabel(text)
        label.setBuddy(field)
        self.labels.append(label)
        if not help_text:
            self.form.addRow(label, field)
            return
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        help_label = QLabel(help_text)
        help_label.setObjectName("fieldHelp")
        help_label.setWordWrap(True)
        font = help_label.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        help_label.setFont(font)
        box.addWidget(help_label)
        self.form.addRow(label, cell)

    def load(self, values: SettingsValues) -> None:
        """Show ``values`` in the fields."""
        raise NotImplementedError

    def save(self, values: SettingsValues) -> SettingsValues:
        """``values`` with this section's fields as edited."""
        raise NotImplementedError


class KeyChecksSection(SettingsSection):
    """How often every stored key is checked again while the window is open."""

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Key checks"), parent)
        self.interval = QComboBox()
        self.interval.setObjectName("revalidationInterval")
        self.interval.setAccessibleName(self.tr("Re-check stored keys"))
        for hours, label in vm.interval_choices():
            self.interval.addItem(label, hours)
        self.add_row(
            self.tr("&Re-check stored keys:"),
            self.interval,
            self.tr(
                "While ModelHub is open it asks each provider whether its key still works, "
                "and says so when one was rejected or ran out of credit."
            ),
        )

    def load(self, values: SettingsValues) -> None:
        position = self.interval.findData(values.revalidation_hours)
        self.interval.setCurrentIndex(max(position, 0))

    def save(self, values: SettingsValues) -> SettingsValues:
        return dataclasses.replace(values, revalidation_hours=int(self.interval.currentData()))


class WorkspaceSection(SettingsSection):
    """Settings of the current workspace: the low-balance warning."""

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        name = vm.workspace_name
        title = self.tr("Workspace “{name}”").format(name=name) if name else self.tr("Workspace")
        super().__init__(title, parent)
        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("lowBalanceThreshold")
        self.threshold.setAccessibleName(self.tr("Low-balance warning below"))
        self.threshold.setRange(0.0, MAX_THRESHOLD)
        self.threshold.setDecimals(2)
        self.threshold.setSingleStep(1.0)
        self.threshold.setGroupSeparatorShown(True)
        # 0 reads "Never": a balance is never below zero worth warning about.
        self.threshold.setSpecialValueText(self.tr("Never"))
        self.add_row(
            self.tr("&Warn when a balance is below:"),
            self.threshold,
            self.tr(
                "In each provider's own currency. Cards of providers that report a balance "
                "show a warning below this amount."
            ),
        )
        self.setEnabled(vm.has_workspace)

    def load(self, values: SettingsValues) -> None:
        self.threshold.setValue(values.low_balance_threshold or 0.0)

    def save(self, values: SettingsValues) -> SettingsValues:
        value = self.threshold.value()
        return dataclasses.replace(values, low_balance_threshold=value if value > 0 else None)


class SettingsDialog(QDialog):
    """App and workspace settings; OK applies them, Cancel leaves everything as it was.

    Args:
        vm: The settings view-model.
        parent: Qt parent (the main window).
    """

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(True)
        self.setMinimumWidth(480)

        self.key_checks = KeyChecksSection(vm)
        self.workspace = WorkspaceSection(vm)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setAccessibleName(self.tr("Save the settings"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(2 * theme.SPACING)
        for section in self.sections():
            layout.addWidget(section)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._align_labels()

    def sections(self) -> list[SettingsSection]:
        """Every section, in display order."""
        return [self.key_checks, self.workspace]

    # -- entry point -------------------------------------------------------------------------

    @classmethod
    def edit(cls, vm: SettingsViewModel, parent: QWidget | None = None) -> SettingsDialog:
        """Open the dialog loaded with the current settings (window-modal, non-blocking)."""
        dialog = cls(vm, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.load()
        dialog.open()
        dialog.key_checks.interval.setFocus(Qt.FocusReason.OtherFocusReason)
        return dialog

    # -- load / save -------------------------------------------------------------------------

    def load(self) -> None:
        """Fill every section from the settings as they are."""
        values = self._vm.values()
        for section in self.sections():
            section.load(values)

    def save(self) -> None:
        """Apply every section's fields."""
        values = self._vm.values()
        for section in self.sections():
            values = section.save(values)
        self._vm.save(values)

    def accept(self) -> None:
        self.save()
        super().accept()

    def _align_labels(self) -> None:
        """One label column across sections, so every field starts at the same x."""
        labels = [label for section in self.sections() for label in section.labels]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)
