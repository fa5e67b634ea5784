"""The providers of the current workspace: a list model of cards and their commands."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)

from modelhub.domain.errors import InvalidInputError, ModelHubError
from modelhub.domain.models import ValidationStatus
from modelhub.ui.i18n import current_language
from modelhub.ui.viewmodels.balance import BalanceLine, balance_line
from modelhub.ui.viewmodels.labels import (
    status_message,
    type_label,
    type_short_label,
    validation_label,
)
from modelhub.ui.viewmodels.schedule import utc_now
from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner, describe_error
from modelhub.ui.viewmodels.wording import (
    CHECKING,
    INVALID,
    NOT_CONFIGURED,
    UNREADABLE,
    about,
    relative_time,
    status_label,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from modelhub.domain.models import (
        DefaultModel,
        DeleteOutcome,
        ModelType,
        ProviderInfo,
        ProviderState,
        SaveOutcome,
        ValidationResult,
    )
    from modelhub.services.bootstrap import Services
    from modelhub.services.providers import Revalidation
    from modelhub.ui.viewmodels.context import WorkspaceContext

_Index = QModelIndex | QPersistentModelIndex

#: The runner key of a re-check of every stored key (one at a time, whatever the workspace).
_REVALIDATE = "revalidate"

#: The provider key of a custom OpenAI-compatible provider that is being added (its real
#: ``custom:<slug>`` name is chosen from its label when it is saved).
NEW_CUSTOM = "custom:"
#: The name a custom provider being added is described and checked under until it has one.
_UNNAMED_CUSTOM = f"{NEW_CUSTOM}new"

#: How long a successful Test connection stands in for the check a Save would make with
#: exactly the same values (seconds).
TEST_REUSE_SECONDS = 60.0


def status_key(state: ProviderState, checking: bool = False) -> str:
    """The badge a card shows for ``state`` (a ``ValidationStatus`` value or a key above)."""
    if checking:
        return CHECKING
    if not state.configured:
        return NOT_CONFIGURED
    if state.decrypt_error:
        return UNREADABLE
    if state.status is not None:
        return str(state.status.value)
    return "valid" if state.is_valid else INVALID


def clock_time(when: datetime, now: datetime | None = None, locale: QLocale | None = None) -> str:
    """``when`` as the person's clock shows it ("14:02"), with the date unless it is today."""
    locale = locale or QLocale()
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    time = QTime(local.hour, local.minute)
    if local.date() == today:
        return locale.toString(time, QLocale.FormatType.ShortFormat)
    date = QDate(local.year, local.month, local.day)
    return locale.toString(QDateTime(date, time), QLocale.FormatType.ShortFormat)


@dataclass(frozen=True, slots=True)
class KeyNotice:
    """A stored key that was usable and, re-checked, is now rejected or out of credit.

    Attributes:
        provider: Provider name.
        label: Its display name.
        status: ``invalid_credentials`` or ``no_credit``.
        at: When the re-check saw it.
    """

    provider: str
    label: str
    status: ValidationStatus
    at: datetime

    def card_text(self, now: datetime | None = None) -> str:
        """The line on the provider's card ("Key rejected at 14:02 — check it")."""
        when = clock_time(self.at, now)
        if self.status is ValidationStatus.NO_CREDIT:
            return QCoreApplication.translate("KeyNotice", "Out of credit since {time}").format(
                time=when
            )
        return QCoreApplication.translate("KeyNotice", "Key rejected at {time} — check it").format(
            time=when
        )

    def status_text(self, now: datetime | None = None) -> str:
        """The notice in the status bar, naming the provider."""
        when = clock_time(self.at, now)
        if self.status is ValidationStatus.NO_CREDIT:
            text = QCoreApplication.translate(
                "KeyNotice", "{provider} is out of credit since {time}."
            )
        else:
            text = QCoreApplication.translate(
                "KeyNotice", "{provider} rejected its key at {time}: check it."
            )
        return text.format(provider=self.label, time=when)


class ProvidersViewModel(QAbstractListModel, ServicesSlot):
    """One row per supported provider, as the current workspace sees it.

    Rows follow the provider factory's display order and never hold a key: only the mask
    that :class:`ProviderState` carries. Every command runs on the :class:`TaskRunner`;
    a second click while the same command runs is ignored.

    Args:
        services: The service graph (uses ``services.providers`` and ``services.models``).
        context: Shared current-workspace state; a switch reloads the rows.
        parent: Qt parent.

    Signals:
        providers_changed(): The rows were reloaded.
        checking_changed(str, bool): A provider's check (test, validate, save) started or
            ended.
        validation_finished(str, object): Provider name and its ``ValidationResult`` (from
            :meth:`test` or :meth:`validate`).
        saved(str, object): Provider name and the ``SaveOutcome`` of :meth:`save`.
        removed(str, object): Provider name and the ``DeleteOutcome`` of :meth:`remove`.
        remove_requested(str, list): Provider name and labels of the defaults removing it
            would clear (answer to :meth:`request_remove`).
        command_failed(str, str): Provider name and an expected error of a provider command,
            as a sentence (the dialog shows it inline).
        field_failed(str, str): Provider name and the config field an error is about (the
            dialog focuses it); follows ``command_failed``.
        check_cancelled(str): Provider name: its test, validation or save was cancelled
            (:meth:`cancel_check`); nothing was stored.
        revalidating_changed(bool): A re-check of every stored key started or ended.
        revalidated(list): The ``Revalidation`` of each stored key after
            :meth:`revalidate_all`.
        key_notice_changed(str): The status-bar notice about keys that turned bad in the
            current workspace ("" when there is none or it was dismissed).
        threshold_changed(object): The workspace's low-balance threshold (float or None)
            was loaded or changed.
        busy_changed(bool): Whether any command runs.
        error_occurred(str): An expected failure of a command without a provider.
    """

    ProviderRole = Qt.ItemDataRole.UserRole + 1
    LabelRole = Qt.ItemDataRole.UserRole + 2
    DescriptionRole = Qt.ItemDataRole.UserRole + 3
    ModelTypesRole = Qt.ItemDataRole.UserRole + 4
    StatusRole = Qt.ItemDataRole.UserRole + 5
    StatusLabelRole = Qt.ItemDataRole.UserRole + 6
    StatusMessageRole = Qt.ItemDataRole.UserRole + 7
    LastValidatedRole = Qt.ItemDataRole.UserRole + 8
    LastValidatedTextRole = Qt.ItemDataRole.UserRole + 9
    MaskedKeyRole = Qt.ItemDataRole.UserRole + 10
    ConfiguredRole = Qt.ItemDataRole.UserRole + 11
    CheckingRole = Qt.ItemDataRole.UserRole + 12
    ModelCountRole = Qt.ItemDataRole.UserRole + 13
    StateRole = Qt.ItemDataRole.UserRole + 14
    IconRole = Qt.ItemDataRole.UserRole + 15
    NeedsKeyRole = Qt.ItemDataRole.UserRole + 16
    BalanceRole = Qt.ItemDataRole.UserRole + 17
    BalanceLineRole = Qt.ItemDataRole.UserRole + 18
    BalanceTextRole = Qt.ItemDataRole.UserRole + 19
    BalanceAgeTextRole = Qt.ItemDataRole.UserRole + 20
    BalanceLowRole = Qt.ItemDataRole.UserRole + 21
    BalanceWarningRole = Qt.ItemDataRole.UserRole + 22
    NoticeRole = Qt.ItemDataRole.UserRole + 23

    providers_changed = Signal()
    checking_changed = Signal(str, bool)
    validation_finished = Signal(str, object)
    saved = Signal(str, object)
    removed = Signal(str, object)
    remove_requested = Signal(str, list)
    command_failed = Signal(str, str)
    field_failed = Signal(str, str)
    check_cancelled = Signal(str)
    revalidating_changed = Signal(bool)
    revalidated = Signal(list)
    key_notice_changed = Signal(str)
    threshold_changed = Signal(object)
    busy_changed = Signal(bool)
    error_occurred = Signal(str)

    def __init__(
        self,
        services: Services | None,
        context: WorkspaceContext,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._monotonic = monotonic
        #: The running test/validation/save task of each provider (Cancel stops it).
        self._check_tasks: dict[str, Any] = {}
        #: Providers whose check the person cancelled (not the window closing).
        self._cancel_requested: set[str] = set()
        #: The last successful Test connection per provider: (fingerprint of the exact
        #: values tested, when, result). Memory only; the fingerprint is a salted hash,
        #: never the key itself.
        self._tested: dict[str, tuple[bytes, float, ValidationResult]] = {}
        self._salt = hashlib.sha256(str(id(self)).encode() + str(time.time_ns()).encode())
        self._context = context
        self._clock = clock
        self._infos: list[ProviderInfo] = list(services.providers.infos()) if services else []
        self._states: dict[str, ProviderState] = {}
        self._checking: set[str] = set()
        self._reload_again = False
        self._threshold: float | None = None
        #: Keys that turned bad, per workspace id then provider; kept until a check of that
        #: provider succeeds (or it is removed).
        self._notices: dict[str, dict[str, KeyNotice]] = {}
        #: Workspaces whose status-bar notice was dismissed (a new notice shows it again).
        self._dismissed: set[str] = set()
        self.runner = TaskRunner(self)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.error_occurred.connect(self.error_occurred)
        context.workspace_changed.connect(self._on_workspace_changed)

    def _on_attached(self) -> None:
        """The provider list is known once the services are."""
        self.beginResetModel()
        self._infos = list(self._svc.providers.infos())
        self._states = {}
        self.endResetModel()
        self.providers_changed.emit()

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._infos)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._infos):
            return None
        getter = _GETTERS.get(int(role))
        if getter is None:
            return None
        info = self._infos[index.row()]
        return getter(self, _Row(info, self._states.get(info.name), info.name in self._checking))

    def _last_validated_text(self, row: _Row) -> str:
        if row.state is None or not row.state.configured:
            return ""
        return relative_time(row.state.last_validated_at, self._clock())

    def _notice_text(self, row: _Row) -> str:
        notice = self._notices.get(self._context.workspace_id, {}).get(row.info.name)
        return notice.card_text(self._clock()) if notice else ""

    def _balance_data(self, provider: str, role: int) -> Any:
        state = self._states.get(provider)
        if role == self.BalanceRole:
            return state.balance if state else None
        line = self.balance_line(provider)
        if role == self.BalanceLineRole:
            return line
        if role == self.BalanceTextRole:
            return line.text if line and line.known else ""
        if role == self.BalanceAgeTextRole:
            if line is None or line.fetched_at is None:
                return ""
            when = relative_time(line.fetched_at, self._clock())
            return QCoreApplication.translate("Balance", "Fetched {when}").format(when=when)
        if role == self.BalanceLowRole:
            return bool(line and line.low)
        return line.warning if line else ""

    def roleNames(self) -> dict[int, QByteArray]:
        names = {
            Qt.ItemDataRole.DisplayRole: b"display",
            self.ProviderRole: b"provider",
            self.LabelRole: b"label",
            self.DescriptionRole: b"description",
            self.ModelTypesRole: b"modelTypes",
            self.StatusRole: b"status",
            self.StatusLabelRole: b"statusLabel",
            self.StatusMessageRole: b"statusMessage",
            self.LastValidatedRole: b"lastValidated",
            self.LastValidatedTextRole: b"lastValidatedText",
            self.MaskedKeyRole: b"maskedKey",
            self.ConfiguredRole: b"configured",
            self.CheckingRole: b"checking",
            self.ModelCountRole: b"modelCount",
            self.StateRole: b"state",
            self.IconRole: b"icon",
            self.NeedsKeyRole: b"needsKey",
            self.BalanceRole: b"balance",
            self.BalanceLineRole: b"balanceLine",
            self.BalanceTextRole: b"balanceText",
            self.BalanceAgeTextRole: b"balanceAgeText",
            self.BalanceLowRole: b"balanceLow",
            self.BalanceWarningRole: b"balanceWarning",
            self.NoticeRole: b"notice",
        }
        return {role: QByteArray(name) for role, name in names.items()}

    # -- queries --------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """True once the current workspace's provider states are known."""
        return bool(self._states)

    @property
    def busy(self) -> bool:
        """True while any command runs."""
        return self.runner.busy

    def providers(self) -> list[str]:
        """Provider names in row order."""
        return [i.name for i in self._infos]

    def row_of(self, provider: str) -> int:
        """The row of ``provider``, or -1."""
        return next((i for i, info in enumerate(self._infos) if info.name == provider), -1)

    def label(self, provider: str) -> str:
        """The display name of ``provider`` in the window's language."""
        return self.info(provider).localized_label(current_language())

    def info(self, provider: str) -> ProviderInfo:
        """Static facts (credential schema) of ``provider`` (any that can be configured,
        or :data:`NEW_CUSTOM` for a custom provider being added)."""
        row = self.row_of(provider)
        if row >= 0:
            return self._infos[row]
        if provider == NEW_CUSTOM:
            return self._svc.providers.info(_UNNAMED_CUSTOM)
        return self._svc.providers.info(provider)

    def catalog(self) -> list[ProviderInfo]:
        """Every built-in and preset provider not yet configured in this workspace, in
        display order (the "Add provider" picker)."""
        configured = {name for name, st in self._states.items() if st.configured}
        return [i for i in self._svc.providers.infos() if i.name not in configured]

    def state(self, provider: str) -> ProviderState | None:
        """What the current workspace stores for ``provider`` (None before the first load)."""
        return self._states.get(provider)

    def balance_line(self, provider: str) -> BalanceLine | None:
        """What ``provider``'s card and dialog say of its balance (None before any check)."""
        state = self._states.get(provider)
        if state is None or not state.configured:
            return None
        return balance_line(state.balance, state.balance_low, self._threshold)

    @property
    def low_balance_threshold(self) -> float | None:
        """The current workspace's low-balance threshold (None: no warning)."""
        return self._threshold

    @property
    def is_revalidating(self) -> bool:
        """True while :meth:`revalidate_all` runs."""
        return self.runner.is_running(_REVALIDATE)

    @property
    def can_revalidate(self) -> bool:
        """True when a re-check of every key could start now (services open, a workspace
        current, none running)."""
        return self.ready and bool(self._context.workspace_id) and not self.is_revalidating

    def notice(self, provider: str) -> str:
        """The card's notice for ``provider`` ("" when its key did not turn bad)."""
        found = self._notices.get(self._context.workspace_id, {}).get(provider)
        return found.card_text(self._clock()) if found else ""

    @property
    def key_notice(self) -> str:
        """The status-bar notice of the current workspace ("" when none or dismissed)."""
        tenant = self._context.workspace_id
        notices = list(self._notices.get(tenant, {}).values())
        if not notices or tenant in self._dismissed:
            return ""
        now = self._clock()
        return " ".join(n.status_text(now) for n in sorted(notices, key=lambda n: n.at))

    def is_checking(self, provider: str) -> bool:
        """True while a test, validation or save of ``provider`` runs."""
        return provider in self._checking

    def check_fields(self, provider: str, config: Mapping[str, Any]) -> tuple[str, str] | None:
        """Field-level check before any request, with the same rules the service applies.

        Returns:
            None when the form can be sent, else ``(message, field name)``.
        """
        info = self.info(provider)
        state = self._states.get(provider)
        configured = bool(state and state.configured)
        name = _UNNAMED_CUSTOM if provider == NEW_CUSTOM else provider
        try:
            self._svc.providers.check_config(name, config)
        except InvalidInputError as exc:
            return describe_error(exc), exc.field or ""
        for spec in info.fields:
            value = config.get(spec.name)
            empty = not value or (isinstance(value, str) and not value.strip())
            if spec.required and empty and not spec.default and not (spec.secret and configured):
                field = spec.localized_label(current_language())
                return self.tr("{field} is required.").format(field=field), spec.name
        return None

    # -- commands -------------------------------------------------------------------------

    def reload(self) -> None:
        """Reload every provider's state for the current workspace."""
        tenant = self._context.workspace_id
        if not tenant:
            return

        svc = self._svc.providers

        async def read() -> tuple[list[ProviderState], float | None]:
            return await svc.list_providers(tenant), await svc.low_balance_threshold(tenant)

        def done(result: tuple[list[ProviderState], float | None]) -> None:
            if tenant != self._context.workspace_id:
                return
            states, threshold = result
            changed = threshold != self._threshold
            self._threshold = threshold
            self._set_states(states)
            if changed:
                self.threshold_changed.emit(threshold)
            if self._reload_again:
                # A change landed while this reload was reading: read once more.
                self._reload_again = False
                self.reload()

        task = self.runner.run(f"reload:{tenant}", read(), done)
        if task is None:
            self._reload_again = True

    def test(self, provider: str) -> None:
        """Re-check the stored config of ``provider`` and record the result."""
        tenant = self._context.workspace_id
        label = self.label(provider)

        def done(result: ValidationResult) -> None:
            self.validation_finished.emit(provider, result)
            message = status_message(result.status.value, label, result.message)
            self._context.post_status(about(label, message), tenant)
            if result.status.usable:
                self._clear_notice(tenant, provider)
            self._after_change(tenant)

        self._run_checked(
            provider,
            f"test:{provider}",
            self._svc.providers.test_stored(tenant, provider),
            done,
        )

    def validate(self, provider: str, config: Mapping[str, Any]) -> None:
        """Check ``config`` against the provider without saving it (Test connection)."""
        tenant = self._context.workspace_id
        svc = self._svc.providers

        fingerprint = self._fingerprint(tenant, provider, config)

        def done(result: ValidationResult) -> None:
            if result.valid:
                self._tested[provider] = (fingerprint, self._monotonic(), result)
            else:
                self._tested.pop(provider, None)
            self.validation_finished.emit(provider, result)

        async def check() -> ValidationResult:
            name = provider
            if provider == NEW_CUSTOM:
                name = await svc.custom_name_for(tenant, str(config.get("label") or ""))
            return await svc.validate(tenant, name, dict(config))

        self._run_checked(provider, f"validate:{provider}", check(), done)

    def save(self, provider: str, config: Mapping[str, Any], save_anyway: bool = False) -> None:
        """Validate then save ``config``; rejected keys are never stored.

        Args:
            provider: Provider name, or :data:`NEW_CUSTOM` to add a custom provider (named
                from its label).
            config: The form's values; an empty secret field keeps the stored value.
            save_anyway: Store the config even when the provider could not be reached.
        """
        tenant = self._context.workspace_id
        label = str(config.get("label") or "") if provider == NEW_CUSTOM else ""
        label = label or self.label(provider)
        svc = self._svc.providers
        # A Test connection seconds ago with exactly these values already asked the provider.
        tested = self._reusable_test(tenant, provider, config)

        def done(outcome: SaveOutcome) -> None:
            self.saved.emit(provider, outcome)
            if outcome.saved:
                text = self.tr("Saved {provider}: {status}.").format(
                    provider=label, status=validation_label(outcome.validation.status)
                )
                if outcome.catalog is not None and not outcome.catalog.error:
                    total = outcome.catalog.total
                    text += " " + self.tr("%n model(s) available.", "", total)
                self._context.post_status(text, tenant)
                if outcome.validation.status.usable:
                    self._clear_notice(tenant, provider)
                self._after_change(tenant)

        async def store() -> SaveOutcome:
            name = provider
            if provider == NEW_CUSTOM:
                name = await svc.custom_name_for(tenant, label)
            return await svc.save(
                tenant, name, dict(config), save_if_unreachable=save_anyway, validation=tested
            )

        self._run_checked(provider, f"save:{provider}", store(), done)

    def revalidate_all(self) -> bool:
        """Re-check every stored key of the current workspace, concurrently, off the
        window's path; a key that was usable and is now rejected or out of credit gets a
        notice on its card and in the status bar.

        Returns:
            True when the re-check started; False when one already runs (overlapping runs
            are skipped) or there is nothing to check yet.
        """
        tenant = self._context.workspace_id
        if not tenant or not self.ready:
            return False

        def done(results: list[Revalidation]) -> None:
            if tenant != self._context.workspace_id:
                return
            now = self._clock()
            for item in results:
                if item.turned_bad:
                    label = self._label_of(item.provider)
                    notice = KeyNotice(item.provider, label, item.result.status, now)
                    self._notices.setdefault(tenant, {})[item.provider] = notice
                    self._dismissed.discard(tenant)
                elif item.result.status.usable:
                    self._clear_notice(tenant, item.provider, announce=False)
            self.revalidated.emit(list(results))
            self._context.post_status(self._summary(results), tenant)
            self._notice_changed()
            self._after_change(tenant)

        task = self.runner.run(_REVALIDATE, self._svc.providers.revalidate(tenant), done)
        if task is None:
            return False
        self.revalidating_changed.emit(True)
        task.add_done_callback(lambda _t: self._revalidation_ended())
        return True

    def dismiss_key_notice(self) -> None:
        """Hide the status-bar notice until another key turns bad (cards keep theirs)."""
        tenant = self._context.workspace_id
        if tenant in self._dismissed or not self._notices.get(tenant):
            return
        self._dismissed.add(tenant)
        self.key_notice_changed.emit("")

    def set_low_balance_threshold(self, value: float | None) -> None:
        """Warn on a card when its balance is below ``value`` (None: never); cards follow."""
        tenant = self._context.workspace_id

        def done(_none: None) -> None:
            if tenant != self._context.workspace_id:
                return
            self._threshold = value
            self.threshold_changed.emit(value)
            self.reload()

        self.runner.run(
            f"threshold:{tenant}",
            self._svc.providers.set_low_balance_threshold(tenant, value),
            done,
        )

    def request_remove(self, provider: str) -> None:
        """Find the defaults removing ``provider`` would clear; answers ``remove_requested``."""
        tenant = self._context.workspace_id

        def done(defaults: dict[ModelType, DefaultModel | None]) -> None:
            labels = [
                f"{type_label(t)}: {d.model}"
                for t, d in defaults.items()
                if d is not None and d.provider == provider
            ]
            self.remove_requested.emit(provider, labels)

        self.runner.run(f"defaults:{provider}", self._svc.models.get_defaults(tenant), done, None)

    def remove(self, provider: str) -> None:
        """Remove ``provider``'s config, its models and the defaults that use it."""
        tenant = self._context.workspace_id
        label = self.label(provider)

        def done(outcome: DeleteOutcome) -> None:
            self.removed.emit(provider, outcome)
            cleared = len(outcome.cleared_defaults)
            if cleared:
                text = self.tr("Removed {provider}; cleared %n default model(s).", "", cleared)
            else:
                text = self.tr("Removed {provider}.")
            self._context.post_status(text.format(provider=label), tenant)
            self._clear_notice(tenant, provider)
            self._after_change(tenant)

        self.runner.run(
            f"remove:{provider}",
            self._svc.providers.delete(tenant, provider),
            done,
            lambda exc: self._failed(provider, exc),
        )

    def cancel_all(self) -> None:
        """Cancel every running command (window closing, workspace switch)."""
        self.runner.cancel_all()

    def cancel_check(self, provider: str) -> bool:
        """Cancel ``provider``'s running test, validation or save (the busy row's Cancel);
        nothing is stored and ``check_cancelled`` follows.

        Returns:
            True when a check was running.
        """
        task = self._check_tasks.get(provider)
        if task is None or task.done():
            return False
        self._cancel_requested.add(provider)
        task.cancel()
        return True

    def forget_test(self, provider: str) -> None:
        """Drop the remembered Test connection result of ``provider`` (a field changed)."""
        self._tested.pop(provider, None)

    def has_reusable_test(self, provider: str, config: Mapping[str, Any]) -> bool:
        """True when saving ``config`` now would reuse the last Test connection."""
        tenant = self._context.workspace_id
        return self._reusable_test(tenant, provider, config, keep=True) is not None

    # -- internals ------------------------------------------------------------------------

    def _run_checked(self, provider: str, key: str, coro: Any, done: Any) -> None:
        task = self.runner.run(key, coro, done, lambda exc: self._failed(provider, exc))
        if task is None:
            return
        self._check_tasks[provider] = task
        self._set_checking(provider, True)
        task.add_done_callback(lambda t: self._check_ended(provider, t))

    def _check_ended(self, provider: str, task: Any) -> None:
        if not shiboken6.isValid(self):
            return
        if self._check_tasks.get(provider) is task:
            del self._check_tasks[provider]
        self._set_checking(provider, False)
        asked = provider in self._cancel_requested
        self._cancel_requested.discard(provider)
        if task.cancelled():
            self.check_cancelled.emit(provider)
            if asked:  # a save cancelled while it wrote may have landed: show the database
                self.reload()

    def _fingerprint(self, tenant: str, provider: str, config: Mapping[str, Any]) -> bytes:
        """A salted digest of exactly the submitted values (the key included): a reused
        test was made with these very values, which are not kept."""
        blob = json.dumps([tenant, provider, dict(config)], sort_keys=True, default=str)
        digest = self._salt.copy()
        digest.update(blob.encode())
        return digest.digest()

    def _reusable_test(
        self, tenant: str, provider: str, config: Mapping[str, Any], keep: bool = False
    ) -> ValidationResult | None:
        entry = self._tested.get(provider) if keep else self._tested.pop(provider, None)
        if entry is None:
            return None
        fingerprint, at, result = entry
        fresh = self._monotonic() - at <= TEST_REUSE_SECONDS
        if not fresh or fingerprint != self._fingerprint(tenant, provider, config):
            return None
        return result

    def _failed(self, provider: str, exc: ModelHubError) -> None:
        message = describe_error(exc)
        self.command_failed.emit(provider, message)
        if isinstance(exc, InvalidInputError) and exc.field:
            self.field_failed.emit(provider, exc.field)
        self._context.post_status(message)

    def _label_of(self, provider: str) -> str:
        state = self._states.get(provider)
        if state is not None:
            return state.info.localized_label(current_language())
        row = self.row_of(provider)
        return self._infos[row].localized_label(current_language()) if row >= 0 else provider

    def _summary(self, results: list[Revalidation]) -> str:
        n = len(results)
        if not n:
            return self.tr("No stored key to re-check in this workspace.")
        if n == 1:
            checked = self.tr("Re-checked %n key.", "", n)
        else:
            checked = self.tr("Re-checked %n keys.", "", n)
        problems = [r for r in results if not r.result.status.usable]
        if not problems:
            accepted = self.tr("All were accepted.") if n > 1 else self.tr("It was accepted.")
            return f"{checked} {accepted}"
        listed = ", ".join(
            f"{self._label_of(r.provider)} ({validation_label(r.result.status)})" for r in problems
        )
        return f"{checked} {self.tr('Not usable now: {providers}.').format(providers=listed)}"

    def _clear_notice(self, tenant: str, provider: str, announce: bool = True) -> None:
        if self._notices.get(tenant, {}).pop(provider, None) is None:
            return
        row = self.row_of(provider)
        if row >= 0 and tenant == self._context.workspace_id:
            index = self.index(row)
            self.dataChanged.emit(index, index, [self.NoticeRole])
        if announce and tenant == self._context.workspace_id:
            self._notice_changed()

    def _notice_changed(self) -> None:
        self.key_notice_changed.emit(self.key_notice)

    def _revalidation_ended(self) -> None:
        if shiboken6.isValid(self):
            self.revalidating_changed.emit(False)

    def _set_checking(self, provider: str, on: bool) -> None:
        if on == (provider in self._checking):
            return
        if on:
            self._checking.add(provider)
        else:
            self._checking.discard(provider)
        row = self.row_of(provider)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index, [self.CheckingRole, self.StatusRole])
        self.checking_changed.emit(provider, on)

    def _set_states(self, states: list[ProviderState]) -> None:
        # A provider no longer configured keeps no notice.
        tenant = self._context.workspace_id
        configured = {s.provider for s in states if s.configured}
        stale = [p for p in self._notices.get(tenant, {}) if p not in configured]
        for provider in stale:
            self._notices[tenant].pop(provider)
        self.beginResetModel()
        self._states = {s.provider: s for s in states}
        # Configured providers first (the cards), each group in display order; custom
        # providers come from this workspace's configs.
        ordered = [s.info for s in states if s.configured]
        ordered += [s.info for s in states if not s.configured]
        self._infos = ordered
        self.endResetModel()
        self.providers_changed.emit()
        if stale:
            self._notice_changed()

    def _after_change(self, tenant: str) -> None:
        if tenant != self._context.workspace_id:
            return
        self.reload()
        self._context.notify_catalog_changed()

    def _on_workspace_changed(self, workspace_id: str) -> None:
        # Results of the old workspace must not land in the new one's cards.
        self.cancel_all()
        self._checking.clear()
        self._tested.clear()
        self._threshold = None
        self.beginResetModel()
        self._states = {}
        # The old workspace's custom providers are not this one's.
        self._infos = [i for i in self._infos if not i.is_custom]
        self.endResetModel()
        self._notice_changed()
        if workspace_id:
            self.reload()


@dataclass(frozen=True, slots=True)
class _Row:
    """What a row's roles are read from: the provider, its stored state, a running check."""

    info: ProviderInfo
    state: ProviderState | None
    checking: bool

    @property
    def status(self) -> str:
        """The badge's status key ("" before the state is known and nothing runs)."""
        if self.state is not None:
            return status_key(self.state, self.checking)
        return CHECKING if self.checking else ""

    @property
    def label(self) -> str:
        return self.info.localized_label(current_language())

    def status_message(self) -> str:
        if self.state is None:
            return ""
        message = self.state.decrypt_error or self.state.status_message or ""
        return status_message(status_key(self.state), self.label, message)


_VM = ProvidersViewModel
if TYPE_CHECKING:
    _Getter = Callable[[ProvidersViewModel, _Row], Any]


def _balance(role: int) -> _Getter:
    return lambda vm, row: vm._balance_data(row.info.name, role)


#: Role -> what it shows for a row: one line per role instead of a chain of ifs.
_GETTERS: dict[int, _Getter] = {
    int(Qt.ItemDataRole.DisplayRole): lambda _vm, row: row.label,
    _VM.LabelRole: lambda _vm, row: row.label,
    _VM.ProviderRole: lambda _vm, row: row.info.name,
    _VM.DescriptionRole: lambda _vm, row: row.info.localized_description(current_language()),
    int(Qt.ItemDataRole.ToolTipRole): lambda _vm, row: row.info.localized_description(
        current_language()
    ),
    _VM.ModelTypesRole: lambda _vm, row: [
        (type_short_label(t), type_label(t)) for t in row.info.model_types
    ],
    _VM.CheckingRole: lambda _vm, row: row.checking,
    _VM.StateRole: lambda _vm, row: row.state,
    _VM.ConfiguredRole: lambda _vm, row: bool(row.state and row.state.configured),
    _VM.StatusRole: lambda _vm, row: row.status,
    _VM.StatusLabelRole: lambda _vm, row: status_label(row.status) if row.status else "",
    _VM.StatusMessageRole: lambda _vm, row: row.status_message(),
    _VM.LastValidatedRole: lambda _vm, row: row.state.last_validated_at if row.state else None,
    _VM.LastValidatedTextRole: lambda vm, row: vm._last_validated_text(row),
    _VM.MaskedKeyRole: lambda _vm, row: (row.state.masked_key or "") if row.state else "",
    _VM.ModelCountRole: lambda _vm, row: len(row.state.models) if row.state else 0,
    _VM.IconRole: lambda _vm, row: row.info.icon or row.info.name,
    _VM.NeedsKeyRole: lambda _vm, row: row.info.key_field is not None,
    _VM.NoticeRole: lambda vm, row: vm._notice_text(row),
    **{
        role: _balance(role)
        for role in (
            _VM.BalanceRole,
            _VM.BalanceLineRole,
            _VM.BalanceTextRole,
            _VM.BalanceAgeTextRole,
            _VM.BalanceLowRole,
            _VM.BalanceWarningRole,
        )
    },
}

_BALANCE_ROLES = frozenset(
    {
        ProvidersViewModel.BalanceRole,
        ProvidersViewModel.BalanceLineRole,
        ProvidersViewModel.BalanceTextRole,
        ProvidersViewModel.BalanceAgeTextRole,
        ProvidersViewModel.BalanceLowRole,
        ProvidersViewModel.BalanceWarningRole,
    }
)
