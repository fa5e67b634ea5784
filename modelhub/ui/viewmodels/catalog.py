"""View-model of the models page: the catalog table, its filters and Refresh."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from modelhub.domain.models import ModelType
from modelhub.ui.viewmodels.filtering import RowListProxy
from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Mapping, Sequence

    from modelhub.domain.models import (
        CatalogDiff,
        CatalogModel,
        DefaultModel,
        ProviderState,
        RefreshOutcome,
    )
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext


T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex
_MILLION = Decimal(1_000_000)


def price_per_million(pricing: Mapping[str, str]) -> str:
    """USD per 1M tokens from per-token string prices: ``$2.50 in / $10.00 out``.

    Returns an empty string when the provider gave no usable prompt/completion price.
    """

    def per_m(*keys: str) -> Decimal | None:
        for key in keys:
            raw = pricing.get(key)
            if raw is None:
                continue
            try:
                value = Decimal(str(raw))
            except InvalidOperation:
                continue
            if value.is_finite() and value >= 0:
                return value * _MILLION
        return None

    def fmt(value: Decimal) -> str:
        if value == 0:
            return "free"
        return f"${value:,.2f}" if value >= Decimal("0.01") else f"${value:.4f}"

    prompt = per_m("prompt", "input")
    completion = per_m("completion", "output")
    if prompt is None and completion is None:
        return ""
    if completion is None or (prompt is not None and completion == 0 and prompt > 0):
        return f"{fmt(prompt)} in" if prompt is not None else ""
    if prompt is None:
        return f"{fmt(completion)} out"
    return f"{fmt(prompt)} in / {fmt(completion)} out"


def _price_key(pricing: Mapping[str, str]) -> float:
    """Prompt price per token as a number for sorting (unknown prices sort last)."""
    for key in ("prompt", "input"):
        try:
            return float(pricing[key])
        except (KeyError, ValueError):
            continue
    return float("inf")


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """``just now``, ``5 min ago``, ``3 h ago``, ``2 days ago`` or ``never``."""
    if when is None:
        return "never"
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = max(0.0, (now - when).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"


def _local(when: datetime) -> datetime:
    """``when`` in local time (stored times are UTC; naive ones are taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone()


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One table row: the model, its provider's name and the text the search matches.

    The other cell texts are computed when a cell is first shown (only visible rows are
    asked for), so loading thousands of models stays cheap.
    """

    model: CatalogModel
    provider_label: str
    search: str

    @property
    def context(self) -> str:
        """Context length with thousands separators, or a dash."""
        n = self.model.context_length
        return f"{n:,}" if n else "—"

    @property
    def price(self) -> str:
        """Price per 1M tokens, or a dash."""
        return _price_text(tuple(sorted(self.model.pricing.items()))) or "—"

    @property
    def fetched(self) -> str:
        """When the model list was fetched, local time."""
        return _fetched_text(self.model.fetched_at)


@lru_cache(maxsize=512)
def _price_text(pricing: tuple[tuple[str, str], ...]) -> str:
    # Many models share one price: format each distinct price once.
    return price_per_million(dict(pricing))


@lru_cache(maxsize=64)
def _fetched_text(when: datetime) -> str:
    # A provider's models share one fetch time.
    return _local(when).strftime("%Y-%m-%d %H:%M")


class CatalogTableModel(QAbstractTableModel):
    """The catalog of the current workspace: one row per (provider, model, type)."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "Provider",
        "Model",
        "Type",
        "Context",
        "Price per 1M tokens",
        "Fetched",
    )
    PROVIDER, MODEL, TYPE, CONTEXT, PRICE, FETCHED = range(6)

    ProviderRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1
    ModelIdRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 2
    ModelTypeRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CatalogRow] = []
        self._sort_column = self.PROVIDER
        self._sort_order = Qt.SortOrder.AscendingOrder

    @property
    def rows(self) -> Sequence[CatalogRow]:
        """The rows (read-only, for the filter proxy)."""
        return self._rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order rows by ``column`` with keys computed once per row (one model reset).

        Sorting here rather than in the proxy matters at thousands of rows: the proxy would
        ask ``data()`` for both sides of every comparison, through Python each time.
        """
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.beginResetModel()
        self._rows = self._sorted(self._rows)
        self.endResetModel()

    def _sorted(self, rows: list[CatalogRow]) -> list[CatalogRow]:
        column = self._sort_column

        def key(r: CatalogRow) -> tuple[Any, ...]:
            m = r.model
            tail = (m.model.lower(), m.model_type.value)
            if column == self.PROVIDER:
                return (r.provider_label.lower(), *tail)
            if column == self.MODEL:
                return (m.model.lower(), r.provider_label.lower(), m.model_type.value)
            if column == self.TYPE:
                return (m.model_type.label, *tail)
            if column == self.CONTEXT:
                return (m.context_length or 0, *tail)
            if column == self.PRICE:
                return (_price_key(m.pricing), *tail)
            return (m.fetched_at.timestamp(), *tail)

        return sorted(rows, key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def set_models(self, models: Sequence[CatalogModel], labels: Mapping[str, str]) -> None:
        """Replace every row (a model reset)."""
        self.set_rows(self.prepare_rows(models, labels))

    def prepare_rows(
        self, models: Sequence[CatalogModel], labels: Mapping[str, str]
    ) -> list[CatalogRow]:
        """Rows for :meth:`set_rows`, in the current sort order.

        Plain Python with no Qt calls: safe to run in a worker thread.
        """
        rows = []
        for m in models:
            label = labels.get(m.provider, m.provider)
            search = f"{label} {m.model} {m.name} {m.model_type.label}".lower()
            rows.append(CatalogRow(m, label, search))
        return self._sorted(rows)

    def set_rows(self, rows: list[CatalogRow]) -> None:
        """Replace every row with rows from :meth:`prepare_rows` (a model reset)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows under the invisible root."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """The six columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, ids and sort keys."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        m = r.model
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.provider_label,
                m.model,
                m.model_type.label,
                r.context,
                r.price,
                r.fetched,
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == self.MODEL and m.name != m.model:
            return m.name
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.CONTEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ProviderRole:
            return m.provider
        if role == self.ModelIdRole:
            return m.model
        if role == self.ModelTypeRole:
            return m.model_type.value
        return None


class CatalogFilterProxy(RowListProxy):
    """Filters the catalog by search text, model type and provider; sorting is the model's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._type: str | None = None
        self._provider: str | None = None

    def set_search(self, text: str) -> None:
        """Show rows whose provider, id, name or type contain ``text`` (any case)."""
        self._change(text.strip().lower(), self._type, self._provider)

    def set_type(self, model_type: str | None) -> None:
        """Show only ``model_type`` (a :class:`ModelType` value), or every type."""
        self._change(self._search, model_type or None, self._provider)

    def set_provider(self, provider: str | None) -> None:
        """Show only ``provider``, or every provider."""
        self._change(self._search, self._type, provider or None)

    def _change(self, search: str, model_type: str | None, provider: str | None) -> None:
        if (search, model_type, provider) == (self._search, self._type, self._provider):
            return
        self._search, self._type, self._provider = search, model_type, provider
        self.refilter()

    def matching(self) -> list[int] | None:
        """Rows passing the three filters (None when no filter is set)."""
        source = self.sourceModel()
        if not isinstance(source, CatalogTableModel):
            return None
        search, mtype, provider = self._search, self._type, self._provider
        if not search and mtype is None and provider is None:
            return None
        return [
            i
            for i, r in enumerate(source.rows)
            if (mtype is None or r.model.model_type.value == mtype)
            and (provider is None or r.model.provider == provider)
            and (not search or search in r.search)
        ]


def describe_diff(
    diff: CatalogDiff, label: str, defaults: Mapping[ModelType, DefaultModel | None] | None = None
) -> str:
    """One line for a refresh: ``OpenRouter: +3 models, −1 (x was your LLM default)``.

    Args:
        diff: What the refresh changed.
        label: The provider's display name.
        defaults: The defaults as they were before the refresh, to name a removed default.
    """
    if diff.error:
        return f"{label}: refresh failed — {diff.error}"
    if not diff.added and not diff.removed:
        return f"{label}: no changes ({diff.total} models)"
    parts = []
    if diff.added:
        parts.append(f"+{len(diff.added)} model{'s' if len(diff.added) != 1 else ''}")
    if diff.removed:
        removed = f"−{len(diff.removed)}"
        notes = []
        for t in diff.removed_defaults:
            d = (defaults or {}).get(t)
            model = d.model if d is not None and d.provider == diff.provider else "a model"
            notes.append(f"{model} was your {t.label} default")
        if notes:
            removed += f" ({'; '.join(notes)})"
        parts.append(removed)
    return f"{label}: {', '.join(parts)}"


class CatalogViewModel(QObject, ServicesSlot):
    """The model catalog of the current workspace.

    Args:
        services: The service graph (``.providers``, ``.models``).
        context: The shared workspace context.
        parent: Qt parent.

    Signals:
        loaded(): The catalog of the current workspace was (re)loaded.
        providers_changed(): The list of configured providers changed (Refresh menu, filter).
        last_refresh_changed(str): The "Last refresh" text changed.
        refreshing_changed(bool): Whether a refresh runs.
        report_ready(str): The added/removed report of a finished refresh (one line each).
        busy_changed(bool): Whether a load or refresh runs.
        error_occurred(str): An expected failure, as a sentence a person can act on.
    """

    loaded = Signal()
    providers_changed = Signal()
    last_refresh_changed = Signal(str)
    refreshing_changed = Signal(bool)
    report_ready = Signal(str)
    busy_changed = Signal(bool)
    error_occurred = Signal(str)

    def __init__(
        self,
        services: Services | None,
        context: WorkspaceContext,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._context = context
        self._runner = TaskRunner(self)
        self._runner.busy_changed.connect(self.busy_changed)
        self._runner.busy_changed.connect(self._on_busy)
        self._runner.error_occurred.connect(self.error_occurred)
        self.table = CatalogTableModel(self)
        self._custom_labels: dict[str, str] = {}
        self.proxy = CatalogFilterProxy(self)
        self.proxy.setSourceModel(self.table)
        self._providers: list[tuple[str, str]] = []
        self._last_refresh: datetime | None = None
        self._generation = 0
        self._refreshing = False
        self._refresh_count = 0
        context.workspace_changed.connect(self._on_workspace_changed)
        context.catalog_changed.connect(self.reload)

    # -- state -----------------------------------------------------------------------------

    @property
    def runner(self) -> TaskRunner:
        """The task runner (the window cancels it on close)."""
        return self._runner

    @property
    def refreshing(self) -> bool:
        """True while a refresh runs."""
        return self._refreshing

    @property
    def providers(self) -> list[tuple[str, str]]:
        """Configured providers as ``(name, label)``, for the Refresh menu and filter."""
        return list(self._providers)

    @property
    def last_refresh_text(self) -> str:
        """``Last refresh: 5 min ago`` (or ``never``)."""
        return f"Last refresh: {relative_time(self._last_refresh)}"

    @staticmethod
    def model_types() -> list[tuple[str, str]]:
        """Every model type as ``(value, label)``, for the type filter."""
        return [(t.value, t.label) for t in ModelType]

    # -- commands --------------------------------------------------------------------------

    def cancel_all(self) -> None:
        """Cancel running loads, saves and refreshes (window closing)."""
        self._runner.cancel_all()

    def reload(self) -> None:
        """Reload the catalog of the current workspace from the database (no network)."""
        tenant = self._context.workspace_id
        self._generation += 1
        generation = self._generation
        if not tenant:
            self._apply(generation, tenant, ([], []))
            return
        self._runner.run(
            f"reload-{generation}",
            self._load(tenant),
            lambda result: self._apply(generation, tenant, result),
        )

    def refresh_all(self) -> None:
        """Validate and refresh every configured provider; a second call while busy is ignored."""
        tenant = self._context.workspace_id
        if not tenant or self._refreshing:
            return
        self._set_refreshing(True)
        self._refresh_count += 1
        task = self._runner.run(
            f"refresh-{self._refresh_count}",
            self._with_defaults(tenant, lambda: self._svc.providers.refresh_all(tenant)),
            lambda result: self._refreshed_all(tenant, *result),
            self._refresh_failed,
        )
        if task is None:
            self._set_refreshing(False)

    def refresh_provider(self, provider: str) -> None:
        """Fetch ``provider``'s models again; ignored while a refresh runs."""
        tenant = self._context.workspace_id
        if not tenant or self._refreshing:
            return
        self._set_refreshing(True)
        self._refresh_count += 1
        task = self._runner.run(
            f"refresh-{self._refresh_count}",
            self._with_defaults(
                tenant, lambda: self._svc.providers.refresh_models(tenant, provider)
            ),
            lambda result: self._refreshed(tenant, [result[0]], result[1]),
            self._refresh_failed,
        )
        if task is None:
            self._set_refreshing(False)

    def set_search(self, text: str) -> None:
        """Filter rows by text."""
        self.proxy.set_search(text)

    def set_type_filter(self, model_type: str | None) -> None:
        """Filter rows by type value (None: all)."""
        self.proxy.set_type(model_type)

    def set_provider_filter(self, provider: str | None) -> None:
        """Filter rows by provider name (None: all)."""
        self.proxy.set_provider(provider)

    # -- internals -------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        labels = {info.name: info.label for info in self._svc.providers.infos()}
        # A workspace's custom providers are named by their own configs.
        labels.update(self._custom_labels)
        return labels

    async def _load(self, tenant: str) -> tuple[list[ProviderState], list[CatalogRow]]:
        states = await self._svc.providers.list_providers(tenant)
        self._custom_labels = {s.provider: s.info.label for s in states if s.info.is_custom}
        labels = self._labels()
        models = [m for s in states if s.configured and s.is_valid for m in s.models]
        # Building and sorting thousands of rows is plain Python: off the GUI thread.
        rows = await asyncio.to_thread(self.table.prepare_rows, models, labels)
        return states, rows

    def _apply(
        self, generation: int, tenant: str, result: tuple[list[ProviderState], list[CatalogRow]]
    ) -> None:
        if generation != self._generation or tenant != self._context.workspace_id:
            return
        states, rows = result
        self.table.set_rows(rows)
        providers = [(s.provider, s.info.label) for s in states if s.configured]
        if providers != self._providers:
            self._providers = providers
            self.providers_changed.emit()
        fetched = [s.models_fetched_at for s in states if s.models_fetched_at is not None]
        self._last_refresh = max(fetched) if fetched else None
        self.last_refresh_changed.emit(self.last_refresh_text)
        self.loaded.emit()

    async def _with_defaults(
        self, tenant: str, work: Callable[[], Coroutine[Any, Any, T]]
    ) -> tuple[T, dict[ModelType, DefaultModel | None]]:
        # The defaults before the refresh name the model a removal took away.
        defaults = await self._svc.models.get_defaults(tenant)
        return await work(), defaults

    def _refreshed_all(
        self,
        tenant: str,
        outcomes: list[RefreshOutcome],
        defaults: dict[ModelType, DefaultModel | None],
    ) -> None:
        diffs = []
        labels = self._labels()
        lines = []
        for outcome in outcomes:
            if outcome.catalog is not None:
                diffs.append(outcome.catalog)
            else:
                label = labels.get(outcome.provider, outcome.provider)
                lines.append(f"{label}: not refreshed — {outcome.validation.message}")
        self._refreshed(tenant, diffs, defaults, lines)

    def _refreshed(
        self,
        tenant: str,
        diffs: list[CatalogDiff],
        defaults: dict[ModelType, DefaultModel | None],
        extra: list[str] | None = None,
    ) -> None:
        self._set_refreshing(False)
        labels = self._labels()
        lines = [describe_diff(d, labels.get(d.provider, d.provider), defaults) for d in diffs]
        lines += extra or []
        if not lines:
            lines = ["No providers configured: nothing to refresh."]
        report = "\n".join(lines)
        self.report_ready.emit(report)
        self._context.post_status("Refresh done. " + "; ".join(lines))
        if tenant == self._context.workspace_id:
            # Every page showing models (this one, defaults, cards) reloads from the database.
            self._context.notify_catalog_changed()

    def _refresh_failed(self, error: Any) -> None:
        self._set_refreshing(False)
        message = f"{error.message} {error.hint}" if getattr(error, "hint", None) else error.message
        self.report_ready.emit(f"Refresh failed: {message}")
        self.error_occurred.emit(message)

    def _set_refreshing(self, value: bool) -> None:
        if value != self._refreshing:
            self._refreshing = value
            self.refreshing_changed.emit(value)

    def _on_busy(self, busy: bool) -> None:
        if not busy and self._refreshing:
            self._set_refreshing(False)  # cancelled (window closing, workspace switch)

    def _on_workspace_changed(self, _workspace_id: str) -> None:
        self.reload()
