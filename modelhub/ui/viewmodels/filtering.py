"""List models behind the default-model combos: options grouped by provider, fast filtering.

A combo lists one type's models from every valid provider, with a non-selectable header row
per provider. :class:`ModelOptionsModel` holds those rows; :class:`OptionsFilterProxy` narrows
them as the person types. The proxy answers ``filterAcceptsRow`` from a list of booleans it
computes once per keystroke in plain Python (a substring test over pre-lowered strings), so a
keystroke over 10,000 models costs one list comprehension plus one cheap Python call per row,
instead of one ``data()`` round trip per row.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from modelhub.domain.models import CatalogModel

AnyIndex = QModelIndex | QPersistentModelIndex


def pin_singletons() -> None:
    """Keep ``None``, ``True`` and ``False`` alive whatever PySide6 does to their refcounts.

    PySide6 6.12 on CPython 3.11 returns ``None`` from void methods (``setText``,
    ``setFilterFixedString``, ``endResetModel`` ...) without taking a reference, so each call
    drops one: after a few thousand calls Python aborts with "deallocating None". CPython 3.12
    made these objects immortal; on 3.11 we give them a reference count no process can
    exhaust. Idempotent and cheap; a no-op on 3.12+.
    """
    if sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < 1 << 40:
            count.value += 1 << 40


# Importing the view-models is what every process that shows our lists does first.
pin_singletons()


@dataclass(frozen=True, slots=True)
class Option:
    """One row of a default-model combo.

    Attributes:
        provider: Provider name (``openrouter``).
        provider_label: Provider display name (``OpenRouter``).
        model: Model id, or empty for a provider header row.
        name: Model display name.
        search: Lower-case text the filter matches against.
    """

    provider: str
    provider_label: str
    model: str = ""
    name: str = ""
    search: str = ""

    @property
    def is_header(self) -> bool:
        """True for the provider header rows."""
        return not self.model


class ModelOptionsModel(QAbstractListModel):
    """The models of one type, grouped under a header row per provider.

    Model rows carry the provider and model id in item data (``ProviderRole``,
    ``ModelIdRole``); header rows are enabled but not selectable.
    """

    ProviderRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1
    ModelIdRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 2
    IsHeaderRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 3
    ProviderLabelRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 4
    ShortTextRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 5
    SearchRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Option] = []
        self._index: dict[tuple[str, str], int] = {}

    @property
    def rows(self) -> Sequence[Option]:
        """The rows, headers included (read-only view for the proxy)."""
        return self._rows

    def set_models(self, models: Iterable[CatalogModel], labels: dict[str, str]) -> None:
        """Replace every row (a model reset) with ``models`` grouped by provider.

        Args:
            models: The catalog models of one type.
            labels: Provider name to display name; groups follow this order, then by name.
        """
        order = {name: i for i, name in enumerate(labels)}
        ordered = sorted(
            models, key=lambda m: (order.get(m.provider, len(order)), m.provider, m.model.lower())
        )
        rows: list[Option] = []
        current = None
        for m in ordered:
            label = labels.get(m.provider, m.provider)
            if m.provider != current:
                current = m.provider
                rows.append(Option(m.provider, label))
            name = m.name or m.model
            rows.append(
                Option(m.provider, label, m.model, name, f"{label} {m.model} {name}".lower())
            )
        self.beginResetModel()
        self._rows = rows
        self._index = {(o.provider, o.model): i for i, o in enumerate(rows) if o.model}
        self.endResetModel()

    def row_of(self, provider: str, model: str) -> int:
        """Row of ``provider``/``model``, or -1 when the list does not offer it."""
        return self._index.get((provider, model), -1)

    def model_count(self) -> int:
        """Number of model rows (headers excluded)."""
        return len(self._index)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows under the invisible root; a list has no children."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, ids and header flag of a row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        o = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return o.provider_label if o.is_header else f"{o.provider_label} · {o.name}"
        if role == self.ShortTextRole:
            if o.is_header:
                return o.provider_label
            return o.model if o.name == o.model else f"{o.name}  ({o.model})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if o.is_header else f"{o.provider_label}: {o.model}"
        if role == self.ProviderRole:
            return o.provider
        if role == self.ModelIdRole:
            return o.model
        if role == self.IsHeaderRole:
            return o.is_header
        if role == self.ProviderLabelRole:
            return o.provider_label
        if role == self.SearchRole:
            return o.search
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Model rows are selectable; headers only label a group."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].is_header:
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def roleNames(self) -> dict[int, QByteArray]:
        """Role names, for QML and debugging."""
        names = dict(super().roleNames())
        extra = {
            self.ProviderRole: b"provider",
            self.ModelIdRole: b"modelId",
            self.IsHeaderRole: b"isHeader",
            self.ProviderLabelRole: b"providerLabel",
            self.ShortTextRole: b"shortText",
            self.SearchRole: b"search",
        }
        names.update({role: QByteArray(name) for role, name in extra.items()})
        return names


class OptionsFilterProxy(QSortFilterProxyModel):
    """Narrows a :class:`ModelOptionsModel` to models whose provider, id or name contain the text.

    A provider header stays while at least one of its models matches.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._accept: list[bool] | None = None
        self._stale = False

    @property
    def needle(self) -> str:
        """The current filter text (lower case, stripped)."""
        return self._needle

    def setSourceModel(self, model: Any) -> None:
        """Filter ``model`` (a :class:`ModelOptionsModel`) and follow its resets."""
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._forget)
        super().setSourceModel(model)
        if model is not None:
            model.modelAboutToBeReset.connect(self._forget)
        self._compute()

    def setFilterFixedString(self, pattern: str) -> None:
        """Show only rows containing ``pattern`` (case-insensitive)."""
        needle = pattern.strip().lower()
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self._compute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _forget(self) -> None:
        # Source rows are about to change: recompute lazily against the new rows.
        self._accept = None
        self._stale = True

    def _compute(self) -> None:
        self._stale = False
        source = self.sourceModel()
        if not self._needle or not isinstance(source, ModelOptionsModel):
            self._accept = None
            return
        needle = self._needle
        rows = source.rows
        accept = [needle in o.search for o in rows]
        # A header is shown when any model after it (up to the next header) is.
        keep = False
        for i in range(len(rows) - 1, -1, -1):
            if rows[i].is_header:
                accept[i] = keep
                keep = False
            elif accept[i]:
                keep = True
        self._accept = accept

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Answer from the list computed for the current text."""
        if self._stale:
            self._compute()
        accept = self._accept
        if accept is None:
            return True
        return source_row < len(accept) and accept[source_row]

    def first_selectable_row(self) -> int:
        """The first proxy row holding a model, or -1."""
        source = self.sourceModel()
        if not isinstance(source, ModelOptionsModel):
            return -1
        for row in range(self.rowCount()):
            src = self.mapToSource(self.index(row, 0)).row()
            if not source.rows[src].is_header:
                return row
        return -1
