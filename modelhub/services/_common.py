"""Helpers shared by the services: running unit-of-work code off the event loop, clocks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from modelhub.domain.errors import InvalidInputError, NotFoundError
from modelhub.domain.models import ModelType

if TYPE_CHECKING:
    from modelhub.storage.uow import SqlUnitOfWork

T = TypeVar("T")
UowFactory = Callable[[], "SqlUnitOfWork"]
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


async def in_uow(
    factory: UowFactory, work: Callable[[SqlUnitOfWork], T], *, read_only: bool = False
) -> T:
    """Run ``work`` inside one unit of work on a worker thread.

    Database calls never run on the event loop (a PostgreSQL round trip must not freeze the
    window), and a session never lives across an ``await``: ``work`` is synchronous and the
    unit of work closes before this returns. ``work`` commits itself when it writes.

    Args:
        factory: Opens the unit of work.
        work: What to do in it.
        read_only: ``work`` only reads: on SQLite it then takes no write lock, so another
            program writing does not make ModelHub wait to read.
    """

    def job() -> T:
        uow = factory()
        if read_only:
            uow.read_only = True
        with uow:
            return work(uow)

    return await asyncio.to_thread(job)


def require_workspace(uow: SqlUnitOfWork, tenant_id: str) -> None:
    """Raise NotFoundError unless the workspace exists."""
    if uow.workspaces.get(tenant_id) is None:
        raise NotFoundError(
            "That workspace no longer exists.", "Choose another workspace or create one."
        )


def parse_model_type(value: str | ModelType) -> ModelType:
    """The model type for ``value``, or a clear error listing the valid ones."""
    if isinstance(value, ModelType):
        return value
    try:
        return ModelType.parse(value)
    except ValueError:
        allowed = ", ".join(t.value for t in ModelType)
        raise InvalidInputError(
            f"Unknown model type {value!r}.", f"Use one of: {allowed}."
        ) from None


def mask_key(key: str | None) -> str | None:
    """A fixed-width mask such as ``sk-…a1b2``: never enough of the key to matter.

    Short keys show no characters at all, so the mask never reveals a large share of a key.
    """
    if not key:
        return None
    if len(key) < 16:
        return "••••••••"
    return f"{key[:3]}…{key[-4:]}"
