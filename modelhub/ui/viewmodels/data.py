"""Where ModelHub keeps things, and the commands on them: backup and key rotation.

The Settings dialog (Keys and Folders sections) and the File and Help menus read the same
facts here. Nothing here ever holds or shows the encryption key itself: only its id, the kind
of store it came from and where that store is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner, describe_error

if TYPE_CHECKING:
    from pathlib import Path

    from modelhub.domain.errors import ModelHubError
    from modelhub.domain.models import RotationReport
    from modelhub.paths import AppPaths
    from modelhub.services.bootstrap import RestorePlan, Services

#: Key stores ModelHub writes itself (so it can rotate their key); the others are the user's.
MANAGED_ORIGINS = ("keyring", "data-env-file")


class DataViewModel(ServicesSlot, QObject):
    """Data and log folders, the database, the key's whereabouts; backup and key rotation.

    Args:
        services: The opened services, or None until :meth:`attach`.
        paths: The data and log folders in use.
        parent: Qt parent.

    Signals:
        busy_changed(bool): A backup or rotation started or finished.
        error_occurred(str): An expected failure, as a sentence a person can act on.
        rotation_previewed(object): The dry run's ``RotationReport``: ask before the real run.
        rotation_refused(str): The key is not one ModelHub keeps; the text says what to do.
        key_rotated(str): The report of a finished rotation.
        backed_up(str): The path of the backup just written.
        backup_failed(str): Why the backup was not written.
        restore_checked(object): The ``RestorePlan`` of a backup that can be restored: ask
            before :meth:`restore`.
        restored(str): The database was replaced; the path of the copy of the old one.
        restore_failed(str): Why the backup was not (or cannot be) restored.
    """

    busy_changed = Signal(bool)
    error_occurred = Signal(str)
    rotation_previewed = Signal(object)
    rotation_refused = Signal(str)
    key_rotated = Signal(str)
    backed_up = Signal(str)
    backup_failed = Signal(str)
    restore_checked = Signal(object)
    restored = Signal(str)
    restore_failed = Signal(str)

    def __init__(
        self, services: Services | None, paths: AppPaths, parent: QObject | None = None
    ) -> None:
        QObject.__init__(self, parent)
        self._services = services
        self._paths = paths
        self.runner = TaskRunner(self)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.error_occurred.connect(self.error_occurred)

    # -- facts ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a backup or a rotation runs."""
        return self.runner.busy

    @property
    def data_dir(self) -> str:
        """The data folder (default database, key file, provider presets)."""
        return str(self._paths.data_dir)

    @property
    def log_dir(self) -> str:
        """The log folder."""
        return str(self._paths.log_dir)

    @property
    def database_label(self) -> str:
        """The database in words, never with its password ("" before it is open)."""
        return self._services.database_label if self._services is not None else ""

    @property
    def key_id(self) -> str:
        """The id of the current encryption key ("" before the services are open)."""
        return self._services.key_material.kid if self._services is not None else ""

    @property
    def key_source(self) -> str:
        """Where the key came from, in words (e.g. "OS keyring (service modelhub)")."""
        return self._services.key_material.source if self._services is not None else ""

    @property
    def key_location(self) -> str:
        """Where exactly the key is kept (a file path, the keyring entry, "environment")."""
        return self._services.key_material.location if self._services is not None else ""

    @property
    def key_managed(self) -> bool:
        """True when ModelHub keeps the key itself and so may rotate it."""
        if self._services is None:
            return False
        return self._services.key_material.origin in MANAGED_ORIGINS

    def locations_text(self) -> str:
        """Where everything is, for "Where is my data?" (the key's place, never the key)."""
        lines = [
            self.tr("Data folder: {path}").format(path=self.data_dir),
            self.tr("Log folder: {path}").format(path=self.log_dir),
        ]
        if self._services is None:
            lines.append(self.tr("The database is still being opened."))
        else:
            lines += [
                self.tr("Database: {label}").format(label=self.database_label),
                self.tr("Encryption key: id {kid}, kept in {location}").format(
                    kid=self.key_id, location=self.key_location
                ),
            ]
        lines.append("")
        lines.append(
            self.tr(
                "Back up the database and the key: the saved provider keys cannot be "
                "decrypted without it."
            )
        )
        return "\n".join(lines)

    # -- commands -------------------------------------------------------------------------

    def preview_rotation(self) -> bool:
        """Count what rotating to a new key would re-encrypt (a dry run, nothing written).

        Emits ``rotation_previewed`` with the report, or ``rotation_refused`` when the key
        is the user's to change. Returns False when nothing was started.
        """
        if not self.ready:
            self.error_occurred.emit(self.tr("ModelHub is still opening its database."))
            return False
        if not self.key_managed:
            self.rotation_refused.emit(self.refusal_text())
            return False
        # Its own command key: the confirmation opens from this task's result, before the
        # task is done, and its answer must not be dropped as "already running".
        task = self.runner.run(
            "preview-rotation",
            self._svc.rotate_to_new_key(dry_run=True),
            on_done=self.rotation_previewed.emit,
            on_error=self._refused_or_failed,
        )
        return task is not None

    def rotate_key(self) -> bool:
        """Generate a new key, store it where the old one is, re-encrypt every config.

        The rows are re-encrypted on a worker thread; ``key_rotated`` reports the outcome.
        Returns False when nothing was started.
        """
        if not self.ready or not self.key_managed:
            return self.preview_rotation()
        task = self.runner.run(
            "rotate",
            self._svc.rotate_to_new_key(dry_run=False),
            on_done=self._on_rotated,
            on_error=self._refused_or_failed,
        )
        return task is not None

    def backup(self, destination: str, *, overwrite: bool = False) -> bool:
        """Copy the database to ``destination`` (SQLite's online backup, on a worker thread).

        Args:
            destination: The file to write.
            overwrite: Replace a file already there (only once the person agreed to it, as
                a save dialog asks); otherwise an existing file is refused.

        ``backed_up`` names the file written, ``backup_failed`` says why not. Returns False
        when nothing was started.
        """
        if not self.ready:
            self.error_occurred.emit(self.tr("ModelHub is still opening its database."))
            return False
        task = self.runner.run(
            "backup",
            self._svc.backup(destination, overwrite=overwrite),
            on_done=self._on_backed_up,
            on_error=lambda error: self.backup_failed.emit(describe_error(error)),
        )
        return task is not None

    def check_restore(self, source: str) -> bool:
        """Check the backup ``source`` (intact, a known schema, readable with the current key)
        without changing anything; ``restore_checked`` or ``restore_failed`` says how it went.
        """
        if not self.ready:
            self.error_occurred.emit(self.tr("ModelHub is still opening its database."))
            return False
        task = self.runner.run(
            "check-restore",
            self._svc.inspect_backup(source),
            on_done=self.restore_checked.emit,
            on_error=lambda error: self.restore_failed.emit(describe_error(error)),
        )
        return task is not None

    def restore(self, plan: RestorePlan) -> bool:
        """Replace the database with the checked backup ``plan`` (the current one is kept as a
        copy beside it); ``restored`` names that copy."""
        if not self.ready:
            return False
        task = self.runner.run(
            "restore",
            self._svc.restore(plan),
            on_done=lambda kept: self.restored.emit(str(kept)),
            on_error=lambda error: self.restore_failed.emit(describe_error(error)),
        )
        return task is not None

    def cancel_all(self) -> None:
        """Cancel a running command (the window is closing)."""
        self.runner.cancel_all()

    # -- wording --------------------------------------------------------------------------

    def refusal_text(self) -> str:
        """Why ModelHub does not rotate a key it does not keep, and how to do it by hand."""
        return self.tr(
            "The encryption key comes from the {source}, which ModelHub does not change.\n\n"
            "To rotate it yourself: generate a new key (openssl rand -hex 32), set "
            "ENCRYPTION_KEY to the new key and ENCRYPTION_KEY_PREVIOUS to the old one, start "
            "ModelHub again and run: modelhub keys rotate"
        ).format(source=self.key_source)

    def rotation_report_text(self, report: RotationReport) -> str:
        """``report`` in one sentence (the command line's wording)."""
        return self.tr("Re-encrypted {done} of {total} configs under key {kid}.").format(
            done=report.reencrypted, total=report.total, kid=report.current_kid
        )

    # -- internals ------------------------------------------------------------------------

    def _on_rotated(self, report: RotationReport) -> None:
        self.key_rotated.emit(self.rotation_report_text(report))

    def _on_backed_up(self, path: Path) -> None:
        self.backed_up.emit(str(path))

    def _refused_or_failed(self, error: ModelHubError) -> None:
        if not self.key_managed:
            self.rotation_refused.emit(self.refusal_text())
        else:
            self.error_occurred.emit(describe_error(error))
