"""Provider cards fill the page's width in as many columns as fit, share a height per row and
never cut their text, under Fusion and the platform's default style, light and dark."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import configure_directly, fake_providers, services, settings, shell, wait_card
from layout_checks import Look, clipped, styles
from PySide6.QtWidgets import QApplication

from modelhub.ui.views import theme

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
PROVIDERS = ("openai", "openrouter", "jina", "siliconflow")


@pytest.fixture(params=[(s, d) for s in styles() for d in (False, True)], ids=str)
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Any:
    style, dark = request.param
    applied = Look(qapp, style, dark)
    yield applied
    applied.restore()


@pytest.mark.parametrize("width", [1400, 900])
def test_cards_fill_the_width_and_share_a_row_height(
    qtbot: QtBot, services: Any, shell: Any, look: Any, width: int
) -> None:
    for provider in PROVIDERS:
        configure_directly(qtbot, services, provider)
    shell.providers.reload()
    for provider in PROVIDERS:
        wait_card(qtbot, shell, provider)
    qtbot.waitUntil(
        lambda: all(
            "just now" in c.checked_label.text() for c in shell.window.providers_page.cards.values()
        ),
        timeout=10_000,
    )
    window = shell.window
    window.resize(width, 900)
    window.show_page(0)
    page = window.providers_page
    flow = page.flow
    gap = 2 * theme.SPACING

    def laid_out() -> bool:
        QApplication.processEvents()
        rows = flow.rows()
        return bool(rows) and sum(len(r) for r in rows) == len(PROVIDERS)

    qtbot.waitUntil(laid_out, timeout=5_000)
    area = flow.geometry()
    columns = max(1, (area.width() + gap) // (theme.CARD_MIN_WIDTH + gap))
    rows = flow.rows()
    assert len(rows[0]) == min(columns, len(PROVIDERS)), (area.width(), [len(r) for r in rows])
    for row in rows:
        heights = {card.height() for card in row}
        assert len(heights) == 1, f"cards of a row differ in height: {heights}"
        widths = [card.width() for card in row]
        assert max(widths) - min(widths) <= 1
        assert min(widths) >= theme.CARD_MIN_WIDTH
    first = rows[0]
    # No gutter: the full row spans the page's width.
    assert first[0].x() == area.x()
    assert abs(first[-1].geometry().right() - area.right()) <= 1, (first[-1].geometry(), area)
    if width == 1400:
        # One row fits: the page does not scroll (a one-column minimum height made it).
        assert not page.scroll_area.verticalScrollBar().isVisible()
    for provider, card in page.cards.items():
        assert not clipped(card), (provider, clipped(card))
