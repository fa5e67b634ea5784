"""View-model of the models page: the catalog as managed objects (enable, disable, add by
hand, correct), its filters, Refresh, and health checks of its rows.

The table and the filter live in :mod:`~modelhub.ui.viewmodels.catalog_table` and
:mod:`~modelhub.ui.viewmodels.catalog_filter`; they are re-exported here.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import Capability, ModelType
from modelhub.ui.i18n import current_language
from modelhub.ui.viewmodels.catalog_filter import CatalogFilterProxy
from modelhub.ui.viewmodels.catalog_table import (
    CatalogRow,
    CatalogTableModel,
    capability_source_text,
    format_tokens,
    price_per_million,
    price_text,
)
from modelhub.ui.viewmodels.health import HealthViewModel
from modelhub.ui.viewmodels.labels import capability_label, type_label
from modelhub.ui.viewmodels.schedule import utc_now
from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner, describe_error
from modelhub.ui.viewmodels.wording import relative_time

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
    from datetime import datetime

    from modelhub.domain.errors import ModelHubError
    from modelhub.domain.models import (
        CatalogDiff,
        DefaultModel,
        ProviderInfo,
        ProviderState,
        RefreshOutcome,
    )
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext

__all__ = [
    "CatalogFilterProxy",
    "CatalogRow",
    "CatalogTableModel",
    "CatalogViewModel",
    "describe_diff",
    "format_tokens",
    "parse_limit",
    "price_per_million",
    "price_text",
    "relative_time",
]

T = TypeVar("T")
ModelKey = tuple[str, str]
translate = QCoreApplication.translate

#: Bulk changes of more models than this ask first.
CONFIRM_ABOVE = 20


def parse_limit(text: str | int | None, what: str) -> int | None:
    """A token limit as typed (``128000``, ``128K``, ``1M``, ``131,072``); None when empty.

    Raises:
        InvalidInputError: Not a positive whole number of tokens.
    """
    if text is None or isinstance(text, int):
        return text
    raw = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not raw:
        return None
    factor = 1
    if raw[-1] in "kK":
        raw, factor = raw[:-1], 1000
    elif raw[-1] in "mM":
        raw, factor = raw[:-1], 1_000_000
    try:
        value = round(float(raw) * factor) if factor != 1 else int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise InvalidInputError(
            translate("Catalog", "The {what} must be a whole number of tokens.").format(what=what),
            translate("Catalog", "Type it as 128000 or 128K, or leave it empty."),
        )
    return value


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
        return translate("Catalog", "{label}: refresh failed — {error}").format(
            label=label, error=diff.error
        )
    if not diff.added and not diff.removed:
        if diff.total == 1:
            return translate("Catalog", "{label}: no changes (1 model)").format(label=label)
        return translate("Catalog", "{label}: no changes ({n} models)").format(
            label=label, n=diff.total
        )
    parts = []
    if diff.added:
        if len(diff.added) == 1:
            parts.append(translate("Catalog", "+1 model"))
        else:
            parts.append(translate("Catalog", "+{n} models").format(n=len(diff.added)))
    if diff.removed:
        removed = f"−{len(diff.removed)}"
        notes = []
        for t in diff.removed_defaults:
            d = (defaults or {}).get(t)
            model = (
                d.model
                if d is not None and d.provider == diff.provider
                else translate("Catalog", "a model")
            )
            notes.append(
                translate("Catalog", "{model} was your {type} default").format(
                    model=model, type=type_label(t)
                )
            )
        if notes:
            removed += f" ({'; '.join(notes)})"
        parts.append(removed)
    return f"{label}: {', '.join(parts)}"


#: "Last refresh: 4 minutes ago" is re-worded this often.
RELATIVE_TIME_TICK_MS = 30_000


class CatalogViewModel(QObject, ServicesSlot):
    """The model catalog of the current workspace, managed.

    Args:
        services: The service graph (``.providers``, ``.models``, ``.health``).
        context: The shared workspace context.
        parent: Qt parent.
        health: The window's health-check view-model; by default the one shared through
            ``context`` (see :meth:`HealthViewModel.shared`).

    Signals:
        loaded(): The catalog of the current workspace was (re)loaded.
        providers_changed(): The list of configured providers changed (Refresh menu, filter).
        last_refresh_changed(str): The "Last refresh" text changed.
        refreshing_changed(bool): Whether a refresh runs.
        report_ready(str): The added/removed report of a finished refresh (one line each),
            or the summary of a finished health-check run.
        busy_changed(bool): Whether a load, refresh or change runs.
        error_occurred(str): An expected failure, as a sentence a person can act on.
        enabled_changed(int, bool): Models were enabled or disabled: (how many, enabled).
        model_added(str, str): A model was added by hand: (provider, model).
        model_corrected(str, str): A model's corrections were saved or reset.
        model_removed(str, str): A model added by hand was removed.
        edit_failed(str): Adding or correcting a model failed; the dialog shows why.
    """

    loaded = Signal()
    providers_changed = Signal()
    last_refresh_changed = Signal(str)
    refreshing_changed = Signal(bool)
    report_ready = Signal(str)
    busy_changed = Signal(bool)
    error_occurred = Signal(str)
    enabled_changed = Signal(int, bool)
    model_added = Signal(str, str)
    model_corrected = Signal(str, str)
    model_removed = Signal(str, str)
    edit_failed = Signal(str)

    def __init__(
        self,
        services: Services | None,
        context: WorkspaceContext,
        parent: QObject | None = None,
        health: HealthViewModel | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._context = context
        self._clock = clock
        # "Last refresh: 4 minutes ago" is re-worded as time passes, not only on a reload.
        self._tick = QTimer(self)
        self._tick.setInterval(RELATIVE_TIME_TICK_MS)
        self._tick.timeout.connect(self._retell_last_refresh)
        self._tick.start()
        self._runner = TaskRunner(self)
        self._runner.busy_changed.connect(self.busy_changed)
        self._runner.busy_changed.connect(self._on_busy)
        self._runner.error_occurred.connect(self.error_occurred)
        self.table = CatalogTableModel(self)
        self.table.enabled_toggled.connect(
            lambda provider, model, enabled: self.set_enabled([(provider, model)], enabled)
        )
        self._custom_labels: dict[str, str] = {}
        self._infos: dict[str, ProviderInfo] = {}
        self.proxy = CatalogFilterProxy(self)
        self.proxy.setSourceModel(self.table)
        self._providers: list[tuple[str, str]] = []
        self._last_refresh: datetime | None = None
        self._generation = 0
        self._refreshing = False
        self._refresh_count = 0
        self._commands = 0
        self._own_change = False
        self.health = health or HealthViewModel.shared(services, context)
        self.health.model_checked.connect(self.table.set_check)
        self.health.pending_changed.connect(self._on_pending)
        self.health.run_finished.connect(self._on_run_finished)
        context.workspace_changed.connect(self._on_workspace_changed)
        context.catalog_changed.connect(self._on_catalog_changed)

    def _on_attached(self) -> None:
        if self._services is not None and not self.health.ready:
            self.health.attach(self._services)

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
        when = relative_time(self._last_refresh, self._clock())
        return self.tr("Last refresh: {when}").format(when=when)

    @staticmethod
    def model_types() -> list[tuple[str, str]]:
        """Every model type as ``(value, label)``, for the type filter."""
        return [(t.value, type_label(t)) for t in ModelType]

    @staticmethod
    def capabilities() -> list[tuple[str, str]]:
        """Every capability as ``(value, label)``, for the filter and the dialogs."""
        return [(c.value, capability_label(c)) for c in Capability]

    def provider_types(self, provider: str) -> list[tuple[str, str]]:
        """The model types ``provider`` can offer, as ``(value, label)`` (every type for a
        custom endpoint)."""
        info = self._infos.get(provider)
        if info is None or info.is_custom:
            return self.model_types()
        return [(t.value, type_label(t)) for t in info.model_types]

    def row_at(self, proxy_row: int) -> CatalogRow | None:
        """The row shown at ``proxy_row``, or None."""
        if not 0 <= proxy_row < self.proxy.rowCount():
            return None
        return self.table.row(self.proxy.source_row(proxy_row))

    def find(self, provider: str, model: str) -> CatalogRow | None:
        """The row of ``provider``/``model``, or None."""
        return self.table.find(provider, model)

    def counts(self) -> tuple[int, int, int]:
        """``(shown, total, disabled)`` model counts."""
        disabled = sum(1 for r in self.table.rows if not r.model.enabled)
        return self.proxy.rowCount(), self.table.rowCount(), disabled

    def count_text(self) -> str:
        """``1,204 models · 3 disabled`` or ``12 of 1,204 models``, for under the table."""
        shown, total, disabled = self.counts()
        if total == 0:
            return self.tr("No models yet: configure a provider, then refresh.")
        if shown == total:
            text = (
                self.tr("1 model") if total == 1 else self.tr("{n} models").format(n=f"{total:,}")
            )
        else:
            text = self.tr("{shown} of {total} models").format(
                shown=f"{shown:,}", total=f"{total:,}"
            )
        if disabled:
            text += " · " + self.tr("{n} disabled").format(n=f"{disabled:,}")
        return text

    def shown_to_change(self, enabled: bool) -> int:
        """How many shown models "Enable/Disable all shown" would change."""
        return sum(1 for r in self.proxy.shown_rows() if r.model.enabled != enabled)

    def enabled_count(self) -> int:
        """Enabled models in the table (what "Check all enabled" checks)."""
        return sum(1 for r in self.table.rows if r.model.enabled)

    # -- commands: catalog -----------------------------------------------------------------

    def cancel_all(self) -> None:
        """Cancel running loads, saves, refreshes and checks (window closing)."""
        self._runner.cancel_all()
        self.health.cancel_all()

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
            lambda error: self._refresh_failed(tenant, error),
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
            lambda error: self._refresh_failed(tenant, error),
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

    def set_capability_filter(self, capability: str | None) -> None:
        """Filter rows by capability value (None: all)."""
        self.proxy.set_capability(capability)

    def set_show_disabled(self, show: bool) -> None:
        """Show disabled models too, or hide them."""
        self.proxy.set_show_disabled(show)

    # -- commands: managing models ---------------------------------------------------------

    def set_enabled(self, models: Iterable[ModelKey], enabled: bool) -> None:
        """Enable or disable ``models`` (``(provider, model id)``); rows change once saved."""
        tenant = self._context.workspace_id
        keys = list(dict.fromkeys(models))
        if not tenant or not keys:
            return
        by_provider: dict[str, list[str]] = defaultdict(list)
        for provider, model in keys:
            by_provider[provider].append(model)

        async def work() -> int:
            changed = 0
            for provider, ids in by_provider.items():
                changed += await self._svc.models.set_enabled(tenant, provider, ids, enabled)
            return changed

        self._commands += 1
        self._runner.run(
            f"enable-{self._commands}",
            work(),
            lambda _count: self._enabled_saved(tenant, keys, enabled),
            self._command_failed,
        )

    def set_enabled_shown(self, enabled: bool) -> int:
        """Enable or disable every model the filter shows; returns how many will change."""
        keys = [r.key for r in self.proxy.shown_rows() if r.model.enabled != enabled]
        self.set_enabled(keys, enabled)
        return len(keys)

    def add_model(
        self,
        provider: str,
        model: str,
        model_type: str,
        capabilities: Iterable[str] = (),
        context_length: str | int | None = None,
        max_output_tokens: str | int | None = None,
    ) -> None:
        """Add a model by hand; ``model_added`` or ``edit_failed`` tells how it went."""
        tenant = self._context.workspace_id
        if not tenant:
            return
        try:
            context = parse_limit(context_length, self.tr("context length"))
            output = parse_limit(max_output_tokens, self.tr("max output"))
        except InvalidInputError as exc:
            self.edit_failed.emit(describe_error(exc))
            return
        self._commands += 1
        self._runner.run(
            f"add-{self._commands}",
            self._svc.models.add_model(
                tenant,
                provider,
                model,
                model_type,
                list(capabilities),
                context_length=context,
                max_output_tokens=output,
            ),
            lambda m: self._changed_by_hand(
                self.model_added,
                m.provider,
                m.model,
                self.tr("{model} added to {provider}.").format(
                    model=m.model, provider=self._label(m.provider)
                ),
            ),
            self._edit_failed,
        )

    def remove_model(self, provider: str, model: str) -> None:
        """Remove a model added by hand."""
        tenant = self._context.workspace_id
        if not tenant:
            return
        self._commands += 1
        self._runner.run(
            f"remove-{self._commands}",
            self._svc.models.remove_model(tenant, provider, model),
            lambda _none: self._changed_by_hand(
                self.model_removed,
                provider,
                model,
                self.tr("{model} removed from {provider}.").format(
                    model=model, provider=self._label(provider)
                ),
            ),
            self._command_failed,
        )

    def save_corrections(
        self,
        provider: str,
        model: str,
        capabilities: Iterable[str],
        context_length: str | int | None,
        max_output_tokens: str | int | None,
    ) -> None:
        """Save the capabilities and limits the person set for a model.

        A fact left as the provider (or the id rules) gave it is not stored as a
        correction, so a later fix by the provider still shows; an empty limit removes its
        correction.
        """
        row = self.find(provider, model)
        if row is None:
            message = self.tr("{model} is no longer in the catalog.").format(model=model)
            self.edit_failed.emit(message)
            return
        try:
            context = parse_limit(context_length, self.tr("context length"))
            output = parse_limit(max_output_tokens, self.tr("max output"))
        except InvalidInputError as exc:
            self.edit_failed.emit(describe_error(exc))
            return
        m = row.model
        wanted = set(capabilities)
        caps: list[str] = [str(c.value) for c in Capability if c.value in wanted]
        if m.custom:
            # A model added by hand has no provider values to fall back to: keep them all.
            self._correct(provider, model, caps, context, output)
            return
        same_caps = set(caps) == {c.value for c in m.capabilities}
        caps_arg = None if same_caps and "capabilities" not in m.corrected else caps
        context_arg = (
            None if context == m.context_length and "context_length" not in m.corrected else context
        )
        output_arg = (
            None
            if output == m.max_output_tokens and "max_output_tokens" not in m.corrected
            else output
        )
        self._correct(provider, model, caps_arg, context_arg, output_arg)

    def reset_corrections(self, provider: str, model: str) -> None:
        """Drop every correction of a model: the provider's values show again."""
        self._correct(provider, model, None, None, None)

    def source_text(self, provider: str, model: str) -> str:
        """Where a model's capabilities came from, as a sentence."""
        row = self.find(provider, model)
        return capability_source_text(row.model) if row is not None else ""

    # -- commands: health checks -----------------------------------------------------------

    def check(self, models: Iterable[ModelKey]) -> bool:
        """Check ``models`` (``(provider, model id)``); False when ignored (a run goes on)."""
        targets = []
        for provider, model in dict.fromkeys(models):
            row = self.find(provider, model)
            if row is not None:
                targets.append((provider, model, row.model.model_type))
        return self.health.check(targets)

    def check_defaults(self) -> bool:
        """Check the workspace's default models."""
        return self.health.check_defaults()

    def check_all_enabled(self) -> bool:
        """Check every enabled model."""
        return self.health.check_all_enabled()

    def cancel_checks(self) -> None:
        """Stop the running checks."""
        self.health.cancel()

    # -- internals -------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        language = current_language()
        labels = {info.name: info.localized_label(language) for info in self._svc.providers.infos()}
        # A workspace's custom providers are named by their own configs.
        labels.update(self._custom_labels)
        return labels

    def _label(self, provider: str) -> str:
        info = self._infos.get(provider)
        return info.localized_label(current_language()) if info is not None else provider

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
        self._infos = {s.provider: s.info for s in states if s.configured}
        self.table.set_rows(rows)
        self.table.set_checking(self.health.pending)
        language = current_language()
        providers = [(s.provider, s.info.localized_label(language)) for s in states if s.configured]
        if providers != self._providers:
            self._providers = providers
            self.providers_changed.emit()
        fetched = [s.models_fetched_at for s in states if s.models_fetched_at is not None]
        self._last_refresh = max(fetched) if fetched else None
        self.last_refresh_changed.emit(self.last_refresh_text)
        self.loaded.emit()

    def _correct(
        self,
        provider: str,
        model: str,
        capabilities: list[str] | None,
        context: int | None,
        output: int | None,
    ) -> None:
        tenant = self._context.workspace_id
        if not tenant:
            return
        self._commands += 1
        self._runner.run(
            f"correct-{self._commands}",
            self._svc.models.correct_model(
                tenant,
                provider,
                model,
                capabilities=capabilities,
                context_length=context,
                max_output_tokens=output,
            ),
            lambda m: self._changed_by_hand(
                self.model_corrected,
                m.provider,
                m.model,
                self.tr("Saved the corrections of {model}.").format(model=m.model)
                if m.corrected or m.custom
                else self.tr("{model} shows the provider's values again.").format(model=m.model),
            ),
            self._edit_failed,
        )

    def _changed_by_hand(self, signal: Any, provider: str, model: str, message: str) -> None:
        self._context.post_status(message)
        signal.emit(provider, model)
        # Every page showing models (this one included) reloads from the database.
        self._context.notify_catalog_changed()

    def _enabled_saved(self, tenant: str, keys: list[ModelKey], enabled: bool) -> None:
        if tenant != self._context.workspace_id:
            return
        self.table.set_enabled(keys, enabled)
        if not self.proxy.show_disabled:
            self.proxy.refilter()
        n = len(keys)
        if n == 1:
            model = keys[0][1]
            message = (
                self.tr("{model} enabled.").format(model=model)
                if enabled
                else self.tr("{model} disabled: it is no longer offered as a default.").format(
                    model=model
                )
            )
        elif enabled:
            message = self.tr("{n} models enabled.").format(n=f"{n:,}")
        else:
            message = self.tr(
                "{n} models disabled: they are no longer offered as defaults."
            ).format(n=f"{n:,}")
        self._context.post_status(message)
        self.enabled_changed.emit(n, enabled)
        # The default-model page offers enabled models only; this table changed in place.
        self._own_change = True
        try:
            self._context.notify_catalog_changed()
        finally:
            self._own_change = False

    def _command_failed(self, error: ModelHubError) -> None:
        message = describe_error(error)
        self._context.post_status(message)
        self.error_occurred.emit(message)

    def _edit_failed(self, error: ModelHubError) -> None:
        self.edit_failed.emit(describe_error(error))

    def _on_pending(self) -> None:
        self.table.set_checking(self.health.pending)

    def _on_run_finished(self, summary: str) -> None:
        if summary:
            self.report_ready.emit(summary)

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
                lines.append(
                    self.tr("{label}: not refreshed — {message}").format(
                        label=label, message=outcome.validation.message
                    )
                )
        self._refreshed(tenant, diffs, defaults, lines)

    def _refreshed(
        self,
        tenant: str,
        diffs: Sequence[CatalogDiff],
        defaults: dict[ModelType, DefaultModel | None],
        extra: list[str] | None = None,
    ) -> None:
        self._set_refreshing(False)
        if tenant != self._context.workspace_id:
            # The report belongs to the workspace that asked; it is not shown under another.
            return
        labels = self._labels()
        lines = [describe_diff(d, labels.get(d.provider, d.provider), defaults) for d in diffs]
        lines += extra or []
        if not lines:
            lines = [self.tr("No providers configured: nothing to refresh.")]
        report = "\n".join(lines)
        self.report_ready.emit(report)
        self._context.post_status(self.tr("Refresh done.") + " " + "; ".join(lines), tenant)
        # Every page showing models (this one, defaults, cards) reloads from the database.
        self._context.notify_catalog_changed()

    def _refresh_failed(self, tenant: str, error: ModelHubError) -> None:
        self._set_refreshing(False)
        if tenant != self._context.workspace_id:
            return
        message = describe_error(error)
        self.report_ready.emit(self.tr("Refresh failed: {message}").format(message=message))
        self.error_occurred.emit(message)

    def _set_refreshing(self, value: bool) -> None:
        if value != self._refreshing:
            self._refreshing = value
            self.refreshing_changed.emit(value)

    def _on_busy(self, busy: bool) -> None:
        if not busy and self._refreshing:
            self._set_refreshing(False)  # cancelled (window closing, workspace switch)

    def _on_catalog_changed(self) -> None:
        if not self._own_change:
            self.reload()

    def _retell_last_refresh(self) -> None:
        self.last_refresh_changed.emit(self.last_refresh_text)

    def _on_workspace_changed(self, _workspace_id: str) -> None:
        # A report belongs to the workspace that made it: never show it under another one.
        self.report_ready.emit("")
        self.reload()
