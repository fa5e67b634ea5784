"""The "Add provider" picker: every provider not yet configured, searchable and grouped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.i18n import current_language
from modelhub.ui.viewmodels.labels import type_label, type_short_label
from modelhub.ui.viewmodels.providers import NEW_CUSTOM
from modelhub.ui.views import theme
from modelhub.ui.views.resources import provider_icon

if TYPE_CHECKING:
    from modelhub.domain.models import ProviderInfo
    from modelhub.ui.viewmodels.providers import ProvidersViewModel

#: Group headings, in the order they are shown.
GROUPS = (
    ("cloud", QT_TRANSLATE_NOOP("ProviderPicker", "Cloud providers")),
    ("local", QT_TRANSLATE_NOOP("ProviderPicker", "On your computer or network")),
)
CUSTOM_TEXT = QT_TRANSLATE_NOOP("ProviderPicker", "Custom OpenAI-compatible…")
_ProviderRole = Qt.ItemDataRole.UserRole + 1


def search_text(info: ProviderInfo) -> str:
    """What a search matches: name, labels in both languages, description, model types."""
    types = " ".join(
        f"{t.value} {t.label} {t.short_label} {type_label(t)} {type_short_label(t)}"
        for t in info.model_types
    )
    return " ".join(
        (info.name, info.label, info.label_zh, info.description, info.description_zh, types)
    ).casefold()


class ProviderPicker(QDialog):
    """Choose a provider to add: a search box over a grouped list, custom endpoint last.

    Typing filters at once (name, English or Chinese label, or a model type such as
    "rerank"); Down moves into the list, Enter or a double click chooses.

    Args:
        vm: The providers view-model (the catalog of providers not yet configured).
        parent: Qt parent.

    Attributes:
        chosen: The provider chosen (:data:`NEW_CUSTOM` for a custom endpoint), or "".

    Signals:
        provider_chosen(str): A provider was chosen (the dialog then closes).
    """

    provider_chosen = Signal(str)

    def __init__(self, vm: ProvidersViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("providerPicker")
        self.setWindowTitle(self.tr("Add a provider"))
        self.setModal(True)
        self.setMinimumSize(460, 480)
        self.chosen = ""
        self._infos = vm.catalog()

        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(
            self.tr("Search by name or model type (chat, embedding, rerank…)")
        )
        self.search.setAccessibleName(self.tr("Search providers"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._fill)
        self.search.installEventFilter(self)

        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        self.list.setAccessibleName(self.tr("Providers you can add"))
        self.list.setIconSize(QSize(28, 28))
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._choose_item)
        self.list.itemDoubleClicked.connect(self._choose_item)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("cardMuted")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Configure…"))
        self.ok_button.setAccessibleName(self.tr("Configure the chosen provider"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        buttons.accepted.connect(lambda: self._choose_item(self.list.currentItem()))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(2 * theme.SPACING,) * 4)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        self._fill("")

    @classmethod
    def open_for(cls, vm: ProvidersViewModel, parent: QWidget | None = None) -> ProviderPicker:
        """Open the picker (window-modal, non-blocking); listen to ``provider_chosen``."""
        dialog = cls(vm, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        dialog.search.setFocus()
        return dialog

    def select(self, provider: str) -> None:
        """Make ``provider``'s entry the current one (keyboard and tests)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(_ProviderRole) == provider:
                self.list.setCurrentRow(row)
                return

    def visible_providers(self) -> list[str]:
        """Providers the list shows now, in order (custom endpoint as :data:`NEW_CUSTOM`)."""
        out = []
        for row in range(self.list.count()):
            value = self.list.item(row).data(_ProviderRole)
            if value:
                out.append(str(value))
        return out

    def eventFilter(self, watched: object, event: object) -> bool:
        # Down (or Enter) in the search box moves into the list.
        keys = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in keys
        ):
            if event.key() == Qt.Key.Key_Down:
                self.list.setFocus()
                return True
            self._choose_item(self.list.currentItem())
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _fill(self, text: str) -> None:
        words = text.casefold().split()
        self.list.clear()
        first: QListWidgetItem | None = None
        for group, heading in GROUPS:
            matches = [
                i
                for i in self._infos
                if i.group == group and all(w in search_text(i) for w in words)
            ]
            if not matches:
                continue
            self._heading(self.tr(str(heading)))
            for info in matches:
                item = QListWidgetItem(provider_icon(info.icon or info.name), "")
                language = current_language()
                types = ", ".join(type_short_label(t) for t in info.model_types)
                preset = " " + self.tr("(preset)") if info.source == "preset" else ""
                description = info.localized_description(language)
                label = info.localized_label(language)
                item.setText(f"{label}{preset}\n{description}  ·  {types}")
                item.setData(_ProviderRole, info.name)
                item.setToolTip(description)
                self.list.addItem(item)
                first = first or item
        custom_words = "custom openai compatible gateway own endpoint 自定义 兼容"
        if all(w in custom_words for w in words):
            self._heading(self.tr("Your own endpoint"))
            item = QListWidgetItem(provider_icon("generic"), "")
            speaks = self.tr("A gateway or server that speaks OpenAI's API")
            item.setText(f"{self.tr(str(CUSTOM_TEXT))}\n{speaks}")
            item.setData(_ProviderRole, NEW_CUSTOM)
            self.list.addItem(item)
            first = first or item
        if first is not None:
            self.list.setCurrentItem(first)
        self.ok_button.setEnabled(first is not None)
        self.empty_label.setVisible(first is None)
        self.empty_label.setText(
            self.tr(
                "No provider matches “{text}”. Add it as a custom OpenAI-compatible "
                "provider if it speaks OpenAI's API: clear the search and choose the last entry."
            ).format(text=text.strip())
        )

    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        value = item.data(_ProviderRole) if item is not None else None
        if not value:
            return
        self.chosen = str(value)
        self.accept()
        self.provider_chosen.emit(self.chosen)
