"""One place per concept: relative times and status badges read the same everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale

from modelhub.domain.models import ValidationStatus
from modelhub.ui.viewmodels import catalog, catalog_table, defaults, providers, wording

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_one_relative_time_for_every_page() -> None:
    assert providers.relative_time is wording.relative_time
    assert catalog_table.relative_time is wording.relative_time
    assert catalog.relative_time is wording.relative_time
    assert defaults.relative_time is wording.relative_time


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=10), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=4), "4 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=5, minutes=50), "5 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=2), "2 days ago"),
        (timedelta(days=400), "1 year ago"),
    ],
)
def test_relative_time_in_words_with_plurals(delta: timedelta, text: str) -> None:
    assert wording.relative_time(NOW - delta, NOW) == text


def test_relative_time_never_and_naive_times() -> None:
    assert wording.relative_time(None, NOW) == "never"
    naive = (NOW - timedelta(minutes=2)).replace(tzinfo=None)
    assert wording.relative_time(naive, NOW) == "2 minutes ago"


def test_one_status_table() -> None:
    for status in ValidationStatus:
        assert providers.status_label(status.value) == status.label
    # A config marked unusable with no recorded status is a refused key, worded once.
    assert providers.status_label(providers.INVALID) == ValidationStatus.INVALID_CREDENTIALS.label
    assert providers.status_label(providers.NOT_CONFIGURED) == "Not configured"


def test_counts_are_formatted_and_pluralised() -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        assert wording.count_of(1, "model", "models") == "1 model"
        assert wording.count_of(1234, "model", "models") == "1,234 models"
    finally:
        QLocale.setDefault(before)
    assert wording.plural("Test", "%n key(s)", 1) == "1 key"
    assert wording.plural("Test", "%n key(s)", 3) == "3 keys"


def test_a_provider_is_named_once() -> None:
    assert wording.about("OpenAI", "OpenAI accepted the key.") == "OpenAI accepted the key."
    assert wording.about("OpenAI", "The key was refused.") == "OpenAI: The key was refused."


def test_check_details_are_facts_not_a_dump() -> None:
    details = {
        "models": "5",
        "balance": "88.88",
        "chargeBalance": "0",
        "totalBalance": "88.88",
        "region": "cn",
        "account_status": "normal",
        "probe_tokens": "3",
    }
    facts = wording.validation_facts(details)
    assert facts == ["5 models available", "Account status: normal", "China site"]
    assert wording.validation_facts({"models": "1"}) == ["1 model available"]
    assert not any(":" in f and f.split(":")[0].islower() for f in facts)
