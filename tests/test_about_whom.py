"""A question about someone else is told apart from one about the writer."""
from __future__ import annotations

import pytest

from bot.logic.about_whom import someone_else


@pytest.mark.parametrize(("text", "who"), [
    ("kan min syster få ombud", "din syster"), ("Kan min son få ett personligt ombud?", "din son"),
    ("jag vill hjälpa min mamma", "din mamma"), ("min bror mår dåligt och behöver hjälp", "din bror"),
    ("kan han få ett ombud", "personen"), ("finns det ombud för min pappa i Luleå", "din pappa"),
    ("can my sister get help", "your sister"),
])
def test_someone_else(text: str, who: str) -> None:
    assert someone_else(text) == who


@pytest.mark.parametrize("text", [
    "kan jag få personligt ombud", "jag är 34 och har kontakt med FK", "min handläggare på FK svarar inte",
    "jag och min sambo bor i Umeå, kan jag få ombud", "min diagnos är adhd",
])
def test_the_writer(text: str) -> None:
    assert someone_else(text) is None


@pytest.mark.parametrize("text", [
    "kan jag få ombud? min far är död", "kan jag få ombud om min man misshandlar mig",
    "min mamma har sagt att jag borde söka ombud, kan jag det?",
])
def test_the_writer_who_names_someone_else(text: str) -> None:
    assert someone_else(text) is None
