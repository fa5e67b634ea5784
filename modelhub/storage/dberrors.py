"""Turn database driver errors into ModelHub's typed errors with short, readable messages.

Messages name what failed in words a person can act on; they never repeat the SQL statement
or its parameters (those can hold ciphertext and are noise to a user). The original error is
kept as ``__cause__`` for debugging.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from modelhub.domain.errors import AlreadyExistsError, NotFoundError, StorageError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["is_unique_violation", "translate_errors"]

# sqlite3 extended result codes (Python 3.11+ exposes them as ``sqlite_errorcode``).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOMEM = 7
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_SQLITE_CONSTRAINT_UNIQUE = 2067
_SQLITE_CONSTRAINT_PRIMARYKEY = 1555
_SQLITE_CONSTRAINT_FOREIGNKEY = 787
# PostgreSQL SQLSTATEs.
_PG_UNIQUE = "23505"
_PG_FOREIGN_KEY = "23503"
_PG_DISK_FULL = "53100"
_PG_OUT_OF_MEMORY = "53200"


def _sqlite_code(orig: Any) -> int | None:
    code = getattr(orig, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def _pg_state(orig: Any) -> str | None:
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def is_unique_violation(exc: BaseException) -> bool:
    """True when ``exc`` is a unique or primary-key violation on either backend."""
    if not isinstance(exc, IntegrityError):
        return False
    orig = exc.orig
    code = _sqlite_code(orig)
    if code is not None:
        return code in (_SQLITE_CONSTRAINT_UNIQUE, _SQLITE_CONSTRAINT_PRIMARYKEY)
    return _pg_state(orig) == _PG_UNIQUE


def _is_foreign_key_violation(exc: IntegrityError) -> bool:
    code = _sqlite_code(exc.orig)
    if code is not None:
        return code == _SQLITE_CONSTRAINT_FOREIGNKEY
    return _pg_state(exc.orig) == _PG_FOREIGN_KEY


def _operational_message(exc: DBAPIError, action: str) -> StorageError:
    code = _sqlite_code(exc.orig)
    primary = code & 0xFF if code is not None else None
    state = _pg_state(exc.orig)
    if primary == _SQLITE_FULL or state == _PG_DISK_FULL:
        return StorageError(
            f"Could not {action}: the database is full (no space left).",
            "Free some disk space and try again; nothing was changed.",
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StorageError(
            f"Could not {action}: the database is busy — another program or ModelHub "
            "process has been writing to it for over 10 seconds.",
            "Try again when it is done; nothing was changed.",
        )
    if primary == _SQLITE_READONLY:
        return StorageError(
            f"Could not {action}: the database file is read-only.",
            "Check the file's permissions.",
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StorageError(
            f"Could not {action}: the database file is damaged or is not a ModelHub database.",
            "Restore it from a backup.",
        )
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return StorageError(
            f"Could not {action}: the database file could not be read or written.",
            "Check the disk and the file's folder.",
        )
    if primary == _SQLITE_NOMEM or state == _PG_OUT_OF_MEMORY:
        return StorageError(f"Could not {action}: the database ran out of memory.")
    if code is None and state is None:
        # No SQLSTATE: psycopg could not log in or talk to the server at all. The server's
        # own words tell a missing database or a refused login apart from no server.
        text = str(exc.orig)
        missing = re.search(r'database "([^"]{1,128})" does not exist', text)
        if missing:
            return StorageError(
                f"Could not {action}: the server has no database named {missing.group(1)!r}.",
                "Create it (createdb), or fix the database name at the end of the URL.",
            )
        if "password authentication failed" in text or "no password supplied" in text:
            return StorageError(
                f"Could not {action}: the server refused the user name or password.",
                "Check the credentials in the database URL.",
            )
        return StorageError(
            f"Could not {action}: the database server is unreachable.",
            "Check that PostgreSQL is running and the URL's host, port and credentials.",
        )
    return StorageError(f"Could not {action}: the database reported an error.")


@contextmanager
def translate_errors(action: str, *, duplicate: str | None = None) -> Iterator[None]:
    """Re-raise SQLAlchemy errors inside the block as ModelHub errors.

    Args:
        action: What was being done, completing "Could not ...", e.g. "save the config".
        duplicate: Message for a unique violation (raised as ``AlreadyExistsError``); when
            None a generic one is used.

    Raises:
        AlreadyExistsError: A unique constraint refused the write.
        NotFoundError: A foreign key refused the write (the workspace is gone).
        StorageError: Any other database failure.
    """
    try:
        yield
    except IntegrityError as exc:
        if is_unique_violation(exc):
            raise AlreadyExistsError(
                duplicate or f"Could not {action}: it already exists."
            ) from exc
        if _is_foreign_key_violation(exc):
            raise NotFoundError(f"Could not {action}: the workspace no longer exists.") from exc
        raise StorageError(f"Could not {action}: the database refused the change.") from exc
    except DBAPIError as exc:
        raise _operational_message(exc, action) from exc
    except SQLAlchemyError as exc:
        raise StorageError(f"Could not {action}: the database reported an error.") from exc
