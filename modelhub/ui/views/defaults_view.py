"""The default-models page: one filterable combo per model type, saved at once, with each
default's last health check and "Check defaults"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from modelhub.domain.models import ModelType
from modelhub.ui.viewmodels.labels import type_label
from modelhub.ui.views import theme
from modelhub.ui.views.filter_combo import FilterCombo
from modelhub.ui.views.health_widgets import CheckProgress, start_paid_check

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.defaults import DefaultsViewModel

_ICON = 16


class TypeRow:
    """The widgets of one model type: combo, Clear, state icon and a message line.

    Attributes:
        model_type: The type this row edits.
        combo: The filterable choice of model.
        clear: Removes the default.
        icon: Check mark after a save, warning when the default no longer works.
        message: The problem, the error, or the guidance when there are no models.
        configure: "Configure providers…", shown when the type has no models.
        check: The default's last health check (``Last check: OK, 320 ms, 2 min ago``).
    """

    def __init__(self, view: DefaultModelsView, model_type: ModelType) -> None:
        self.model_type = model_type
        label = type_label(model_type)
        self.label = QLabel(f"<b>{label}</b>", view)
        self.combo = FilterCombo(view)
        self.combo.setObjectName(f"combo_{model_type.value}")
        self.combo.setAccessibleName(
            QCoreApplication.translate("DefaultModelsView", "Default {type} model").format(
                type=label
            )
        )
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label.setBuddy(self.combo)
        self.clear = QPushButton(QCoreApplication.translate("DefaultModelsView", "Clear"), view)
        self.clear.setObjectName(f"clear_{model_type.value}")
        self.clear.setAccessibleName(
            QCoreApplication.translate(
                "DefaultModelsView", "Clear the default {type} model"
            ).format(type=label)
        )
        self.icon = QLabel(view)
        self.icon.setFixedSize(_ICON + 4, _ICON + 4)
        self.icon.setObjectName(f"icon_{model_type.value}")
        self.message = QLabel(view)
        self.message.setObjectName(f"message_{model_type.value}")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.configure = QPushButton(
            QCoreApplication.translate("DefaultModelsView", "Configure providers…"), view
        )
        self.configure.setObjectName(f"configure_{model_type.value}")
        self.check = QLabel(view)
        self.check.setObjectName(f"check_{model_type.value}")
        self.check.setWordWrap(True)
        self.check.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = ""  # "", "saved", "problem", "error", "empty": what the icon shows


class DefaultModelsView(QWidget):
    """One filterable combo per model type, grouped by provider, saved on choice.

    Args:
        vm: The page's view-model.
        parent: Qt parent.
    """

    def __init__(self, vm: DefaultsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.rows: dict[ModelType, TypeRow] = {}
        self._saved_timers: dict[ModelType, QTimer] = {}

        title = QLabel(self.tr("Default models"), self)
        title.setObjectName("pageTitle")
        title.setFont(theme.title_font(title.font()))
        intro = QLabel(
            self.tr(
                "The model each kind of task uses by default in this workspace. "
                "Changes are saved as soon as you pick a model; type in a list to filter it. "
                "Models disabled on the Models page are not offered here."
            ),
            self,
        )
        intro.setObjectName("cardMuted")
        intro.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check defaults"), self)
        self.check_button.setObjectName("checkDefaults")
        self.check_button.setToolTip(
            self.tr("Send each default model a small billed request to prove it answers")
        )
        self.progress = CheckProgress(vm.health, self)
        checks = QHBoxLayout()
        checks.setContentsMargins(0, 0, 0, 0)
        checks.addWidget(self.check_button)
        checks.addWidget(self.progress)
        checks.addStretch(1)
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        style = self.style()
        self._ok_icon = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self._warn_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._info_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        for i, t in enumerate(vm.TYPES):
            row = TypeRow(self, t)
            self.rows[t] = row
            grid.addWidget(row.label, 4 * i, 0)
            grid.addWidget(row.combo, 4 * i, 1)
            grid.addWidget(row.icon, 4 * i, 2)
            grid.addWidget(row.clear, 4 * i, 3)
            grid.addWidget(row.check, 4 * i + 1, 1, 1, 3)
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(row.message, 1)
            line.addWidget(row.configure, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(line, 4 * i + 2, 1, 1, 3)
            spacer = QFrame(self)
            spacer.setFixedHeight(10)
            grid.addWidget(spacer, 4 * i + 3, 0)
            row.combo.set_models(vm.options(t), vm.proxy(t))
            row.combo.chosen.connect(lambda source_row, t=t: self._chosen(t, source_row))
            row.clear.clicked.connect(lambda _=False, t=t: vm.clear_default(t))
            row.configure.clicked.connect(vm.request_configure)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(4000)
            timer.timeout.connect(lambda t=t: self._fade_saved(t))
            self._saved_timers[t] = timer

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(checks)
        layout.addWidget(grid_host)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        vm.loaded.connect(self.refresh)
        vm.default_saved.connect(self._on_saved)
        vm.default_failed.connect(self._on_failed)
        vm.busy_changed.connect(self._on_busy)
        vm.checks_changed.connect(self._show_checks)
        self.check_button.clicked.connect(self.check_defaults)
        self.refresh()

    def check_defaults(self) -> None:
        """Health-check every default (after the billed-requests notice, once per run)."""
        start_paid_check(self, self._vm.health, self._vm.check_defaults, self._vm.default_count())

    # -- rendering --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show every type's saved default, problems and guidance from the view-model."""
        for t in self._vm.TYPES:
            self._show_row(t)
        self._show_checks()

    def _show_checks(self) -> None:
        for t, row in self.rows.items():
            check = self._vm.last_check(t)
            text = self._vm.last_check_text(t)
            row.check.setText(text)
            row.check.setVisible(bool(text))
            row.check.setProperty("state", "" if check is None or check.ok else "error")
            row.check.setToolTip(check.error or "" if check is not None and not check.ok else "")
        self.check_button.setEnabled(self._vm.default_count() > 0)

    def _show_row(self, t: ModelType, error: str | None = None) -> None:
        row = self.rows[t]
        vm = self._vm
        has_models = vm.has_models(t)
        current = vm.current(t)
        problem = vm.problem(t)
        row.combo.blockSignals(True)
        row.combo.setCurrentIndex(vm.current_row(t))
        row.combo.blockSignals(False)
        if problem and current is not None:
            row.combo.setPlaceholderText(
                self.tr("{model} (unavailable)").format(model=vm.describe(t))
            )
        else:
            row.combo.setPlaceholderText(
                self.tr("Choose a model…") if has_models else self.tr("No models")
            )
        row.combo.setEnabled(has_models)
        row.clear.setEnabled(current is not None)
        row.configure.setVisible(not has_models)
        if error:
            self._set_state(row, "error", error)
        elif problem:
            self._set_state(
                row, "problem", problem + " " + self.tr("Choose another model or clear it.")
            )
        elif not has_models:
            self._set_state(row, "empty", vm.empty_message(t))
        elif row.state == "saved":
            return  # keep the check mark until it fades
        else:
            self._set_state(row, "", "")

    def _set_state(self, row: TypeRow, state: str, text: str) -> None:
        row.state = state
        icon = {
            "saved": self._ok_icon,
            "problem": self._warn_icon,
            "error": self._warn_icon,
            "empty": self._info_icon,
        }.get(state)
        if icon is None:
            row.icon.clear()
        else:
            row.icon.setPixmap(icon.pixmap(_ICON, _ICON))
        row.icon.setToolTip(text)
        row.message.setText(text)
        row.message.setVisible(bool(text))
        row.message.setProperty("state", state)

    # -- events -----------------------------------------------------------------------------

    def _chosen(self, t: ModelType, source_row: int) -> None:
        options = self._vm.options(t)
        index = options.index(source_row, 0)
        provider = index.data(options.ProviderRole)
        model = index.data(options.ModelIdRole)
        if provider and model:
            self._vm.set_default(t, str(provider), str(model))

    def _on_saved(self, type_value: str, message: str) -> None:
        t = ModelType(type_value)
        row = self.rows[t]
        row.state = ""
        self._show_row(t)
        self._show_checks()
        if row.state == "":
            self._set_state(row, "saved", f"✓ {message}")
            self._saved_timers[t].start()

    def _on_failed(self, type_value: str, message: str) -> None:
        t = ModelType(type_value)
        # The combo goes back to the saved value; the error stays next to it.
        self._show_row(t, error=self.tr("Not saved: {message}").format(message=message))

    def _fade_saved(self, t: ModelType) -> None:
        row = self.rows[t]
        if row.state == "saved":
            row.state = ""
            self._show_row(t)

    def _on_busy(self, busy: bool) -> None:
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
