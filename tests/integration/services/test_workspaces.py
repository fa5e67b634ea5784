"""Workspace use cases on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from support.fake_providers import GOOD_KEY

from modelhub.domain.errors import AlreadyExistsError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services


async def test_first_start_has_a_default_workspace(services: Services) -> None:
    names = [w.name for w in await services.workspaces.list()]
    assert names == ["Default"]


async def test_create_rename_delete(services: Services) -> None:
    acme = await services.workspaces.create("  Acme   Corp ")
    assert acme.name == "Acme Corp"
    renamed = await services.workspaces.rename(acme.id, "Acme")
    assert renamed.id == acme.id
    assert renamed.name == "Acme"
    assert [w.name for w in await services.workspaces.list()] == ["Acme", "Default"]
    await services.workspaces.delete(acme.id)
    assert [w.name for w in await services.workspaces.list()] == ["Default"]


async def test_duplicate_and_bad_names_are_refused(services: Services) -> None:
    await services.workspaces.create("Team")
    with pytest.raises(AlreadyExistsError, match="already exists"):
        await services.workspaces.create("Team")
    with pytest.raises(InvalidInputError, match="cannot be empty"):
        await services.workspaces.create("   ")
    with pytest.raises(InvalidInputError, match="control characters"):
        await services.workspaces.create("a\x00b")
    other = await services.workspaces.create("Other")
    with pytest.raises(AlreadyExistsError):
        await services.workspaces.rename(other.id, "Team")
    assert sorted(w.name for w in await services.workspaces.list()) == ["Default", "Other", "Team"]


async def test_names_differing_only_in_case_or_unicode_form_are_one_name(
    services: Services,
) -> None:
    with pytest.raises(AlreadyExistsError, match="'Default' already exists"):
        await services.workspaces.create("default")
    with pytest.raises(AlreadyExistsError):
        await services.workspaces.create("  DEFAULT ")
    cafe = await services.workspaces.create("Caf\u00e9")  # é as one code point
    with pytest.raises(AlreadyExistsError, match="already exists"):
        await services.workspaces.create("cafe\u0301")  # e + combining acute
    other = await services.workspaces.create("Other")
    with pytest.raises(AlreadyExistsError):
        await services.workspaces.rename(other.id, "CAF\u00c9")
    # A workspace may change the case of its own name.
    renamed = await services.workspaces.rename(cafe.id, "CAF\u00c9")
    assert renamed.name == "CAF\u00c9"
    # Stored in NFC, whatever form was typed.
    team = await services.workspaces.create("Equipe\u0301")
    assert team.name == "Equip\u00e9"


async def test_unknown_workspace_is_a_clear_error(services: Services) -> None:
    with pytest.raises(NotFoundError, match="No workspace named 'Nope'") as info:
        await services.workspaces.get_by_name("Nope")
    assert "Default" in (info.value.hint or "")
    with pytest.raises(NotFoundError):
        await services.providers.list_providers("00000000-0000-0000-0000-000000000000")


async def test_delete_removes_everything_in_it(services: Services) -> None:
    team = await services.workspaces.create("Team")
    outcome = await services.providers.save(team.id, "openai", {"api_key": GOOD_KEY})
    assert outcome.saved
    await services.models.set_default(team.id, "llm", "openai", "gpt-4o-mini")
    assert await services.workspaces.summary(team.id) == (1, 1)
    await services.workspaces.delete(team.id)
    with services.engine.connect() as conn:
        from sqlalchemy import text

        for table in ("provider_configs", "tenant_model_settings", "model_catalog"):
            count = conn.execute(
                text(f"SELECT COUNT(*) FROM {table} WHERE tenant_id = :t"),  # noqa: S608 - fixed names
                {"t": team.id},
            ).scalar_one()
            assert count == 0, table


async def test_printable_unicode_is_allowed_and_invisible_controls_are_not(
    services: Services,
) -> None:
    """A ZWJ emoji sequence is printable text (issue 14); a zero-width space or a bidi
    override is not."""
    team = await services.workspaces.create("👩\u200d💻 Team")
    assert team.name == "👩\u200d💻 Team"
    scotland = "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in "gbsct") + "\U000e007f"
    flag = await services.workspaces.create(f"{scotland} Scotland")
    assert flag.name.endswith("Scotland")
    for bad in ("a\u200bb", "evil\u202etxt", "tab\x07bell"):
        with pytest.raises(InvalidInputError, match="control characters"):
            await services.workspaces.create(bad)
