"""The UI's words for shared concepts, in one place: how long ago, how many, a status badge.

Every page asks here, so "3 minutes ago" and "Invalid key" read the same on a card, in the
models table and in the status bar. QtCore only (translations go through
``QCoreApplication.translate``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from modelhub.domain.models import ValidationStatus

if TYPE_CHECKING:
    from collections.abc import Mapping

translate = QCoreApplication.translate

#: Card status keys besides the ``ValidationStatus`` values.
NOT_CONFIGURED = "not_configured"
CHECKING = "checking"
UNREADABLE = "unreadable"
INVALID = "invalid"

_EXTRA_STATUS_LABELS = {
    NOT_CONFIGURED: "Not configured",
    CHECKING: "Checking…",
    UNREADABLE: "Cannot decrypt",
    # A config marked unusable without a recorded status reads as its key being refused.
    INVALID: ValidationStatus.INVALID_CREDENTIALS.label,
}


def plural(context: str, text: str, n: int) -> str:
    """``text`` with ``%n`` replaced by ``n`` (locale digits) and ``(s)`` resolved.

    A translation (Qt's plural forms) wins; without one, English "(s)" becomes "s" unless
    ``n`` is 1.
    """
    result = translate(context, text, None, n)
    if "(s)" in result:
        result = result.replace("(s)", "" if n == 1 else "s")
    if "%n" in result:
        result = result.replace("%n", QLocale().toString(n))
    return result


def count_of(n: int, singular: str, plural_form: str) -> str:
    """``1 model`` / ``5 models`` / ``1,234 models`` (numbers as the locale writes them)."""
    return f"{QLocale().toString(n)} {singular if n == 1 else plural_form}"


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """``when`` in words relative to ``now``: "just now", "3 minutes ago", "never"."""
    if when is None:
        return translate("Time", "never")
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 45:
        return translate("Time", "just now")
    if seconds >= 86400 * 365:
        return plural("Time", "%n year(s) ago", seconds // (86400 * 365))
    if seconds >= 86400 * 30:
        return plural("Time", "%n month(s) ago", seconds // (86400 * 30))
    if seconds >= 86400:
        return plural("Time", "%n day(s) ago", seconds // 86400)
    if seconds >= 3600:
        return plural("Time", "%n hour(s) ago", seconds // 3600)
    return plural("Time", "%n minute(s) ago", max(1, round(seconds / 60)))


#: Facts a provider reports on a key check, worded for people; balances, limits and usage
#: are left out (the balance line says them in words), and so is anything not listed here.
_FACTS = {
    "version": QT_TRANSLATE_NOOP("Facts", "Version {value}"),
    "label": QT_TRANSLATE_NOOP("Facts", "Key name: {value}"),
    "account_status": QT_TRANSLATE_NOOP("Facts", "Account status: {value}"),
    "organization_id": QT_TRANSLATE_NOOP("Facts", "Organization: {value}"),
}
_REGIONS = {
    "cn": QT_TRANSLATE_NOOP("Facts", "China site"),
    "intl": QT_TRANSLATE_NOOP("Facts", "International site"),
}


def _count(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def validation_facts(details: Mapping[str, str]) -> list[str]:
    """What a key check found, one fact a line: "12 models available", "China site"…"""
    facts = []
    models = _count(details.get("models", ""))
    if models is not None:
        facts.append(plural("Facts", "%n model(s) available", models))
    deployments = _count(details.get("deployments", ""))
    if deployments is not None:
        facts.append(plural("Facts", "%n deployment(s)", deployments))
    for key, text in _FACTS.items():
        if details.get(key):
            facts.append(translate("Facts", str(text)).format(value=details[key]))
    if details.get("is_free_tier") == "true":
        facts.append(translate("Facts", "Free tier"))
    region = _REGIONS.get(details.get("region", ""))
    if region:
        facts.append(translate("Facts", str(region)))
    return facts


def about(subject: str, message: str) -> str:
    """``message`` about ``subject`` ("OpenAI"), naming it once: a provider's own sentence
    ("OpenAI accepted the key.") is not prefixed with its name again."""
    if not subject or subject.casefold() in message.casefold():
        return message
    return f"{subject}: {message}"


def status_label(key: str) -> str:
    """The badge text for a status key: a ``ValidationStatus`` value or a card-only key."""
    try:
        text = ValidationStatus(key).label
    except ValueError:
        text = _EXTRA_STATUS_LABELS.get(key, key.replace("_", " ").capitalize())
    return translate("Status", text)
