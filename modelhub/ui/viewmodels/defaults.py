"""View-model of the default-models page: one choice per model type, saved at once."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from modelhub.domain.models import CheckSummary, DefaultModel, ModelType
from modelhub.ui.i18n import current_language
from modelhub.ui.viewmodels.catalog_table import summary_of
from modelhub.ui.viewmodels.filtering import (
    ModelOptionsModel,
    Option,
    OptionsFilterProxy,
    build_options,
    index_options,
)
from modelhub.ui.viewmodels.health import HealthViewModel
from modelhub.ui.viewmodels.labels import type_label
from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner, describe_error
from modelhub.ui.viewmodels.wording import relative_time

if TYPE_CHECKING:
    from modelhub.domain.errors import ModelHubError
    from modelhub.domain.models import HealthCheck
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext


def empty_message(model_type: ModelType, suggested: list[str]) -> str:
    """What to say when no valid provider offers ``model_type`` yet.

    Args:
        model_type: The type with no models.
        suggested: Labels of providers whose descriptions name them a good first choice
            for it (``suggested_for``), in display order.
    """
    translate = QCoreApplication.translate
    if not suggested:
        return translate(
            "DefaultsViewModel", "No {type} models yet — configure a provider that offers them."
        ).format(type=type_label(model_type))
    names = translate("DefaultsViewModel", " or ").join(suggested[:2])
    return translate(
        "DefaultsViewModel",
        "No {type} models yet — configure a provider that offers them (e.g. {names} for {type}).",
    ).format(type=type_label(model_type), names=names)


def last_check_text(check: CheckSummary | None) -> str:
    """``Last check: OK, 320 ms, 2 min ago``, ``Last check failed: … (2 min ago)`` or
    ``Not checked yet``."""
    translate = QCoreApplication.translate
    if check is None:
        return translate("DefaultsViewModel", "Not checked yet")
    ago = relative_time(check.at)
    if check.ok:
        if check.latency_ms is None:
            return translate("DefaultsViewModel", "Last check: OK, {ago}").format(ago=ago)
        return translate("DefaultsViewModel", "Last check: OK, {ms} ms, {ago}").format(
            ms=f"{check.latency_ms:,}", ago=ago
        )
    error = (check.error or translate("DefaultsViewModel", "no answer")).strip().splitlines()[0]
    return translate("DefaultsViewModel", "Last check failed: {error} ({ago})").format(
        error=error, ago=ago
    )


class DefaultsViewModel(QObject, ServicesSlot):
    """The default model per type for the current workspace.

    Each type has a :class:`ModelOptionsModel` (that type's enabled models from valid
    providers, grouped by provider: a disabled model is never offered) and a
    :class:`OptionsFilterProxy` for type-to-filter. A choice is saved at once; on failure the
    page is told to show the saved value again. Each default shows its last health check.

    Args:
        services: The service graph (``.providers``, ``.models``, ``.health``).
        context: The shared workspace context.
        parent: Qt parent.
        health: The window's health-check view-model; by default the one shared through
            ``context`` (see :meth:`HealthViewModel.shared`).

    Signals:
        loaded(): Options and defaults of every type were (re)loaded.
        default_saved(str, str): A type's default was saved or cleared: (type value, message).
        default_failed(str, str): Saving a type's default failed: (type value, message); the
            saved value is unchanged.
        busy_changed(bool): Whether a load or save runs.
        error_occurred(str): Loading failed, as a sentence a person can act on.
        configure_requested(): The person asked to go to the Providers page.
        checks_changed(): The last check of some default changed (a check arrived).
    """

    loaded = Signal()
    default_saved = Signal(str, str)
    default_failed = Signal(str, str)
    busy_changed = Signal(bool)
    error_occurred = Signal(str)
    configure_requested = Signal()
    checks_changed = Signal()

    TYPES: tuple[ModelType, ...] = tuple(ModelType)

    def __init__(
        self,
        services: Services | None,
        context: WorkspaceContext,
        parent: QObject | None = None,
        health: HealthViewModel | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._context = context
        self._runner = TaskRunner(self)
        self._runner.busy_changed.connect(self.busy_changed)
        self._runner.error_occurred.connect(self.error_occurred)
        self._options: dict[ModelType, ModelOptionsModel] = {}
        self._proxies: dict[ModelType, OptionsFilterProxy] = {}
        for t in self.TYPES:
            model = ModelOptionsModel(self)
            proxy = OptionsFilterProxy(self)
            proxy.setSourceModel(model)
            self._options[t], self._proxies[t] = model, proxy
        self._defaults: dict[ModelType, DefaultModel | None] = dict.fromkeys(self.TYPES)
        self._generation = 0
        self._saves = 0
        self._loaded_for: str | None = None
        self._checks: dict[tuple[str, str], CheckSummary] = {}
        self.health = health or HealthViewModel.shared(services, context)
        self.health.model_checked.connect(self._on_checked)
        context.workspace_changed.connect(self._on_workspace_changed)
        context.catalog_changed.connect(self.reload)

    def _on_attached(self) -> None:
        if self._services is not None and not self.health.ready:
            self.health.attach(self._services)

    # -- state -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a load or save runs."""
        return self._runner.busy

    @property
    def runner(self) -> TaskRunner:
        """The task runner (the window cancels it on close)."""
        return self._runner

    def options(self, model_type: ModelType) -> ModelOptionsModel:
        """All choices for ``model_type``."""
        return self._options[model_type]

    def proxy(self, model_type: ModelType) -> OptionsFilterProxy:
        """The filterable view of :meth:`options`."""
        return self._proxies[model_type]

    def current(self, model_type: ModelType) -> DefaultModel | None:
        """The saved default of ``model_type`` (with ``problem`` set when it no longer works)."""
        return self._defaults[model_type]

    def current_row(self, model_type: ModelType) -> int:
        """Row of the saved default in :meth:`options`, or -1 (none, or not offered any more)."""
        d = self._defaults[model_type]
        if d is None or d.problem:
            return -1
        return self._options[model_type].row_of(d.provider, d.model)

    def has_models(self, model_type: ModelType) -> bool:
        """True when some valid provider offers a model of ``model_type``."""
        return self._options[model_type].model_count() > 0

    def empty_message(self, model_type: ModelType) -> str:
        """Guidance shown when :meth:`has_models` is False, naming the providers the
        registry suggests for the type."""
        infos = self._svc.providers.infos() if self.ready else []  # before the database opens
        language = current_language()
        suggested = [i.localized_label(language) for i in infos if model_type in i.suggested_for]
        return empty_message(model_type, suggested)

    def problem(self, model_type: ModelType) -> str | None:
        """Why the saved default no longer works, or None."""
        d = self._defaults[model_type]
        if d is None:
            return None
        if d.problem:
            return self._localized_problem(d, model_type)
        if self._options[model_type].row_of(d.provider, d.model) < 0:
            return self.tr("{model} is no longer offered by {provider}.").format(
                model=d.model, provider=d.provider
            )
        return None

    def _localized_problem(self, d: DefaultModel, model_type: ModelType) -> str:
        """The service's reason (worded in English) in the window's language."""
        problem = d.problem or ""
        if current_language() == "en":
            return problem
        label = self._labels().get(d.provider, d.provider) if self.ready else d.provider
        reasons = (
            ("is no longer configured.", self.tr("{provider} is no longer configured.")),
            ("'s key is not valid at the moment.", self.tr("{provider}'s key is not valid now.")),
            (" no longer offers ", self.tr("{provider} no longer offers {model} as {type}.")),
            ("is disabled in this workspace.", self.tr("{model} is disabled in this workspace.")),
        )
        for words, text in reasons:
            if words in problem:
                return text.format(provider=label, model=d.model, type=type_label(model_type))
        return problem

    def last_check(self, model_type: ModelType) -> CheckSummary | None:
        """The last health check of the saved default of ``model_type``, or None."""
        d = self._defaults[model_type]
        return None if d is None else self._checks.get((d.provider, d.model))

    def last_check_text(self, model_type: ModelType) -> str:
        """The default's last check as a line (empty when no default is saved)."""
        if self._defaults[model_type] is None:
            return ""
        return last_check_text(self.last_check(model_type))

    def default_count(self) -> int:
        """How many types have a default (what "Check defaults" checks)."""
        return sum(1 for d in self._defaults.values() if d is not None)

    def describe(self, model_type: ModelType) -> str:
        """The saved default as text (``OpenAI · gpt-4o``), or an empty string."""
        d = self._defaults[model_type]
        if d is None:
            return ""
        label = self._labels().get(d.provider, d.provider)
        return f"{label} · {d.model}"

    # -- commands --------------------------------------------------------------------------

    def cancel_all(self) -> None:
        """Cancel running loads, saves, refreshes and checks (window closing)."""
        self._runner.cancel_all()
        self.health.cancel_all()

    def check_defaults(self) -> bool:
        """Health-check the default model of every type; False when ignored (a run goes on)."""
        return self.health.check_defaults()

    def cancel_checks(self) -> None:
        """Stop the running checks."""
        self.health.cancel()

    def reload(self) -> None:
        """Reload every type's choices and the saved defaults of the current workspace."""
        tenant = self._context.workspace_id
        self._generation += 1
        generation = self._generation
        if not tenant:
            self._apply(generation, tenant, ({}, {}, {}))
            return
        self._runner.run(
            f"reload-{generation}",
            self._load(tenant),
            lambda result: self._apply(generation, tenant, result),
        )

    def set_default(self, model_type: ModelType, provider: str, model: str) -> None:
        """Save ``provider``/``model`` as the default of ``model_type`` at once."""
        tenant = self._context.workspace_id
        if not tenant:
            return
        saved = self._defaults[model_type]
        if (
            saved is not None
            and not saved.problem
            and (saved.provider, saved.model)
            == (
                provider,
                model,
            )
        ):
            return
        self._saves += 1
        self._runner.run(
            f"save-{self._saves}",
            self._svc.models.set_default(tenant, model_type, provider, model),
            lambda d: self._saved(tenant, model_type, d),
            lambda e: self._failed(model_type, e),
        )

    def clear_default(self, model_type: ModelType) -> None:
        """Remove the default of ``model_type``."""
        tenant = self._context.workspace_id
        if not tenant or self._defaults[model_type] is None:
            return
        self._saves += 1
        self._runner.run(
            f"save-{self._saves}",
            self._svc.models.clear_default(tenant, model_type),
            lambda _cleared: self._saved(tenant, model_type, None),
            lambda e: self._failed(model_type, e),
        )

    def request_configure(self) -> None:
        """Ask the window to show the Providers page."""
        self.configure_requested.emit()

    # -- internals -------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        language = current_language()
        return {info.name: info.localized_label(language) for info in self._svc.providers.infos()}

    async def _load(
        self, tenant: str
    ) -> tuple[
        dict[ModelType, tuple[list[Option], dict[tuple[str, str], int]]],
        dict[ModelType, DefaultModel | None],
        dict[tuple[str, str], CheckSummary],
    ]:
        # Disabled models are never offered as a default.
        models = await self._svc.models.list_models(tenant, enabled_only=True)
        defaults = await self._svc.models.get_defaults(tenant)
        # Every model's last check, so a default chosen later shows its own at once.
        checks = {key: summary_of(c) for key, c in (await self._svc.health.latest(tenant)).items()}
        labels = self._labels()

        # Grouping and sorting thousands of models is plain Python: keep it off the GUI
        # thread so the window keeps painting.
        def prepare() -> dict[ModelType, tuple[list[Option], dict[tuple[str, str], int]]]:
            out = {}
            for t in self.TYPES:
                rows = build_options(models.get(t, []), labels)
                out[t] = (rows, index_options(rows))
            return out

        return await asyncio.to_thread(prepare), defaults, checks

    def _apply(self, generation: int, tenant: str, result: tuple[Any, Any, Any]) -> None:
        if generation != self._generation or tenant != self._context.workspace_id:
            return  # a newer reload (or another workspace) superseded this one
        rows, defaults, checks = result
        self._checks = dict(checks)
        for t in self.TYPES:
            self._proxies[t].setFilterFixedString("")
            options, index = rows.get(t, ([], {}))
            self._options[t].set_rows(options, index)
            self._defaults[t] = defaults.get(t)
        self._loaded_for = tenant
        self.loaded.emit()

    def _saved(self, tenant: str, model_type: ModelType, default: DefaultModel | None) -> None:
        if tenant != self._context.workspace_id:
            return
        self._defaults[model_type] = default
        if default is None:
            message = self.tr("{type} default cleared.").format(type=type_label(model_type))
        else:
            message = self.tr("{type} default set to {model}.").format(
                type=type_label(model_type), model=self.describe(model_type)
            )
        self._context.post_status(message)
        self.default_saved.emit(model_type.value, message)

    def _failed(self, model_type: ModelType, error: ModelHubError) -> None:
        message = describe_error(error)
        self._context.post_status(
            self.tr("Could not save the {type} default: {message}").format(
                type=type_label(model_type), message=message
            )
        )
        self.default_failed.emit(model_type.value, message)

    def _on_checked(self, check: HealthCheck) -> None:
        key = (check.provider, check.model)
        self._checks[key] = summary_of(check)
        chosen = {(d.provider, d.model) for d in self._defaults.values() if d is not None}
        if key in chosen:
            self.checks_changed.emit()

    def _on_workspace_changed(self, _workspace_id: str) -> None:
        self.reload()
