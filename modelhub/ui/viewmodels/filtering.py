"""List models behind the default-model combos: options grouped by provider, fast filtering.

A combo lists one type's models from every valid provider, with a non-selectable header row
per provider. :class:`ModelOptionsModel` holds those rows; :class:`OptionsFilterProxy` narrows
them as the person types: one substring test per row over pre-lowered strings in plain Python,
then a reset of the proxy (the source rows are never rebuilt), so a keystroke over 10,000
models stays far below the 50 ms a person notices.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractProxyModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from modelhub.domain.models import CatalogModel

AnyIndex = QModelIndex | QPersistentModelIndex


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


def build_options(models: Iterable[CatalogModel], labels: dict[str, str]) -> list[Option]:
    """Rows for a :class:`ModelOptionsModel`: a header per provider, then its models by id.

    Pure Python with no Qt, so it can run in a worker thread.

    Args:
        models: The catalog models of one type.
        labels: Provider name to display name; groups follow this order.
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
        rows.append(Option(m.provider, label, m.model, name, f"{label} {m.model} {name}".lower()))
    return rows


def index_options(rows: Sequence[Option]) -> dict[tuple[str, str], int]:
    """Row of each ``(provider, model)`` in ``rows`` (plain Python, thread-safe)."""
    return {(o.provider, o.model): i for i, o in enumerate(rows) if o.model}


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
        self.set_rows(build_options(models, labels))

    def set_rows(self, rows: list[Option], index: dict[tuple[str, str], int] | None = None) -> None:
        """Replace every row with ``rows`` from :func:`build_options` (a model reset).

        Building the rows and their :func:`index_options` is plain Python, so callers may do
        both off the GUI thread and pass the index in.
        """
        if index is None:
            index = index_options(rows)
        self.beginResetModel()
        self._rows = rows
        self._index = index
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


class RowListProxy(QAbstractProxyModel):
    """A flat proxy showing a list of source rows, recomputed in one Python pass per change.

    Subclasses implement :meth:`matching` (``None`` means every row). A change of filter is
    published as a reset of this proxy, which a view handles in constant time; a
    ``QSortFilterProxyModel`` would call back into Python once per source row and announce
    every scattered removed range one by one, several times slower at thousands of rows.
    Sorting, if any, is the source model's business.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[int] | None = None  # None: every source row

    def setSourceModel(self, model: Any) -> None:
        """Show ``model`` and follow its resets (our sources publish every change as one)."""
        old = self.sourceModel()
        self.beginResetModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self.beginResetModel)
            old.modelReset.disconnect(self._source_reset)
            old.dataChanged.disconnect(self._source_data_changed)
        super().setSourceModel(model)
        if model is not None:
            model.modelAboutToBeReset.connect(self.beginResetModel)
            model.modelReset.connect(self._source_reset)
            # Rows changed in place (a model enabled, a check result): the cells shown.
            model.dataChanged.connect(self._source_data_changed)
        self._rows = self.matching()
        self.endResetModel()

    def matching(self) -> list[int] | None:
        """Source rows to show, ascending; None for all of them."""
        return None

    def refilter(self) -> None:
        """Recompute :meth:`matching` and publish it (one reset)."""
        rows = self.matching()
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _source_reset(self) -> None:
        self._rows = self.matching()
        self.endResetModel()

    def _source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] | None = None
    ) -> None:
        top, bottom = top_left.row(), bottom_right.row()
        if self._rows is None:
            first, last = top, bottom
        else:
            # Shown rows are ascending source rows: those in [top, bottom] are contiguous.
            first = bisect_left(self._rows, top)
            last = bisect_right(self._rows, bottom) - 1
            if first > last:
                return
        self.dataChanged.emit(
            self.index(first, top_left.column()),
            self.index(last, bottom_right.column()),
            list(roles or []),
        )

    # -- QAbstractProxyModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows shown."""
        source = self.sourceModel()
        if parent.isValid() or source is None:
            return 0
        return source.rowCount(QModelIndex()) if self._rows is None else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """The source's columns."""
        source = self.sourceModel()
        if parent.isValid() or source is None:
            return 0
        if isinstance(source, QAbstractListModel):
            return 1  # its columnCount() is private in C++
        return int(source.columnCount(QModelIndex()))

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Index of ``row``/``column``."""
        if (
            parent.isValid()
            or not 0 <= row < self.rowCount()
            or not 0 <= column < self.columnCount()
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A flat list: no parents."""
        return QModelIndex()

    def sibling(self, row: int, column: int, idx: AnyIndex) -> QModelIndex:
        """The cell at ``row``/``column`` (flat)."""
        return self.index(row, column)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Only the root has children."""
        return not parent.isValid() and self.rowCount() > 0

    def source_row(self, row: int) -> int:
        """The source row shown at proxy ``row``."""
        return row if self._rows is None else self._rows[row]

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        """The source index shown at ``proxy_index``."""
        source = self.sourceModel()
        if source is None or not proxy_index.isValid():
            return QModelIndex()
        return source.index(self.source_row(proxy_index.row()), proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        """Where ``source_index`` is shown, or an invalid index when it is filtered out."""
        if not source_index.isValid():
            return QModelIndex()
        row = source_index.row()
        if self._rows is not None:
            pos = bisect_left(self._rows, row)
            if pos >= len(self._rows) or self._rows[pos] != row:
                return QModelIndex()
            row = pos
        return self.index(row, source_index.column())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The source cell's data."""
        source = self.sourceModel()
        if source is None or not index.isValid():
            return None
        return source.data(self.mapToSource(index), role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """The source cell's flags."""
        source = self.sourceModel()
        if source is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return source.flags(self.mapToSource(index))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles from the source; row numbers of the shown rows."""
        source = self.sourceModel()
        if source is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return source.headerData(section, orientation, role)
        if 0 <= section < self.rowCount():
            return source.headerData(self.source_row(section), orientation, role)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the source model sort itself (it re-publishes the rows as a reset)."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


class OptionsFilterProxy(RowListProxy):
    """Narrows a :class:`ModelOptionsModel` to models whose provider, id or name contain the text.

    A provider header stays while at least one of its models matches.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    @property
    def needle(self) -> str:
        """The current filter text (lower case, stripped)."""
        return self._needle

    def setSourceModel(self, model: Any) -> None:
        """Filter ``model`` (a :class:`ModelOptionsModel`)."""
        if not isinstance(model, ModelOptionsModel):
            raise TypeError("OptionsFilterProxy filters a ModelOptionsModel")
        super().setSourceModel(model)

    def setFilterFixedString(self, pattern: str) -> None:
        """Show only rows containing ``pattern`` (case-insensitive)."""
        needle = pattern.strip().lower()
        if needle != self._needle:
            self._needle = needle
            self.refilter()

    def matching(self) -> list[int] | None:
        """Matching model rows, each group led by its provider's header."""
        source = self.sourceModel()
        if not self._needle or not isinstance(source, ModelOptionsModel):
            return None
        needle = self._needle
        out: list[int] = []
        header = -1
        header_added = False
        for i, o in enumerate(source.rows):
            if not o.model:
                header, header_added = i, False
            elif needle in o.search:
                if not header_added and header >= 0:
                    out.append(header)
                    header_added = True
                out.append(i)
        return out

    def first_selectable_row(self) -> int:
        """The first proxy row holding a model, or -1."""
        source = self.sourceModel()
        if not isinstance(source, ModelOptionsModel):
            return -1
        options = source.rows
        for row in range(self.rowCount()):
            if options[self.source_row(row)].model:
                return row
        return -1
