"""The sliced JSON decoder agrees with json.loads, and really yields to the event loop."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelhub.providers import cooperative

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(value=json_values, indent=st.sampled_from([None, 0, 2]))
async def test_same_result_as_json_loads(value: object, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    padded = f" \n{text}\t "
    assert await cooperative.loads(padded, budget=0) == json.loads(padded)


def _models(n: int) -> str:
    return json.dumps(
        {
            "data": [
                {"id": f"m/{i}", "architecture": {"output_modalities": ["text"]}} for i in range(n)
            ],
            "total": n,
        }
    )


async def test_large_body_matches_and_yields() -> None:
    text = _models(5000)
    assert len(text) > cooperative.SMALL_JSON_CHARS
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    result = await cooperative.loads(text, budget=0)
    done.set()
    await task
    assert result == json.loads(text)
    assert ticks > 100  # the loop ran other work while the body was decoded


@pytest.mark.parametrize(
    "bad",
    [
        '{"data": [1, 2,]}',
        '{"data": [1 2]}',
        '{"data": [1, 2]',
        '{"data" [1]}',
        "{data: [1]}",
        '{"data": [1]} trailing',
        '[{"a": 1},]',
    ],
)
async def test_malformed_large_documents_raise_value_error(bad: str) -> None:
    padded = bad.replace("[", "[" + " " * cooperative.SMALL_JSON_CHARS, 1)
    with pytest.raises(ValueError, match=r"Expecting|Extra data"):
        json.loads(padded)
    with pytest.raises(ValueError, match=r"Expecting|Extra data"):
        await cooperative.loads(padded)


async def test_map_sliced() -> None:
    assert await cooperative.map_sliced(range(10), lambda x: x * 2, budget=0) == [
        x * 2 for x in range(10)
    ]
