"""The workspace bar: the current workspace in a combo, and New / Rename / Delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from modelhub.ui.views import confirm, theme

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.workspaces import WorkspacesViewModel


class WorkspaceSwitcher(QWidget):
    """Switch, create, rename and delete workspaces; always visible at the top of the window.

    The combo box carries workspace ids in its item data (``IdRole``), never row numbers.

    Args:
        vm: The workspaces view-model (also the combo's model).
        parent: Qt parent.
    """

    def __init__(self, vm: WorkspacesViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        label = QLabel(self.tr("&Workspace:"))
        self.combo = QComboBox()
        self.combo.setObjectName("workspaceCombo")
        self.combo.setModel(vm)
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setAccessibleName(self.tr("Workspace"))
        label.setBuddy(self.combo)
        self.new_button = QPushButton(self.tr("&New…"))
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.new_button.setAccessibleName(self.tr("New workspace"))
        self.rename_button.setAccessibleName(self.tr("Rename workspace"))
        self.delete_button.setAccessibleName(self.tr("Delete workspace"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING // 2, theme.SPACING, 0)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(self.new_button)
        layout.addWidget(self.rename_button)
        layout.addWidget(self.delete_button)
        layout.addStretch(1)

        self.combo.activated.connect(self._on_activated)
        self.new_button.clicked.connect(self.ask_create)
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button.clicked.connect(self.ask_delete)
        vm.current_changed.connect(self._show_current)
        vm.modelReset.connect(lambda: self._show_current(vm.current_id, vm.current_name))
        vm.delete_requested.connect(self._confirm_delete)
        vm.busy_changed.connect(self._on_busy)

    def ask_create(self) -> None:
        """Ask for a name, then create and switch to the new workspace."""
        confirm.ask_text(
            self.window(),
            self.tr("New workspace"),
            self.tr("Name of the new workspace:"),
            "",
            self._vm.create,
        )

    def ask_rename(self) -> None:
        """Ask for a new name for the current workspace."""
        current = self._vm.current_id
        if not current:
            return
        confirm.ask_text(
            self.window(),
            self.tr("Rename workspace"),
            self.tr("New name for workspace {name}:").format(name=self._vm.current_name),
            self._vm.current_name,
            lambda name: self._vm.rename(current, name),
        )

    def ask_delete(self) -> None:
        """Ask the view-model what would be lost, then confirm (see ``_confirm_delete``)."""
        if self._vm.current_id:
            self._vm.request_delete(self._vm.current_id)

    def _confirm_delete(self, workspace_id: str, name: str, configs: int, defaults: int) -> None:
        lost = [
            self.tr(
                "%n provider configuration(s) (with their encrypted keys and model lists)",
                "",
                configs,
            ),
            self.tr("%n default model choice(s)", "", defaults),
        ]
        last = self._vm.rowCount() <= 1
        details = self.tr("This deletes:") + "\n• " + "\n• ".join(lost)
        if last:
            details += "\n\n" + self.tr(
                "It is the only workspace; an empty Default workspace will replace it."
            )
        confirm.ask(
            self.window(),
            self.tr("Delete workspace {name}?").format(name=name),
            self.tr("Delete the workspace {name}? This cannot be undone.").format(name=name),
            details,
            self.tr("Delete workspace"),
            lambda: self._vm.delete(workspace_id),
        )

    def _on_activated(self, row: int) -> None:
        workspace_id = self.combo.itemData(row, self._vm.IdRole)
        if workspace_id:
            self._vm.switch(str(workspace_id))

    def _show_current(self, workspace_id: str, _name: str) -> None:
        row = self._vm.row_of(workspace_id)
        if row >= 0 and self.combo.currentIndex() != row:
            self.combo.setCurrentIndex(row)

    def _on_busy(self, busy: bool) -> None:
        for widget in (self.combo, self.new_button, self.rename_button, self.delete_button):
            widget.setEnabled(not busy)
