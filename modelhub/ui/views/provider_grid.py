"""The Providers page: a card per configured provider, and "Add provider…" for the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.views import confirm, theme
from modelhub.ui.views.config_dialog import ConfigDialog
from modelhub.ui.views.flow_layout import CardFlowLayout
from modelhub.ui.views.provider_card import ProviderCard
from modelhub.ui.views.provider_picker import ProviderPicker

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.providers import ProvidersViewModel

#: Relative times ("3 minutes ago") are redrawn this often.
RELATIVE_TIME_REFRESH_MS = 30_000


class ProviderGrid(QWidget):
    """Cards bound to a :class:`ProvidersViewModel`; actions go back to the view-model.

    Args:
        vm: The providers view-model.
        parent: Qt parent.
    """

    def __init__(self, vm: ProvidersViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.cards: dict[str, ProviderCard] = {}

        title = QLabel(self.tr("Providers"))
        title.setObjectName("pageTitle")
        title.setFont(theme.title_font(title.font()))
        self.subtitle = QLabel(
            self.tr("Connect the model providers this workspace uses. Keys are stored encrypted.")
        )
        self.subtitle.setObjectName("cardMuted")
        self.subtitle.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add provider…"))
        self.add_button.setObjectName("addProvider")
        self.add_button.setAccessibleName(self.tr("Add a provider"))
        self.add_button.setToolTip(
            self.tr("Choose from every provider ModelHub knows, or your own")
        )
        self.add_button.clicked.connect(self.add_provider)
        self.empty_label = QLabel(
            self.tr(
                "No provider is configured in this workspace yet. Choose “Add provider…” to "
                "connect OpenAI, Anthropic, a local Ollama or your own gateway."
            )
        )
        self.empty_label.setObjectName("cardMuted")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.container = QWidget()
        self.container.setObjectName("cardContainer")
        self.flow = CardFlowLayout(
            self.container, spacing=2 * theme.SPACING, min_item_width=theme.CARD_MIN_WIDTH
        )
        self.flow.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.container)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(theme.SPACING)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.scroll_area, 1)
        self._apply_style()

        vm.modelReset.connect(self._rebuild)
        vm.dataChanged.connect(self._on_data_changed)
        vm.remove_requested.connect(self._confirm_remove)
        self._timer = QTimer(self)
        self._timer.setInterval(RELATIVE_TIME_REFRESH_MS)
        self._timer.timeout.connect(self._refresh_all)
        self._timer.start()
        self._rebuild()

    def card(self, provider: str) -> ProviderCard:
        """The card of ``provider``."""
        return self.cards[provider]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_style()
            self._refresh_all()
        super().changeEvent(event)

    # -- actions ---------------------------------------------------------------------------

    def configure(self, provider: str) -> ConfigDialog:
        """Open the configuration dialog for ``provider`` (or a new custom provider)."""
        return ConfigDialog.edit(self._vm, provider, self.window())

    def add_provider(self) -> ProviderPicker:
        """Let the admin pick a provider to add; its configuration dialog opens next."""
        picker = ProviderPicker.open_for(self._vm, self.window())
        picker.provider_chosen.connect(self.configure)
        return picker

    def _confirm_remove(self, provider: str, defaults: list[str]) -> None:
        label = self._vm.label(provider)
        if defaults:
            details = (
                self.tr("These default models will be cleared:") + "\n• " + "\n• ".join(defaults)
            )
        else:
            details = self.tr("No default model uses it.")
        confirm.ask(
            self.window(),
            self.tr("Remove {provider}?").format(provider=label),
            self.tr(
                "Remove the {provider} configuration, its stored key and its models from this "
                "workspace?"
            ).format(provider=label),
            details,
            self.tr("Remove"),
            lambda: self._vm.remove(provider),
        )

    # -- binding ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        vm = self._vm
        names = [
            vm.index(r).data(vm.ProviderRole)
            for r in range(vm.rowCount())
            if vm.index(r).data(vm.ConfiguredRole)
        ]
        self.empty_label.setVisible(vm.loaded and not names)
        if list(self.cards) != names:
            for card in self.cards.values():
                self.flow.removeWidget(card)
                card.deleteLater()
            self.cards = {}
            for name in names:
                card = ProviderCard(str(name), self.container)
                card.configure_clicked.connect(self.configure)
                card.test_clicked.connect(self._vm.test)
                card.remove_clicked.connect(self._vm.request_remove)
                card.cancel_clicked.connect(self._vm.cancel_check)
                self.flow.addWidget(card)
                self.cards[str(name)] = card
        self._refresh_all()

    def _refresh_all(self) -> None:
        for row in range(self._vm.rowCount()):
            index = self._vm.index(row)
            card = self.cards.get(str(index.data(self._vm.ProviderRole)))
            if card is not None:
                card.update_from(index)

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: object) -> None:
        for row in range(top.row(), bottom.row() + 1):
            index = self._vm.index(row)
            card = self.cards.get(str(index.data(self._vm.ProviderRole)))
            if card is not None:
                card.update_from(index)

    def _apply_style(self) -> None:
        # On the container, not on self: setting our own style sheet would send us a
        # StyleChange event, which re-applies the style.
        self.container.setStyleSheet(theme.card_stylesheet(self.palette()))
