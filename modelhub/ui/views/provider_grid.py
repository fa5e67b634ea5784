"""The Providers page: one card per supported provider, in a grid that reflows with width."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QTimer
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from modelhub.ui.views import confirm, theme
from modelhub.ui.views.config_dialog import ConfigDialog
from modelhub.ui.views.flow_layout import FlowLayout
from modelhub.ui.views.provider_card import ProviderCard

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

        title = QLabel("Providers")
        title.setObjectName("pageTitle")
        title.setFont(theme.title_font(title.font()))
        self.subtitle = QLabel(
            "Connect the model providers this workspace uses. Keys are stored encrypted."
        )
        self.subtitle.setObjectName("cardMuted")
        self.subtitle.setWordWrap(True)

        self.container = QWidget()
        self.container.setObjectName("cardContainer")
        self.flow = FlowLayout(self.container, spacing=2 * theme.SPACING)
        self.flow.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.container)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
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

    def configure(self, provider: str) -> None:
        """Open the configuration dialog for ``provider``."""
        ConfigDialog.edit(self._vm, provider, self.window())

    def _confirm_remove(self, provider: str, defaults: list[str]) -> None:
        label = self._vm.info(provider).label
        if defaults:
            details = "These default models will be cleared:\n• " + "\n• ".join(defaults)
        else:
            details = "No default model uses it."
        confirm.ask(
            self.window(),
            f"Remove {label}?",
            f"Remove the {label} configuration, its stored key and its models from this workspace?",
            details,
            "Remove",
            lambda: self._vm.remove(provider),
        )

    # -- binding ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        names = [self._vm.index(r).data(self._vm.ProviderRole) for r in range(self._vm.rowCount())]
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
