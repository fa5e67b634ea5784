"""Async-generator finalisation on the qasync loop.

``asyncio`` installs its async-generator hooks (``sys.set_asyncgen_hooks``) in
``BaseEventLoop.run_forever``. qasync's loop runs Qt's ``exec()`` instead and never installs
them, so an async generator left unfinished (httpx's byte stream, abandoned after a probe's
first streamed event) is finalised by the garbage collector outside any task: Python prints
"async generator ignored GeneratorExit", httpcore's connection is never given back to the pool,
and after 20 such checks every request waits for a free connection. With the hooks installed,
the loop closes such a generator in a task of its own, as plain asyncio does.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio


def install_asyncgen_hooks(loop: asyncio.AbstractEventLoop) -> None:
    """Let ``loop`` finalise async generators (a no-op for loops that have no such hooks)."""
    firstiter = getattr(loop, "_asyncgen_firstiter_hook", None)
    finalizer = getattr(loop, "_asyncgen_finalizer_hook", None)
    if firstiter is not None and finalizer is not None:
        sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
