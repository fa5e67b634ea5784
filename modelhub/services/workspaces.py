"""Workspace (tenant) use cases: list, create, rename, delete."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from modelhub.domain.errors import AlreadyExistsError, InvalidInputError, NotFoundError
from modelhub.services._common import UowFactory, in_uow

if TYPE_CHECKING:
    from modelhub.domain.models import Workspace
    from modelhub.storage.uow import SqlUnitOfWork

DEFAULT_WORKSPACE = "Default"
MAX_NAME_CHARS = 80


#: Format characters that are part of printable text: the joiners that build emoji
#: sequences and some scripts' ligatures (ZWJ, ZWNJ), and emoji tag characters.
_JOINERS = frozenset({"\u200c", "\u200d"})


def _unprintable(ch: str) -> bool:
    """Control, unassigned, surrogate and private-use characters, and format characters
    other than the joiners: what cannot be shown as (part of) a name."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch not in _JOINERS and not "\U000e0020" <= ch <= "\U000e007f"
    return category.startswith("C")


def clean_name(name: str) -> str:
    """Check and tidy a workspace name.

    Raises:
        InvalidInputError: Empty, too long, or containing control characters.
    """
    # NFC: "é" typed as one code point or as "e" + accent is the same name.
    text = unicodedata.normalize("NFC", " ".join(name.split()))
    if not text:
        raise InvalidInputError("A workspace name cannot be empty.", "Type a name.")
    if len(text) > MAX_NAME_CHARS:
        raise InvalidInputError(
            f"A workspace name can have at most {MAX_NAME_CHARS} characters.", None
        )
    if any(_unprintable(ch) for ch in text):
        raise InvalidInputError("A workspace name cannot contain control characters.", None)
    return text


def name_key(name: str) -> str:
    """What two workspace names must not share: "Default" and "default", or "Café" typed
    two ways, would be told apart by nobody reading the switcher."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def _taken_by(uow: SqlUnitOfWork, name: str) -> Workspace | None:
    """The workspace whose name reads as ``name`` (case-insensitive, NFC), if any."""
    key = name_key(name)
    return next((ws for ws in uow.workspaces.list() if name_key(ws.name) == key), None)


class WorkspaceService:
    """Tenant workspaces.

    Args:
        uow_factory: Opens a unit of work.
    """

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow = uow_factory

    async def list(self) -> list[Workspace]:
        """Every workspace, by name."""
        return await in_uow(self._uow, lambda uow: uow.workspaces.list(), read_only=True)

    async def get(self, workspace_id: str) -> Workspace:
        """The workspace with ``workspace_id``.

        Raises:
            NotFoundError: No such workspace.
        """

        def work(uow: SqlUnitOfWork) -> Workspace:
            ws = uow.workspaces.get(workspace_id)
            if ws is None:
                raise NotFoundError("That workspace no longer exists.", None)
            return ws

        return await in_uow(self._uow, work, read_only=True)

    async def get_by_name(self, name: str) -> Workspace:
        """The workspace called ``name``.

        Raises:
            NotFoundError: No such workspace (the message lists the existing ones).
        """

        def work(uow: SqlUnitOfWork) -> Workspace:
            ws = uow.workspaces.get_by_name(name.strip())
            if ws is None:
                names = ", ".join(w.name for w in uow.workspaces.list()[:20])
                raise NotFoundError(
                    f"No workspace named {name!r}.",
                    f"Existing workspaces: {names}." if names else "Create one first.",
                )
            return ws

        return await in_uow(self._uow, work, read_only=True)

    async def ensure_default(self) -> Workspace:
        """The first workspace, creating ``Default`` when there is none."""
        return await in_uow(self._uow, ensure_default_workspace)

    async def create(self, name: str) -> Workspace:
        """Create a workspace.

        Raises:
            InvalidInputError: The name is not usable.
            AlreadyExistsError: The name is taken.
        """
        text = clean_name(name)

        def work(uow: SqlUnitOfWork) -> Workspace:
            taken = _taken_by(uow, text)
            if taken is not None:
                raise AlreadyExistsError(
                    f"A workspace named {taken.name!r} already exists.", "Choose another name."
                )
            ws = uow.workspaces.add(text)
            uow.commit()
            return ws

        return await in_uow(self._uow, work)

    async def rename(self, workspace_id: str, new_name: str) -> Workspace:
        """Rename a workspace.

        Raises:
            NotFoundError: No such workspace.
            AlreadyExistsError: Another workspace has that name.
        """
        text = clean_name(new_name)

        def work(uow: SqlUnitOfWork) -> Workspace:
            if uow.workspaces.get(workspace_id) is None:
                raise NotFoundError("That workspace no longer exists.", None)
            other = _taken_by(uow, text)
            if other is not None and other.id != workspace_id:
                raise AlreadyExistsError(
                    f"A workspace named {other.name!r} already exists.", "Choose another name."
                )
            ws = uow.workspaces.rename(workspace_id, text)
            uow.commit()
            return ws

        return await in_uow(self._uow, work)

    async def delete(self, workspace_id: str) -> None:
        """Delete a workspace with all its provider configs, catalog and defaults.

        Raises:
            NotFoundError: No such workspace.
        """

        def work(uow: SqlUnitOfWork) -> None:
            if not uow.workspaces.delete(workspace_id):
                raise NotFoundError("That workspace no longer exists.", None)
            uow.commit()

        await in_uow(self._uow, work)

    async def summary(self, workspace_id: str) -> tuple[int, int]:
        """How many provider configs and default models a workspace holds (for confirmations)."""

        def work(uow: SqlUnitOfWork) -> tuple[int, int]:
            return len(uow.configs.list(workspace_id)), len(uow.defaults.list(workspace_id))

        return await in_uow(self._uow, work)


def ensure_default_workspace(uow: SqlUnitOfWork) -> Workspace:
    """The first workspace by name, creating ``Default`` in an empty database."""
    existing = uow.workspaces.get_by_name(DEFAULT_WORKSPACE)
    if existing is not None:
        return existing
    workspaces = uow.workspaces.list()
    if workspaces:
        return workspaces[0]
    ws = uow.workspaces.add(DEFAULT_WORKSPACE)
    uow.commit()
    return ws
