"""A question about someone else is told apart from one about the writer."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.logic.about_whom import asks_on_behalf, asks_support_as_a_relative, goes_on_about, someone_else


@pytest.mark.parametrize(("text", "who"), [
    ("kan min syster få ombud", "din syster"), ("Kan min son få ett personligt ombud?", "din son"),
    ("jag vill hjälpa min mamma", "din mamma"), ("min bror mår dåligt och behöver hjälp", "din bror"),
    ("kan han få ett ombud", "personen"), ("finns det ombud för min pappa i Luleå", "din pappa"),
    ("can my sister get help", "your sister"),
    # The writer also says "jag", but asks for the person: "åt henne", "om hon kan få".
    ("min dotter e 22 o har bipolär. kan hon få ett ombud? får jag ringa åt henne", "din dotter"),
    ("skriver för min systers räkning, undrar om hon kan få ett personligt ombud", "din syster"),
    ("har en son på 30 med autism, kan jag ordna ett ombud åt honom", "din son"),
    ("jag har en klient som behöver ett ombud", "din klient"),
])
def test_someone_else(text: str, who: str) -> None:
    assert someone_else(text) == who


def test_a_genitive_names_the_person_only_in_for_someones_sake() -> None:
    assert someone_else("kan min sons pappa få ombud") != "din son"
    assert someone_else("jag frågar för min brors räkning, kan han få ombud") == "din bror"


@pytest.mark.parametrize("text", [
    "kan jag få personligt ombud", "jag är 34 och har kontakt med FK", "min handläggare på FK svarar inte",
    "jag och min sambo bor i Umeå, kan jag få ombud", "min diagnos är adhd",
])
def test_the_writer(text: str) -> None:
    assert someone_else(text) is None


@pytest.mark.parametrize("text", [
    "kan jag få ombud? min far är död", "kan jag få ombud om min man misshandlar mig",
    "min mamma har sagt att jag borde söka ombud, kan jag det?",
    "jag är rädd för honom, kan jag få ombud", "kan jag få ombud? en man på soc sa det",
    # A relation named with "en … som", "hon kan ha", or a genitive that is not "för X:s räkning".
    "jag är 16 och har en mamma som mår dåligt, finns det ombud i uppsala", "jag är en pappa som behöver hjälp",
    "har en sambo som är våldsam, vad gör jag", "hon kan ha sagt fel, men kan jag få ombud?",
])
def test_the_writer_who_names_someone_else(text: str) -> None:
    assert someone_else(text) is None


def test_support_for_oneself_as_a_relative_is_told_from_support_for_the_person() -> None:
    for text in ("anhörigstöd, finns det här?", "nån hjälp åt mej som är syster till honom?",
                 "finns det avlastning för oss som föräldrar"):
        assert asks_support_as_a_relative(text), text
    for text in ("finns det stöd för min bror", "vilken hjälp kan min sambo få", "vilket stöd kan jag få",
                 "hjälp för mig som är sjukskriven",
                 # Without å/ä/ö "får" is "far" (father), and "man" is also "one": not relatives.
                 "stöd för mig som får aktivitetsersättning", "nån hjälp för mig som man kan ansöka om",
                 "hjälp för mig som man med autism", "stöd för oss som far illa"):
        assert not asks_support_as_a_relative(text), text


@pytest.mark.parametrize("text", [
    "går det att jag ringer kassan åt min dotter?", "får jag mejla arbetsförmedlingen för min sambos räkning",
    "kan jag överklaga beslutet i hans ställe", "kan jag ta kontakten med soc åt honom, han orkar inte",
    "min pappa klarar inte telefon, kan jag prata med kronofogden för honom",
    "mamma vill ge mig fullmakt, kan jag då ringa kassan sen",
])
def test_handling_a_matter_for_someone_else(text: str) -> None:
    assert asks_on_behalf(text), text


@pytest.mark.parametrize("text", [
    "kan jag ringa för att fråga om mitt eget ärende", "jag ringer kassan för min del, inte hans",
    "min mamma ringde soc åt mig igår", "jag behöver numret till fogden själv", "jag pratade med soc om min son",
    "jag är orolig för min syster", "Kassan sa nej. Kan jag överklaga deras beslut?",
    "kan jag ringa kassan om deras beslut", "jag vill överklaga för han sa att jag inte får sjukpenning",
    "kan jag begära omprövning av hans beslut, han är min handläggare",
])
def test_not_handling_a_matter_for_someone_else(text: str) -> None:
    assert not asks_on_behalf(text), text


def test_on_text_written_by_others_most_requests_for_someone_else_are_seen_and_few_look_alikes() -> None:
    path = Path(__file__).parent / "data" / "on_behalf_from_personas.yaml"
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Measured in session 29, after a review narrowed the rule ("överklaga deras beslut" is the writer's own): the
    # tuned set 39/45 and 0/45 false; the held-out set 36/50 and 1/50 false (39/50 and 2/50 before the review).
    for part, at_least, at_most in (("tuned_on", 39, 0), ("held_out", 36, 1)):
        asked, alike = written[part]["on_behalf"], written[part]["not_on_behalf"]
        assert len(asked) >= 45 and len(alike) >= 45, part
        assert sum(map(asks_on_behalf, asked)) >= at_least, part
        assert sum(map(asks_on_behalf, alike)) <= at_most, part


def test_a_message_about_him_or_her_goes_on_about_the_person_named_just_before() -> None:
    earlier = ["jag tror att min bror behöver hjälp med räkningarna, han öppnar ingen post"]
    assert goes_on_about("han fyller 52 i vår och har bipolär sjukdom sen länge", earlier) == "din bror"
    # Said of the writer too, or with nobody named before, the message is the writer's own.
    assert goes_on_about("han är snäll men jag är 30 och orkar inget", earlier) is None
    assert goes_on_about("han fyller 52 i vår", ["vad kostar det att ha ett ombud"]) is None
    # Only the last messages count (newest first): a sister named long ago is not "hon" now.
    old = ["var finns kontoret", "vad tar de betalt för sånt", "min syster behöver stöd med ekonomin"]
    assert goes_on_about("hon är 40", old) is None
    # A relation named as the writer's own, whatever the sentence says of them.
    assert goes_on_about("hon är 61 och har ångest varje dag", ["min faster talar bara persiska"]) == "din faster"


def test_a_message_about_her_that_asks_for_anyone_or_tells_of_a_death_is_the_writers_own() -> None:
    earlier = ["min morbror var den enda som brydde sig om mig"]
    assert goes_on_about("han gick bort i våras och sen har allt gått sönder", earlier) is None
    assert goes_on_about("han tycker det vore bra. kan man få ombud om man är 27?", earlier) is None

    # A yes/no question about her, or her place in the family, is still about her.
    assert goes_on_about("hon är 38 och har schizofreni, funkar det?", earlier[:0] + ["min kusin behöver stöd"]) \
        == "din kusin"


def test_whether_someone_else_can_have_an_ombud_is_told_from_how_to_get_one() -> None:
    from bot.logic.about_whom import asks_whether_they_fit

    for asked in ("skulle min bror kunna få ett ombud?", "passar personligt ombud för min dotter",
                  "hej! kan min sambo få ett sånt ombud"):
        assert asks_whether_they_fit(asked), asked
    for other in ("hur kan min bror få ett ombud", "kan jag få ett ombud", "vad kostar ombud för min dotter",
                  "kan min sambo ringa ombudet själv", "får jag ansöka om ombud för min mamma"):
        assert not asks_whether_they_fit(other), other
