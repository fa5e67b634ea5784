"""CPU work on big provider answers, done in slices that let the event loop breathe.

A 2,000-model OpenRouter list is megabytes of JSON. ``json.loads`` on it holds the GIL for
its whole run (a thread would not help: the window's thread waits for the GIL all the
same), stalling the window for ~150 ms. These helpers do the same work in slices of a few
milliseconds and yield to the event loop between slices, so the UI keeps ticking.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")
R = TypeVar("R")

#: How long one slice may run before yielding to the event loop.
SLICE_SECONDS = 0.004
#: Bodies smaller than this are decoded in one go (a few milliseconds at most).
SMALL_JSON_CHARS = 128 * 1024

_WS = " \t\n\r"
_decoder = json.JSONDecoder()


class _Slicer:
    """Yields to the event loop once the current slice has used its time."""

    def __init__(self, budget: float) -> None:
        self._budget = budget
        self._start = time.perf_counter()

    async def tick(self) -> None:
        if time.perf_counter() - self._start >= self._budget:
            await asyncio.sleep(0)
            self._start = time.perf_counter()


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WS:
        index += 1
    return index


def _expect(text: str, index: int, chars: str) -> str:
    if index >= len(text) or text[index] not in chars:
        raise json.JSONDecodeError(f"Expecting one of {chars!r}", text, index)
    return text[index]


async def _array(text: str, index: int, slicer: _Slicer) -> tuple[list[Any], int]:
    """Decode the array starting at ``text[index] == "["``, element by element."""
    out: list[Any] = []
    index = _skip(text, index + 1)
    if index < len(text) and text[index] == "]":
        return out, index + 1
    while True:
        value, index = _decoder.raw_decode(text, index)
        out.append(value)
        await slicer.tick()
        index = _skip(text, index)
        if _expect(text, index, ",]") == "]":
            return out, index + 1
        index = _skip(text, index + 1)


async def _object(text: str, index: int, slicer: _Slicer) -> tuple[dict[str, Any], int]:
    """Decode the object at ``text[index] == "{"``; its array members go element by element."""
    out: dict[str, Any] = {}
    index = _skip(text, index + 1)
    if index < len(text) and text[index] == "}":
        return out, index + 1
    while True:
        _expect(text, index, '"')
        key, index = _decoder.raw_decode(text, index)
        index = _skip(text, index)
        _expect(text, index, ":")
        index = _skip(text, index + 1)
        if index < len(text) and text[index] == "[":
            value, index = await _array(text, index, slicer)
        else:
            value, index = _decoder.raw_decode(text, index)
        out[key] = value
        await slicer.tick()
        index = _skip(text, index)
        if _expect(text, index, ",}") == "}":
            return out, index + 1
        index = _skip(text, index + 1)


async def loads(text: str, budget: float = SLICE_SECONDS) -> Any:
    """``json.loads(text)``, yielding to the event loop while decoding a large document.

    Large top-level arrays, and arrays that are members of a top-level object (the
    ``{"data": [...]}`` every provider sends), are decoded one element at a time.

    Raises:
        ValueError: ``text`` is not valid JSON (as ``json.loads`` would).
    """
    if len(text) < SMALL_JSON_CHARS:
        return json.loads(text)
    slicer = _Slicer(budget)
    index = _skip(text, 0)
    value: Any
    if index < len(text) and text[index] == "{":
        value, index = await _object(text, index, slicer)
    elif index < len(text) and text[index] == "[":
        value, index = await _array(text, index, slicer)
    else:
        return json.loads(text)
    if _skip(text, index) != len(text):
        raise json.JSONDecodeError("Extra data", text, index)
    return value


async def map_sliced(
    items: Iterable[T], func: Callable[[T], R], budget: float = SLICE_SECONDS
) -> list[R]:
    """``[func(item) for item in items]``, yielding to the event loop between slices."""
    slicer = _Slicer(budget)
    out: list[R] = []
    for item in items:
        out.append(func(item))
        await slicer.tick()
    return out
