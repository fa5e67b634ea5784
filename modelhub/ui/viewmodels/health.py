"""Health checks from the window: one real, small, billed request per model, results as they
arrive, a progress count and Cancel.

One :class:`HealthViewModel` serves every page of a window (the models page checks rows, the
default-models page checks the defaults), so a run started on one page shows on the other,
and the notice about billed requests is shown once per app run, not once per page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from modelhub.domain.models import ModelType
from modelhub.services.health import CheckTarget
from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner, describe_error

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Iterable

    from modelhub.domain.errors import ModelHubError
    from modelhub.domain.models import HealthCheck
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext

ModelKey = tuple[str, str]


class HealthViewModel(QObject, ServicesSlot):
    """Runs health checks of the current workspace's models, one run at a time.

    A run starts with a command (:meth:`check`, :meth:`check_defaults`,
    :meth:`check_all_enabled`); a second command while one runs is ignored. Results arrive
    one by one through ``model_checked`` while the event loop keeps running; :meth:`cancel`
    stops the requests in flight (what finished stays recorded).

    Before the first check of an app run the window shows a notice that checks are billed
    (:attr:`paid_notice_needed`); :meth:`acknowledge_paid_checks` records that it was
    accepted, for the rest of the run.

    Args:
        services: The service graph (``.health``).
        context: The shared workspace context.
        parent: Qt parent.

    Signals:
        running_changed(bool): A run started or ended.
        progress_changed(str): The progress text changed (``Checking 3 of 12…``).
        pending_changed(): The models waiting for their result changed.
        model_checked(object): One :class:`~modelhub.domain.models.HealthCheck` arrived.
        run_finished(str): A run ended (done, cancelled or failed), with a one-line summary.
        error_occurred(str): An expected failure, as a sentence a person can act on.
    """

    running_changed = Signal(bool)
    progress_changed = Signal(str)
    pending_changed = Signal()
    model_checked = Signal(object)
    run_finished = Signal(str)
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
        self._runner.error_occurred.connect(self.error_occurred)
        self.paid_notice_acknowledged = False
        self._running = False
        self._tenant = ""
        self._total = 0
        self._results: list[HealthCheck] = []
        self._pending: set[ModelKey] = set()
        self._task: asyncio.Task[Any] | None = None
        self._runs = 0
        self._started_at: datetime | None = None
        self._cancelled_once = False
        context.workspace_changed.connect(lambda _id: self.cancel())

    @classmethod
    def shared(cls, services: Services | None, context: WorkspaceContext) -> HealthViewModel:
        """The health view-model of ``context``'s window, made on first use.

        It lives as a child of the context (one per app run), so every page that takes the
        context shares it without the composition root having to pass it.
        """
        for child in context.children():
            if isinstance(child, HealthViewModel):
                if services is not None and not child.ready:
                    child.attach(services)
                return child
        return cls(services, context, parent=context)

    # -- state -----------------------------------------------------------------------------

    @property
    def runner(self) -> TaskRunner:
        """The task runner (awaited on shutdown)."""
        return self._runner

    @property
    def running(self) -> bool:
        """True from a command until its run ends."""
        return self._running

    @property
    def total(self) -> int:
        """Checks in the current (or last) run."""
        return self._total

    @property
    def done(self) -> int:
        """Results received in the current (or last) run."""
        return len(self._results)

    @property
    def pending(self) -> frozenset[ModelKey]:
        """``(provider, model)`` of the models whose result is awaited."""
        return frozenset(self._pending)

    @property
    def paid_notice_needed(self) -> bool:
        """True until the billed-requests notice was accepted in this app run."""
        return not self.paid_notice_acknowledged

    def paid_notice_text(self, count: int | None = None) -> str:
        """What the notice says, naming how many requests a run would send when known."""
        text = self.tr(
            "A health check sends a small real request to the model (one short answer, "
            "embedding or sound), billed to the workspace's key for that provider."
        )
        if count == 1:
            text += " " + self.tr("This check sends 1 request.")
        elif count:
            text += " " + self.tr("This run sends {n} requests.").format(n=f"{count:,}")
        return text

    @property
    def progress_text(self) -> str:
        """``Checking 3 of 12…`` while a run goes on, else an empty string."""
        if not self._running:
            return ""
        if not self._total:
            return self.tr("Preparing checks…")
        if self._total == 1:
            model = next(iter(self._pending), ("", ""))[1]
            return self.tr("Checking {model}…").format(model=model) if model else ""
        current = min(self.done + 1, self._total)
        return self.tr("Checking {current} of {total}…").format(
            current=f"{current:,}", total=f"{self._total:,}"
        )

    # -- commands --------------------------------------------------------------------------

    def acknowledge_paid_checks(self) -> None:
        """Record that the person accepted billed checks (for the rest of this app run)."""
        self.paid_notice_acknowledged = True

    def check(self, models: Iterable[tuple[str, str, ModelType | str]]) -> bool:
        """Check ``models`` (``(provider, model id, type)``); returns False when ignored
        (nothing named, or a run already goes on)."""
        targets = [
            CheckTarget(provider, model, ModelType(model_type))
            for provider, model, model_type in dict.fromkeys(models)
        ]
        if not targets:
            return False
        return self._start(lambda _tenant: self._given(targets), "")

    def check_defaults(self) -> bool:
        """Check the default model of every type; False when ignored."""
        return self._start(
            lambda tenant: self._svc.health.targets(tenant, defaults=True),
            self.tr("Nothing to check: no default models are set."),
        )

    def check_all_enabled(self) -> bool:
        """Check every enabled model of every valid provider; False when ignored."""
        return self._start(
            lambda tenant: self._svc.health.targets(tenant),
            self.tr("Nothing to check: no enabled models."),
        )

    def cancel(self) -> None:
        """Stop the running checks (results received so far are kept)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def cancel_all(self) -> None:
        """Cancel everything (window closing)."""
        self._runner.cancel_all()

    # -- internals -------------------------------------------------------------------------

    @staticmethod
    async def _given(targets: list[CheckTarget]) -> list[CheckTarget]:
        return targets

    def _start(self, resolve: Any, empty: str) -> bool:
        tenant = self._context.workspace_id
        if not tenant:
            return False
        if self._running:
            self._context.post_status(self.tr("Checks are already running."))
            return False
        self._tenant = tenant
        self._total = 0
        self._results = []
        self._started_at = datetime.now(UTC)
        self._cancelled_once = False
        self._set_running(True)
        # One key per run: the runner forgets a finished task only a loop turn later, and
        # a run started right after the last one must not be dropped. ``running`` is what
        # keeps runs one at a time.
        self._runs += 1
        task = self._runner.run(
            f"health-run-{self._runs}",
            self._run(tenant, resolve, empty),
            self._finished,
            self._failed,
        )
        if task is None:  # cannot happen while not running, but never leave it stuck
            self._set_running(False)
            return False
        self._task = task
        task.add_done_callback(self._task_done)
        return True

    async def _run(self, tenant: str, resolve: Any, empty: str) -> str:
        targets: list[CheckTarget] = await resolve(tenant)
        if not targets:
            return empty
        self._total = len(targets)
        self._pending = {(t.provider, t.model) for t in targets}
        self.pending_changed.emit()
        self.progress_changed.emit(self.progress_text)
        await self._svc.health.run(tenant, targets, on_result=self._on_result)
        return self._summary()

    def _on_result(self, check: HealthCheck) -> None:
        # Called on the event loop's thread as each result is known.
        if not self._running or self._tenant != self._context.workspace_id:
            return
        self._results.append(check)
        self._pending.discard((check.provider, check.model))
        self.model_checked.emit(check)
        self.pending_changed.emit()
        self.progress_changed.emit(self.progress_text)

    def _summary(self) -> str:
        results = self._results
        if len(results) == 1:
            c = results[0]
            if c.ok:
                latency = c.first_byte_ms if c.first_byte_ms is not None else c.total_ms
                return self.tr("{model}: OK, {ms} ms.").format(model=c.model, ms=f"{latency:,}")
            return self.tr("{model}: check failed — {error}").format(
                model=c.model, error=c.error or c.status.label
            )
        failed = sum(1 for c in results if not c.ok)
        ok = len(results) - failed
        text = self.tr("Checked {n} models: {ok} OK").format(n=f"{len(results):,}", ok=f"{ok:,}")
        if failed == 1:
            text += self.tr(", 1 failed")
        elif failed:
            text += self.tr(", {n} failed").format(n=f"{failed:,}")
        return text + "."

    def _finished(self, summary: str) -> None:
        self._end(summary)

    def _failed(self, error: ModelHubError) -> None:
        message = describe_error(error)
        self.error_occurred.emit(message)
        self._end(self.tr("Checks failed: {message}").format(message=message))

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        if task is not self._task:
            return  # an earlier run's task, finished after a new run began
        self._task = None
        if not self._running:
            return  # ended through _finished or _failed
        if not task.cancelled():
            # An unexpected error: the loop's exception handler reports it (not retrieved
            # here, so tests still fail on it); the page must not stay "checking" forever.
            self._end(self.tr("Checks stopped by an unexpected error."))
            return
        unreported = set(self._pending)
        if not unreported or self._started_at is None or self._cancelled_once:
            self._end_cancelled()
            return
        # A probe that had answered when Cancel came may have been recorded anyway (its
        # write was under way): show what the database kept, then end the run.
        self._cancelled_once = True
        self._runs += 1
        settle = self._runner.run(
            f"health-settle-{self._runs}",
            self._recorded(self._tenant, unreported, self._started_at),
            self._report_recorded,
            lambda _error: self._end_cancelled(),
        )
        if settle is None:
            self._end_cancelled()
        else:
            self._task = settle
            settle.add_done_callback(self._task_done)

    def _end_cancelled(self) -> None:
        done, total = self.done, self._total
        if total:
            summary = self.tr("Checks cancelled after {done} of {total}.").format(
                done=f"{done:,}", total=f"{total:,}"
            )
        else:
            summary = self.tr("Checks cancelled.")
        self._end(summary)

    async def _recorded(
        self, tenant: str, keys: set[ModelKey], since: datetime
    ) -> list[HealthCheck]:
        latest = await self._svc.health.latest(tenant)
        return [c for key, c in latest.items() if key in keys and _aware(c.checked_at) >= since]

    def _report_recorded(self, checks: list[HealthCheck]) -> None:
        if self._tenant == self._context.workspace_id:
            for check in checks:
                self._results.append(check)
                self._pending.discard((check.provider, check.model))
                self.model_checked.emit(check)
        self._end_cancelled()

    def _end(self, summary: str) -> None:
        if not self._running:
            return
        if self._pending:
            self._pending = set()
            self.pending_changed.emit()
        self._set_running(False)
        self.progress_changed.emit("")
        if summary:
            self._context.post_status(summary)
        self.run_finished.emit(summary)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)
            self.progress_changed.emit(self.progress_text)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
