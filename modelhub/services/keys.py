"""Key checks and rotation over every stored config, across all workspaces."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.crypto.envelope import Cipher
from modelhub.domain.errors import CryptoFormatError, DecryptionError, KeyConfigError
from modelhub.domain.models import RotationReport
from modelhub.services._common import UowFactory, in_uow

if TYPE_CHECKING:
    from modelhub.storage.uow import SqlUnitOfWork


def unknown_kids(uow: SqlUnitOfWork, cipher: Cipher) -> dict[str, int]:
    """Key ids found in stored configs that no loaded key matches, with their row counts.

    Malformed values are not counted here: they surface per provider as "cannot decrypt".
    """
    counts: dict[str, int] = {}
    for _id, _tenant, _provider, token in uow.configs.all_encrypted():
        try:
            kid = Cipher.kid_of(token)
        except CryptoFormatError:
            continue
        if kid not in cipher.kids:
            counts[kid] = counts.get(kid, 0) + 1
    return counts


def check_kids(uow: SqlUnitOfWork, cipher: Cipher, key_source: str) -> None:
    """Fail at start-up, once, when the database was written with a key we do not have.

    Raises:
        KeyConfigError: Naming the unknown key id(s) and where the loaded key came from.
    """
    unknown = unknown_kids(uow, cipher)
    if not unknown:
        return
    kids = ", ".join(f"{kid} ({n} config{'s' if n != 1 else ''})" for kid, n in unknown.items())
    raise KeyConfigError(
        f"This database holds provider configs encrypted with key id {kids}, which the "
        f"loaded key (id {cipher.current_kid}, from {key_source}) does not match.",
        "Set ENCRYPTION_KEY to the key this database was written with, or add it to "
        "ENCRYPTION_KEY_PREVIOUS and run `modelhub keys rotate`. Nothing was changed.",
    )


class KeyService:
    """Checks and re-encrypts stored configs.

    Args:
        uow_factory: Opens a unit of work.
        cipher: The loaded keys (current encrypts, all decrypt).
        key_source: Where the current key came from, for messages.
    """

    def __init__(self, uow_factory: UowFactory, cipher: Cipher, key_source: str) -> None:
        self._uow = uow_factory
        self._cipher = cipher
        self._source = key_source

    @property
    def current_kid(self) -> str:
        """Key id of the key that encrypts new values."""
        return self._cipher.current_kid

    def use_cipher(self, cipher: Cipher) -> None:
        """Check and rotate with ``cipher`` from now on (after a new key was stored)."""
        self._cipher = cipher

    async def check_keys(self) -> None:
        """Raise KeyConfigError when some stored config uses a key that is not loaded."""
        await in_uow(self._uow, lambda uow: check_kids(uow, self._cipher, self._source))

    async def rotate(self, dry_run: bool = False, cipher: Cipher | None = None) -> RotationReport:
        """Re-encrypt every config not under the current key, all in one transaction.

        Every row is decrypted first; if any fails, nothing is written.

        Args:
            dry_run: Count what would change; write nothing.
            cipher: Use these keys instead of the loaded ones (rotation to a new key).

        Raises:
            DecryptionError: A value cannot be decrypted with any loaded key (nothing written).
        """
        keys = cipher or self._cipher

        def work(uow: SqlUnitOfWork) -> RotationReport:
            rows = uow.configs.all_encrypted()
            names = {w.id: w.name for w in uow.workspaces.list()}
            updates: list[tuple[str, str]] = []
            unreadable: list[str] = []
            for row_id, tenant_id, provider, token in rows:
                # Every row is decrypted, current ones too: a tampered or swapped row under
                # the current key id is not "already current", it is unreadable.
                try:
                    value = keys.decrypt(token, tenant_id, provider)
                except (DecryptionError, CryptoFormatError):
                    unreadable.append(f"{provider} in {names.get(tenant_id, tenant_id)!r}")
                    continue
                if keys.needs_rotation(token):
                    updates.append((row_id, keys.encrypt(value, tenant_id, provider)))
            if unreadable:
                shown = ", ".join(unreadable[:5]) + (
                    f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""
                )
                raise DecryptionError(
                    f"Cannot rotate: {len(unreadable)} of {len(rows)} stored config(s) cannot "
                    f"be decrypted ({shown}). Nothing was changed.",
                    "Load the key they were written with via ENCRYPTION_KEY_PREVIOUS, or "
                    "remove and re-add those providers.",
                )
            if not dry_run:
                for row_id, new_token in updates:
                    uow.configs.update_encrypted(row_id, new_token)
                uow.commit()
            return RotationReport(
                total=len(rows),
                reencrypted=len(updates),
                already_current=len(rows) - len(updates),
                dry_run=dry_run,
                current_kid=keys.current_kid,
            )

        return await in_uow(self._uow, work)
