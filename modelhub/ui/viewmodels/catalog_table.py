"""The catalog table of the models page: one row per (provider, model, type), and the text
each cell shows (capabilities, limits as ``128K``, price per 1M tokens, the last check).

Whole refreshes are one model reset; enabling a model, a check result arriving or a check
starting change rows in place (``dataChanged``), so the selection and scroll position stay.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from modelhub.domain.models import CheckSummary
from modelhub.ui.i18n import current_language
from modelhub.ui.viewmodels.wording import relative_time

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from modelhub.domain.models import CatalogModel, HealthCheck, ModelPrice

AnyIndex = QModelIndex | QPersistentModelIndex
ModelKey = tuple[str, str]  # (provider, model id)
_MILLION = Decimal(1_000_000)
translate = QCoreApplication.translate


# -- formatting ----------------------------------------------------------------------------


def _money(value: Decimal, currency: str) -> str:
    if value == 0:
        return translate("Catalog", "free")
    digits = f"{value:,.2f}" if value >= Decimal("0.01") else f"{value:.4f}"
    return f"${digits}" if currency.upper() == "USD" else f"{digits} {currency.upper()}"


def _price_pair(prompt: Decimal | None, completion: Decimal | None, currency: str) -> str:
    if prompt is None and completion is None:
        return ""
    if completion is None or (prompt is not None and completion == 0 and prompt > 0):
        if prompt is None:
            return ""
        return translate("Catalog", "{price} in").format(price=_money(prompt, currency))
    if prompt is None:
        return translate("Catalog", "{price} out").format(price=_money(completion, currency))
    return translate("Catalog", "{input} in / {output} out").format(
        input=_money(prompt, currency), output=_money(completion, currency)
    )


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

    return _price_pair(per_m("prompt", "input"), per_m("completion", "output"), "USD")


def price_text(price: ModelPrice | None) -> str:
    """A :class:`ModelPrice` (already per 1M tokens) as ``$2.50 in / $10.00 out`` (another
    currency is named after the amount: ``1.00 CNY in``); empty when unknown."""
    if price is None:
        return ""

    def dec(value: float | None) -> Decimal | None:
        if value is None or value < 0:
            return None
        return Decimal(str(value))

    return _price_pair(dec(price.input), dec(price.output), price.currency or "USD")


def format_tokens(n: int | None) -> str:
    """A token count the way model lists print it: ``128K``, ``32K`` (32,768), ``1M``, or a
    dash when unknown."""
    if not n:
        return "—"
    # 131,072 is "128K" as model cards say; 128,000 is "128K" too.
    if n >= 1_000_000:
        binary = n % 1_048_576 == 0 and n % 1_000_000 != 0
        base, suffix = (1_048_576 if binary else 1_000_000), "M"
    elif n >= 1000:
        base, suffix = (1024 if n % 1024 == 0 and n % 1000 != 0 else 1000), "K"
    else:
        return str(n)
    value = n / base
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{suffix}"


def local_time(when: datetime) -> str:
    """``when`` (stored as UTC; naive taken as UTC) as local ``YYYY-MM-DD HH:MM``."""
    return _fetched_text(when)


def capability_text(model: CatalogModel) -> str:
    """``Vision · Tools · Reasoning``, or a dash when the model has none known."""
    if not model.capabilities:
        return "—"
    return " · ".join(translate("Capability", c.label) for c in model.capabilities)


def capability_source_text(model: CatalogModel) -> str:
    """Where the capabilities came from, as a sentence for a tooltip."""
    source = model.capability_source
    if source == "admin":
        if model.custom:
            return translate("Catalog", "Set by you when the model was added.")
        return translate("Catalog", "Corrected by you.")
    if source == "provider":
        return translate("Catalog", "From the provider's model list.")
    if source == "rules":
        return translate(
            "Catalog", "Guessed from the model id (the provider does not say); correct it if wrong."
        )
    return translate("Catalog", "Not known: the provider does not say.")


def summary_of(check: HealthCheck) -> CheckSummary:
    """A fresh check as listings show it (latency: time to first byte, else total)."""
    latency = check.first_byte_ms if check.first_byte_ms is not None else check.total_ms
    return CheckSummary(ok=check.ok, latency_ms=latency, at=check.checked_at, error=check.error)


def check_text(check: CheckSummary | None) -> str:
    """``OK · 320 ms``, ``Failed: <error>`` or ``Not checked``."""
    if check is None:
        return translate("Catalog", "Not checked")
    if check.ok:
        if check.latency_ms is None:
            return translate("Catalog", "OK")
        return translate("Catalog", "OK · {ms} ms").format(ms=f"{check.latency_ms:,}")
    error = (check.error or translate("Catalog", "no answer")).strip().splitlines()[0]
    return translate("Catalog", "Failed: {error}").format(error=error)


def check_tooltip(check: CheckSummary | None) -> str:
    """When the check ran (and the whole error of a failed one)."""
    if check is None:
        return translate("Catalog", "Not checked yet. Check sends one small, billed request.")
    when = translate("Catalog", "Checked {time} ({ago}).").format(
        time=local_time(check.at), ago=relative_time(check.at)
    )
    if check.ok or not check.error:
        return when
    return f"{when}\n{check.error}"


@lru_cache(maxsize=512)
def _legacy_price_text(pricing: tuple[tuple[str, str], ...], _language: str) -> str:
    # Many models share one price: format each distinct price once (per language).
    return price_per_million(dict(pricing))


@lru_cache(maxsize=512)
def _price_text_cached(price: ModelPrice | None, _language: str) -> str:
    return price_text(price)


@lru_cache(maxsize=64)
def _fetched_text(when: datetime) -> str:
    # A provider's models share one fetch time.
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _price_key(model: CatalogModel) -> float:
    """Input price per 1M tokens for sorting (unknown prices sort last)."""
    if model.price is not None and model.price.input is not None:
        return model.price.input
    for key in ("prompt", "input"):
        try:
            return float(model.pricing[key]) * 1_000_000
        except (KeyError, ValueError):
            continue
    return float("inf")


# -- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One table row: the model, its provider's name and the text the search matches.

    The cell texts are computed when a cell is first shown (only visible rows are asked
    for), so loading thousands of models stays cheap.
    """

    model: CatalogModel
    provider_label: str
    search: str

    @property
    def key(self) -> ModelKey:
        """``(provider, model id)``."""
        return (self.model.provider, self.model.model)

    @property
    def context(self) -> str:
        """Context length as ``128K``, or a dash."""
        return format_tokens(self.model.context_length)

    @property
    def max_output(self) -> str:
        """Most output tokens as ``16K``, or a dash."""
        return format_tokens(self.model.max_output_tokens)

    @property
    def price(self) -> str:
        """Price per 1M tokens in / out, or a dash."""
        m = self.model
        language = current_language()
        text = _price_text_cached(m.price, language) if m.price is not None else ""
        if not text and m.pricing:
            text = _legacy_price_text(tuple(sorted(m.pricing.items())), language)
        return text or "—"

    @property
    def fetched(self) -> str:
        """When the model list was fetched (or the model added), local time."""
        return _fetched_text(self.model.fetched_at)


def build_rows(models: Iterable[CatalogModel], labels: Mapping[str, str]) -> list[CatalogRow]:
    """Rows with their search text (plain Python: safe in a worker thread)."""
    rows = []
    for m in models:
        label = labels.get(m.provider, m.provider)
        caps = " ".join(c.label for c in m.capabilities)
        search = f"{label} {m.model} {m.name} {m.model_type.label} {caps}".lower()
        rows.append(CatalogRow(m, label, search))
    return rows


class CatalogTableModel(QAbstractTableModel):
    """The catalog of the current workspace: one row per (provider, model, type).

    Signals:
        enabled_toggled(str, str, bool): The person ticked or cleared a row's Enabled box:
            (provider, model, enabled). The row changes when the view-model has saved it.
    """

    enabled_toggled = Signal(str, str, bool)

    #: Column titles (marked for translation; translated when shown).
    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        str(title)
        for title in (
            QT_TRANSLATE_NOOP("CatalogTableModel", "Model"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Provider"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Type"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Enabled"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Last check"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Capabilities"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Context"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Max output"),
            QT_TRANSLATE_NOOP("CatalogTableModel", "Price per 1M tokens"),
        )
    )
    # State first (is it on, does it answer), then the model's facts.
    (
        MODEL,
        PROVIDER,
        TYPE,
        ENABLED,
        CHECK,
        CAPABILITIES,
        CONTEXT,
        MAX_OUTPUT,
        PRICE,
    ) = range(9)

    ProviderRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1
    ModelIdRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 2
    ModelTypeRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 3
    EnabledRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 4
    CustomRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 5
    LatencyRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 6
    CheckOkRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 7
    CheckingRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CatalogRow] = []
        self._where: dict[ModelKey, list[int]] | None = None
        self._checking: set[ModelKey] = set()
        self._sort_column = self.PROVIDER
        self._sort_order = Qt.SortOrder.AscendingOrder

    @property
    def rows(self) -> Sequence[CatalogRow]:
        """The rows (read-only, for the filter proxy)."""
        return self._rows

    def row(self, row: int) -> CatalogRow:
        """The row at ``row``."""
        return self._rows[row]

    def find(self, provider: str, model: str) -> CatalogRow | None:
        """The first row of ``provider``/``model``, or None."""
        rows = self._positions().get((provider, model))
        return self._rows[rows[0]] if rows else None

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
        self._where = None
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
            if column == self.CAPABILITIES:
                return (-len(m.capabilities), [c.value for c in m.capabilities], *tail)
            if column == self.CONTEXT:
                return (m.context_length or 0, *tail)
            if column == self.MAX_OUTPUT:
                return (m.max_output_tokens or 0, *tail)
            if column == self.PRICE:
                return (_price_key(m), *tail)
            if column == self.ENABLED:
                return (not m.enabled, *tail)
            check = m.last_check
            if check is None:
                return (2, 0, *tail)
            return (0 if check.ok else 1, check.latency_ms or 0, *tail)

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
        return self._sorted(build_rows(models, labels))

    def set_rows(self, rows: list[CatalogRow]) -> None:
        """Replace every row with rows from :meth:`prepare_rows` (a model reset)."""
        self.beginResetModel()
        self._rows = rows
        self._where = None
        self.endResetModel()

    # -- changes in place ------------------------------------------------------------------

    def set_enabled(self, keys: Iterable[ModelKey], enabled: bool) -> int:
        """Mark the rows of ``keys`` enabled or disabled (saved already); returns rows changed."""
        return self._replace(keys, lambda m: dataclasses.replace(m, enabled=enabled))

    def set_check(self, check: HealthCheck) -> int:
        """Show ``check`` as the last check of its model; returns rows changed."""
        key = (check.provider, check.model)
        self._checking.discard(key)
        summary = summary_of(check)
        return self._replace([key], lambda m: dataclasses.replace(m, last_check=summary))

    def set_checking(self, keys: Iterable[ModelKey]) -> None:
        """Show "Checking…" on the rows of ``keys`` (and no longer on any other)."""
        new = set(keys)
        changed = new ^ self._checking
        self._checking = new
        self._emit_changed(changed, self.CHECK, self.CHECK)

    def _replace(self, keys: Iterable[ModelKey], change: Any) -> int:
        where = self._positions()
        touched: list[int] = []
        for key in keys:
            for i in where.get(key, ()):
                old = self._rows[i]
                new = change(old.model)
                if new != old.model:
                    self._rows[i] = CatalogRow(new, old.provider_label, old.search)
                    touched.append(i)
        if touched:
            self.dataChanged.emit(
                self.index(min(touched), 0), self.index(max(touched), len(self.COLUMNS) - 1)
            )
        return len(touched)

    def _emit_changed(self, keys: Iterable[ModelKey], first: int, last: int) -> None:
        where = self._positions()
        rows = [i for key in keys for i in where.get(key, ())]
        if rows:
            self.dataChanged.emit(self.index(min(rows), first), self.index(max(rows), last))

    def _positions(self) -> dict[ModelKey, list[int]]:
        if self._where is None:
            where: dict[ModelKey, list[int]] = {}
            for i, r in enumerate(self._rows):
                where.setdefault(r.key, []).append(i)
            self._where = where
        return self._where

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows under the invisible root."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """The nine columns."""
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
            return translate("CatalogTableModel", self.COLUMNS[section])
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Rows are selectable; the Enabled cell is a check box."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() == self.ENABLED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A click on the Enabled box asks for the change (``enabled_toggled``); the row
        itself changes once it is saved."""
        if (
            not index.isValid()
            or index.column() != self.ENABLED
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        m = self._rows[index.row()].model
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        enabled = state == Qt.CheckState.Checked.value
        if enabled != m.enabled:
            self.enabled_toggled.emit(m.provider, m.model, enabled)
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltips, check state, ids and sort keys."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        m = r.model
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == Qt.ItemDataRole.CheckStateRole and col == self.ENABLED:
            return Qt.CheckState.Checked if m.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.CONTEXT, self.MAX_OUTPUT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ProviderRole:
            return m.provider
        if role == self.ModelIdRole:
            return m.model
        if role == self.ModelTypeRole:
            return m.model_type.value
        if role == self.EnabledRole:
            return m.enabled
        if role == self.CustomRole:
            return m.custom
        if role == self.LatencyRole:
            return None if m.last_check is None else m.last_check.latency_ms
        if role == self.CheckOkRole:
            return None if m.last_check is None else m.last_check.ok
        if role == self.CheckingRole:
            return r.key in self._checking
        return None

    def _display(self, r: CatalogRow, col: int) -> str:
        m = r.model
        if col == self.MODEL:
            return m.model
        if col == self.PROVIDER:
            return r.provider_label
        if col == self.TYPE:
            return translate("ModelType", m.model_type.label)
        if col == self.CAPABILITIES:
            return capability_text(m)
        if col == self.CONTEXT:
            return r.context
        if col == self.MAX_OUTPUT:
            return r.max_output
        if col == self.PRICE:
            return r.price
        if col == self.ENABLED:
            return (
                translate("Catalog", "Enabled") if m.enabled else translate("Catalog", "Disabled")
            )
        if r.key in self._checking:
            return translate("Catalog", "Checking…")
        return check_text(m.last_check)

    def _tooltip(self, r: CatalogRow, col: int) -> str | None:
        m = r.model
        if col == self.MODEL:
            lines = [m.name] if m.name and m.name != m.model else []
            if m.custom:
                lines.append(
                    translate("Catalog", "Added by hand: kept across refreshes; you can remove it.")
                )
            else:
                lines.append(
                    translate("Catalog", "Listed by the provider (fetched {time}).").format(
                        time=r.fetched
                    )
                )
            if not m.enabled:
                lines.append(translate("Catalog", "Disabled: not offered as a default model."))
            return "\n".join(lines)
        if col == self.CAPABILITIES:
            return capability_source_text(m)
        if col in (self.CONTEXT, self.MAX_OUTPUT):
            value = m.context_length if col == self.CONTEXT else m.max_output_tokens
            fact = "context_length" if col == self.CONTEXT else "max_output_tokens"
            if value is None:
                return translate("Catalog", "Not known.")
            text = translate("Catalog", "{n} tokens").format(n=f"{value:,}")
            if fact in m.corrected:
                text += " " + translate("Catalog", "(corrected by you)")
            return text
        if col == self.PRICE:
            if m.price is not None:
                return translate("Catalog", "Per 1M tokens, in {currency}.").format(
                    currency=m.price.currency or "USD"
                )
            return translate("Catalog", "Per 1M tokens.") if r.price != "—" else None
        if col == self.ENABLED:
            if m.enabled:
                return translate("Catalog", "Offered as a default model. Clear to disable.")
            return translate(
                "Catalog", "Disabled: stays listed but is not offered as a default model."
            )
        if col == self.CHECK:
            if r.key in self._checking:
                return translate("Catalog", "A check of this model is running.")
            return check_tooltip(m.last_check)
        return None
