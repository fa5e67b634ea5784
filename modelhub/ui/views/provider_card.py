"""One provider as a card: icon, name, description, model types, status, key mask, actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.viewmodels.providers import ProvidersViewModel
from modelhub.ui.views import theme
from modelhub.ui.views.busy import BusyRow
from modelhub.ui.views.flow_layout import FlowLayout
from modelhub.ui.views.resources import provider_icon

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex

ICON_SIZE = 40
#: Horizontal room around chip and badge text (style sheet padding plus a little air).
CHIP_PADDING = 16
BADGE_PADDING = 18


class ProviderCard(QFrame):
    """A provider card bound to one row of :class:`ProvidersViewModel`.

    Args:
        provider: The provider name the card shows.
        parent: Qt parent.

    Signals:
        configure_clicked(str): Configure… was clicked (provider name).
        test_clicked(str): Test was clicked.
        remove_clicked(str): Remove… was clicked.
        cancel_clicked(str): Cancel was clicked on a check that took over a second.
    """

    configure_clicked = Signal(str)
    test_clicked = Signal(str)
    remove_clicked = Signal(str)
    cancel_clicked = Signal(str)

    def __init__(self, provider: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = provider
        self.setObjectName("providerCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The grid gives the width (at least CARD_MIN_WIDTH) and the row's height.
        self.setMinimumWidth(theme.CARD_MIN_WIDTH)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._status = ""
        self._icon_name = ""

        self.icon = QLabel()
        self.icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        self.icon.setPixmap(
            provider_icon(provider).pixmap(QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF())
        )
        self.title = QLabel(provider)
        self.title.setObjectName("cardTitle")
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self._small_font = QFont(self.badge.font())
        self._small_font.setPointSizeF(max(7.0, self._small_font.pointSizeF() - 1))
        self._badge_font = QFont(self._small_font)
        self._badge_font.setBold(True)
        self.badge.setFont(self._badge_font)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # Title above the badge: a long status ("Not configured") never cuts the name.
        name_box = QVBoxLayout()
        name_box.setSpacing(2)
        name_box.addWidget(self.title)
        name_box.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        head = QHBoxLayout()
        head.setSpacing(theme.SPACING + 2)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(name_box, 1)

        self.description = QLabel()
        self.description.setObjectName("cardMuted")
        self.description.setWordWrap(True)

        # Chips wrap onto as many rows as the card's width needs (never squeezed).
        self.chips = FlowLayout(spacing=theme.SPACING // 2)
        self.chips.setContentsMargins(0, 0, 0, 0)
        self._chip_labels: list[str] = []

        self.key_label = QLabel()
        self.key_label.setObjectName("cardMuted")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.checked_label = QLabel()
        self.checked_label.setObjectName("cardMuted")
        self.message = QLabel()
        self.message.setObjectName("cardMuted")
        self.message.setWordWrap(True)
        # The balance as the provider told it, how old that is, and the low-balance warning.
        self.balance_label = QLabel()
        self.balance_label.setObjectName("cardBalance")
        self.balance_label.setWordWrap(True)
        self.balance_age = QLabel()
        self.balance_age.setObjectName("cardMuted")
        self.balance_age.setFont(self._small_font)
        self.balance_warning = QLabel()
        self.balance_warning.setObjectName("balanceWarning")
        self.balance_warning.setWordWrap(True)
        # A key that turned bad on a re-check: a banner until a check succeeds again.
        self.notice = QLabel()
        self.notice.setObjectName("keyNotice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Key notice"))
        self._look: tuple[bool, str] | None = None
        for label in (self.balance_label, self.balance_age, self.balance_warning, self.notice):
            label.hide()

        self.configure_button = QPushButton(self.tr("Configure…"))
        self.test_button = QPushButton(self.tr("Test"))
        self.remove_button = QPushButton(self.tr("Remove…"))
        buttons = QHBoxLayout()
        buttons.setSpacing(theme.SPACING // 2)
        for button in (self.configure_button, self.test_button, self.remove_button):
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.configure_button.clicked.connect(lambda: self.configure_clicked.emit(provider))
        self.test_button.clicked.connect(lambda: self.test_clicked.emit(provider))
        self.remove_button.clicked.connect(lambda: self.remove_clicked.emit(provider))
        # A Test that takes over a second: busy bar, seconds waited, Cancel.
        self.busy_row = BusyRow(self, compact=True)
        self.busy_row.cancel_requested.connect(lambda: self.cancel_clicked.emit(provider))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(head)
        layout.addWidget(self.description)
        layout.addLayout(self.chips)
        layout.addWidget(self.notice)
        layout.addWidget(self.key_label)
        layout.addWidget(self.checked_label)
        balance_box = QVBoxLayout()
        balance_box.setSpacing(0)
        balance_box.addWidget(self.balance_label)
        balance_box.addWidget(self.balance_age)
        layout.addLayout(balance_box)
        layout.addWidget(self.balance_warning)
        layout.addWidget(self.message)
        layout.addWidget(self.busy_row)
        layout.addStretch(1)
        layout.addLayout(buttons)

    @property
    def status(self) -> str:
        """The status key the badge shows (``valid``, ``not_configured``, ``checking``…)."""
        return self._status

    def update_from(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Show the row ``index`` of a :class:`ProvidersViewModel`."""
        vm = ProvidersViewModel
        label = str(index.data(vm.LabelRole) or self.provider)
        self.title.setText(label)
        icon_name = str(index.data(vm.IconRole) or self.provider)
        if icon_name != self._icon_name:
            self._icon_name = icon_name
            self.icon.setPixmap(
                provider_icon(icon_name).pixmap(
                    QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF()
                )
            )
        self.description.setText(str(index.data(vm.DescriptionRole) or ""))
        self._set_chips([tuple(t) for t in index.data(vm.ModelTypesRole) or []])
        configured = bool(index.data(vm.ConfiguredRole))
        checking = bool(index.data(vm.CheckingRole))
        self._status = str(index.data(vm.StatusRole) or "")
        badge_text = str(index.data(vm.StatusLabelRole) or "")
        self.badge.setText(badge_text)
        metrics = QFontMetrics(self._badge_font)
        self.badge.setFixedSize(
            metrics.horizontalAdvance(badge_text) + BADGE_PADDING, metrics.height() + 6
        )
        self.badge.setVisible(bool(self._status))
        self._paint_badge()
        masked = str(index.data(vm.MaskedKeyRole) or "")
        if masked:
            self.key_label.setText(self.tr("Key: {mask}").format(mask=masked))
        elif not index.data(vm.NeedsKeyRole):
            self.key_label.setText(self.tr("No key needed"))
        else:
            self.key_label.setText(self.tr("No key stored"))
        when = str(index.data(vm.LastValidatedTextRole) or "")
        self.checked_label.setText(
            self.tr("Last validated: {when}").format(when=when) if configured else ""
        )
        self.checked_label.setVisible(configured)
        message = str(index.data(vm.StatusMessageRole) or "")
        self.message.setText(message if configured and self._status != "valid" else "")
        self.message.setVisible(bool(self.message.text()))
        self.badge.setToolTip(message)
        self._show_balance(index, configured)
        notice = str(index.data(vm.NoticeRole) or "")
        self.notice.setText(notice)
        self.notice.setAccessibleDescription(notice)
        self.notice.setVisible(bool(notice))
        self.test_button.setEnabled(configured and not checking)
        self.remove_button.setEnabled(configured and not checking)
        self.configure_button.setEnabled(not checking)
        if checking and not self.busy_row.running:
            self.busy_row.start()
        elif not checking and self.busy_row.running:
            self.busy_row.stop()
        self.configure_button.setText(self.tr("Edit…") if configured else self.tr("Configure…"))
        self.configure_button.setAccessibleName(
            self.tr("Configure {provider}").format(provider=label)
        )
        self.test_button.setAccessibleName(self.tr("Test {provider}").format(provider=label))
        self.remove_button.setAccessibleName(self.tr("Remove {provider}").format(provider=label))
        self.setAccessibleName(f"{label}: {self.badge.text()}")

    def _show_balance(self, index: QModelIndex | QPersistentModelIndex, configured: bool) -> None:
        """The balance line (hidden when the provider reports none), its age, the warning."""
        vm = ProvidersViewModel
        text = str(index.data(vm.BalanceTextRole) or "") if configured else ""
        age = str(index.data(vm.BalanceAgeTextRole) or "") if text else ""
        warning = str(index.data(vm.BalanceWarningRole) or "") if text else ""
        low = bool(warning)
        self.balance_label.setText(text)
        self.balance_label.setVisible(bool(text))
        self.balance_label.setAccessibleName(self.tr("Balance"))
        self.balance_label.setAccessibleDescription(f"{text}. {age}" if age else text)
        self.balance_age.setText(age)
        self.balance_age.setVisible(bool(age))
        self.balance_warning.setText(warning)
        self.balance_warning.setVisible(low)
        # Re-styled only when the warning or the theme changed (the grid refreshes cards on
        # palette changes).
        look = (low, self.palette().color(self.backgroundRole()).name())
        if look != self._look:
            self._look = look
            self._paint_notices()

    def _paint_notices(self) -> None:
        """Warning colours for a low balance and the key notice, from the palette."""
        warn_bg, warn_fg = theme.status_colors("no_credit", self.palette())
        bad_bg, bad_fg = theme.status_colors("invalid", self.palette())
        low = bool(self._look and self._look[0])
        weight = "600" if low else "normal"
        color = f" color: {warn_fg.name()};" if low else ""
        self.balance_label.setStyleSheet(f"QLabel#cardBalance {{ font-weight: {weight};{color} }}")
        self.balance_warning.setStyleSheet(
            f"QLabel#balanceWarning {{ background: {warn_bg.name()}; color: {warn_fg.name()};"
            " border-radius: 6px; padding: 3px 6px; font-weight: 600; }"
        )
        self.notice.setStyleSheet(
            f"QLabel#keyNotice {{ background: {bad_bg.name()}; color: {bad_fg.name()};"
            " border-radius: 6px; padding: 4px 6px; font-weight: 600; }"
        )

    def _set_chips(self, types: list[tuple[str, str]]) -> None:
        """Show one chip per model type: the short name, the full one as tooltip."""
        labels = [short for short, _full in types]
        if labels == self._chip_labels:
            return
        self._chip_labels = labels
        while (item := self.chips.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for short, full in types:
            chip = QLabel(short)
            chip.setObjectName("chip")
            chip.setToolTip(full)
            chip.setAccessibleName(full)
            chip.setFont(self._small_font)
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # Sized from font metrics: a style sheet's padding is not reliably in the hint of
            # a label that is not yet shown, and a squeezed chip would cut its text.
            width = QFontMetrics(self._small_font).horizontalAdvance(short) + CHIP_PADDING
            chip.setFixedWidth(width)
            self.chips.addWidget(chip)

    def _paint_badge(self) -> None:
        background, foreground = theme.status_colors(self._status, self.palette())
        # The whole badge style lives here: a widget style sheet replaces the inherited one
        # for this widget, and the size hint must see the final font and padding.
        self.badge.setStyleSheet(
            f"QLabel#badge {{ background: {background.name()}; color: {foreground.name()};"
            " border-radius: 9px; padding: 0px; }"
        )
        self.badge.updateGeometry()
