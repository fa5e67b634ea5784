"""The Settings dialog: one titled section per subject, each with symmetric load() / save().

A section reads its fields from a :class:`SettingsValues` and writes them back; the dialog
loads every section from the view-model and saves them all in one go. The Keys and Folders
sections edit nothing: they show where things are and act at once (rotate the key, open a
folder), so their ``save`` returns the values unchanged.
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
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.views import confirm, desktop, theme

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from modelhub.domain.models import RotationReport
    from modelhub.ui.viewmodels.data import DataViewModel
    from modelhub.ui.viewmodels.settings import SettingsValues, SettingsViewModel

#: The largest low-balance threshold the field takes.
MAX_THRESHOLD = 1_000_000_000.0


class WrappingLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its current width.

    Form layouts nested in tab pages do not pass height-for-width up, so a plain wrapped
    label gets the height of fewer lines than it has and its last lines are cut off.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def setText(self, text: str) -> None:
        super().setText(text)
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if needed > 0:
            self.setMinimumHeight(needed)


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
        help_label = WrappingLabel(help_text)
        help_label.setObjectName("fieldHelp")
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


class AppearanceSection(SettingsSection):
    """The theme: the system's, light or dark (applied to the running app on OK)."""

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Appearance"), parent)
        self.theme = QComboBox()
        self.theme.setObjectName("themeChoice")
        self.theme.setAccessibleName(self.tr("Theme"))
        for value, label in vm.theme_choices():
            self.theme.addItem(label, value)
        self.add_row(
            self.tr("&Theme:"),
            self.theme,
            self.tr("“System” follows the desktop's light or dark setting."),
        )

    def load(self, values: SettingsValues) -> None:
        self.theme.setCurrentIndex(max(self.theme.findData(values.theme), 0))

    def save(self, values: SettingsValues) -> SettingsValues:
        return dataclasses.replace(values, theme=str(self.theme.currentData()))


class LanguageSection(SettingsSection):
    """The language of the window: the system's, English or Simplified Chinese."""

    def __init__(self, vm: SettingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Language"), parent)
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        self.language.setAccessibleName(self.tr("Language"))
        for value, label in vm.language_choices():
            self.language.addItem(label, value)
        self.add_row(
            self.tr("&Language:"),
            self.language,
            self.tr("“System” uses the desktop's language when ModelHub has it, else English.")
            if vm.language_applies_live
            else self.tr("A new language applies after ModelHub is restarted."),
        )

    def load(self, values: SettingsValues) -> None:
        self.language.setCurrentIndex(max(self.language.findData(values.language), 0))

    def save(self, values: SettingsValues) -> SettingsValues:
        return dataclasses.replace(values, language=str(self.language.currentData()))


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class KeysSection(SettingsSection):
    """Where the encryption key comes from (never the key), and "Rotate key…".

    Rotating runs a dry run first to say how many configs it will re-encrypt, asks, then
    rotates (the rows are rewritten off the GUI thread) and reports.
    """

    def __init__(self, data: DataViewModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Encryption key"), parent)
        self._data = data
        self.source = _selectable(WrappingLabel())
        self.source.setObjectName("keySource")
        self.source.setAccessibleName(self.tr("Where the key comes from"))
        self.kid = _selectable(QLabel())
        self.kid.setObjectName("keyId")
        self.kid.setAccessibleName(self.tr("Key id"))
        self.location = _selectable(WrappingLabel())
        self.location.setObjectName("keyLocation")
        self.location.setAccessibleName(self.tr("Where the key is kept"))
        self.rotate_button = QPushButton(self.tr("R&otate key…"))
        self.rotate_button.setObjectName("rotateKey")
        self.rotate_button.setAccessibleName(self.tr("Rotate the encryption key"))
        self.rotate_button.setToolTip(
            self.tr("Make a new key and re-encrypt every stored provider config with it")
        )
        self.rotate_button.clicked.connect(self.start_rotation)
        self.status = _selectable(WrappingLabel())
        self.status.setObjectName("rotationStatus")
        self.status.setAccessibleName(self.tr("Key rotation result"))
        self.add_row(self.tr("Comes from:"), self.source)
        self.add_row(self.tr("Key id:"), self.kid)
        self.add_row(self.tr("Kept in:"), self.location)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.rotate_button)
        box.addWidget(self.status, 1)
        self.add_row("", row)
        self.box: QWidget | None = None  # the last confirmation or report shown
        data.rotation_previewed.connect(self._confirm)
        data.rotation_refused.connect(self._refused)
        data.key_rotated.connect(self._rotated)
        data.error_occurred.connect(self._failed)
        data.busy_changed.connect(self._on_busy)

    def load(self, values: SettingsValues) -> None:
        self.show_key()

    def save(self, values: SettingsValues) -> SettingsValues:
        return values

    def show_key(self) -> None:
        """Show the key's source, id and location as they are now."""
        unknown = self.tr("Not known yet (the database is still opening)")
        self.source.setText(self._data.key_source or unknown)
        self.kid.setText(self._data.key_id or "—")
        self.location.setText(self._data.key_location or "—")

    def start_rotation(self) -> None:
        """The dry run, then a confirmation (or the refusal for a key ModelHub does not keep)."""
        self.status.setText("")
        if self._data.preview_rotation():
            self.status.setText(self.tr("Counting the configs to re-encrypt…"))

    def _confirm(self, report: RotationReport) -> None:
        self.status.setText("")
        text = self.tr("Rotate the encryption key?")
        where = self.tr(
            "ModelHub will make a new key and keep it in {location}, with the current key "
            "(id {kid}) as a previous one."
        ).format(location=self._data.key_location, kid=self._data.key_id)
        if report.total:
            # %n: Qt's plural forms ("1 stored provider config", "2 … configs").
            what = self.tr(
                "It will re-encrypt %n stored provider config(s) with the new key.",
                "",
                report.total,
            )
        else:
            what = self.tr("No provider config is stored yet: the new key encrypts the next one.")
        details = " ".join((where, what, self.tr("Back up the new key afterwards.")))
        self.box = confirm.ask(
            self.window(),
            self.tr("Rotate key"),
            text,
            details,
            self.tr("Rotate key"),
            self._rotate,
            destructive=False,
        )

    def _rotate(self) -> None:
        if self._data.rotate_key():
            self.status.setText(self.tr("Re-encrypting…"))

    def _rotated(self, report: str) -> None:
        self.show_key()
        self.status.setText(report)
        self.box = desktop.tell(self.window(), self.tr("Key rotated"), report)

    def _refused(self, text: str) -> None:
        self.status.setText(self.tr("ModelHub does not change this key."))
        self.box = desktop.tell(
            self.window(),
            self.tr("Rotate key"),
            self.tr("ModelHub cannot rotate this key."),
            text,
            warning=True,
        )

    def _failed(self, text: str) -> None:
        self.status.setText(text)

    def _on_busy(self, busy: bool) -> None:
        self.rotate_button.setEnabled(not busy)


class FoldersSection(SettingsSection):
    """Where the data and the logs are, each with an Open button."""

    def __init__(self, data: DataViewModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Folders"), parent)
        self._data = data
        self.data_path = _selectable(WrappingLabel(data.data_dir))
        self.data_path.setObjectName("dataFolder")
        self.data_path.setAccessibleName(self.tr("Data folder"))
        self.log_path = _selectable(WrappingLabel(data.log_dir))
        self.log_path.setObjectName("logFolder")
        self.log_path.setAccessibleName(self.tr("Log folder"))
        self.open_data = QPushButton(self.tr("Open"))
        self.open_data.setObjectName("openDataFolder")
        self.open_data.setAccessibleName(self.tr("Open the data folder"))
        self.open_data.clicked.connect(lambda: self._open(self._data.data_dir))
        self.open_logs = QPushButton(self.tr("Open"))
        self.open_logs.setObjectName("openLogFolder")
        self.open_logs.setAccessibleName(self.tr("Open the log folder"))
        self.open_logs.clicked.connect(lambda: self._open(self._data.log_dir))
        self.status = WrappingLabel()
        self.status.setObjectName("folderStatus")
        self.add_row(self.tr("&Data:"), self._with_button(self.data_path, self.open_data))
        self.labels[-1].setBuddy(self.open_data)
        self.add_row(self.tr("&Logs:"), self._with_button(self.log_path, self.open_logs))
        self.labels[-1].setBuddy(self.open_logs)
        self.form.addRow(self.status)
        self.status.hide()

    def load(self, values: SettingsValues) -> None:
        self.data_path.setText(self._data.data_dir)
        self.log_path.setText(self._data.log_dir)

    def save(self, values: SettingsValues) -> SettingsValues:
        return values

    @staticmethod
    def _with_button(label: QLabel, button: QPushButton) -> QWidget:
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 1)
        row.addWidget(button)
        return cell

    def _open(self, path: str) -> None:
        opened = desktop.open_folder(path)
        self.status.setVisible(not opened)
        if not opened:
            self.status.setText(self.tr("Could not open {path}.").format(path=path))


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

        self.appearance = AppearanceSection(vm)
        self.language = LanguageSection(vm)
        self.key_checks = KeyChecksSection(vm)
        self.workspace = WorkspaceSection(vm)
        self.keys = KeysSection(vm.data) if vm.data is not None else None
        self.folders = FoldersSection(vm.data) if vm.data is not None else None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setAccessibleName(self.tr("Save the settings"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        # Two tabs keep the dialog short enough for a small screen: what is chosen, and
        # where things are (the key and the folders).
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setAccessibleName(self.tr("Settings pages"))
        general: list[SettingsSection] = [
            self.appearance,
            self.language,
            self.key_checks,
            self.workspace,
        ]
        self.tabs.addTab(self._page(general), self.tr("&General"))
        places: list[SettingsSection] = [s for s in (self.keys, self.folders) if s is not None]
        if places:
            self.tabs.addTab(self._page(places), self.tr("&Keys and folders"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(2 * theme.SPACING)
        # Never smaller than the content: a line that wraps grows the dialog, never clips.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._align_labels()

    @staticmethod
    def _page(sections: list[SettingsSection]) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(*(theme.SPACING,) * 4)
        column.setSpacing(2 * theme.SPACING)
        for section in sections:
            column.addWidget(section)
        column.addStretch(1)
        return page

    def sections(self) -> list[SettingsSection]:
        """Every section, in display order."""
        sections: list[SettingsSection | None] = [
            self.appearance,
            self.language,
            self.key_checks,
            self.workspace,
            self.keys,
            self.folders,
        ]
        return [section for section in sections if section is not None]

    # -- entry point -------------------------------------------------------------------------

    @classmethod
    def edit(cls, vm: SettingsViewModel, parent: QWidget | None = None) -> SettingsDialog:
        """Open the dialog loaded with the current settings (window-modal, non-blocking)."""
        dialog = cls(vm, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.load()
        dialog.open()
        dialog.appearance.theme.setFocus(Qt.FocusReason.OtherFocusReason)
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
