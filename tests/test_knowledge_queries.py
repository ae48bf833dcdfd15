"""The query API, run against SQLite and a real PostgreSQL server."""
from __future__ import annotations

import csv

import pytest
from conftest import PROJECT_ROOT
from sqlalchemy.engine import Engine

from knowledge.queries import authority, find_municipality, kommun, offices_for, search_facts
from knowledge.text import fold

KOMMUNER = list(csv.DictReader((PROJECT_ROOT / "knowledge" / "data" / "kommuner.csv").open(encoding="utf-8")))


def test_all_290_kommuner_resolve_by_name_and_without_diacritics(kb_engine: Engine) -> None:
    assert len(KOMMUNER) == 290
    wrong = []
    for row in KOMMUNER:
        exact = find_municipality(row["kommun"], engine=kb_engine)
        if not exact or (exact[0].kommun_code, exact[0].score) != (row["kommunkod"], 100):
            wrong.append((row["kommun"], exact[:1]))
        # Without å/ä/ö a name may fit two kommuner (Håbo, Habo): it must then be a close second to ask about.
        plain = find_municipality(fold(row["kommun"]), engine=kb_engine)
        if row["kommunkod"] not in [m.kommun_code for m in plain if m.score >= 95]:
            wrong.append((fold(row["kommun"]), plain[:2]))
    assert wrong == []


def test_the_spelling_typed_decides_between_habo_and_habo(kb_engine: Engine) -> None:
    assert find_municipality("Håbo", engine=kb_engine)[0].kommun == "Håbo"
    assert find_municipality("jag bor i Habo", engine=kb_engine)[0].kommun == "Habo"
    assert [m.kommun for m in find_municipality("habo", engine=kb_engine)[:2]] == ["Habo", "Håbo"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Göteborj", "Göteborg"), ("Sodertalje", "Södertälje"), ("malmo", "Malmö"), ("Upsala", "Uppsala"),
     ("jag bor i Lidkoping", "Lidköping"), ("Stockholms stad", "Stockholm")],
)
def test_typos_and_free_text_resolve(kb_engine: Engine, typed: str, expected: str) -> None:
    assert find_municipality(typed, engine=kb_engine)[0].kommun == expected


@pytest.mark.parametrize(("typed", "area"), [("Farsta", "Farsta"), ("jag bor i Rinkeby", "Järva"),
                                             ("Tensta", "Järva"), ("Kungsholmen", "Kungsholmen")])
def test_stadsdelar_resolve_to_their_district(kb_engine: Engine, typed: str, area: str) -> None:
    best = find_municipality(typed, engine=kb_engine)[0]
    assert (best.kommun, best.area) == ("Stockholm", area)


@pytest.mark.parametrize(("typed", "office_id"), [("Farsta", "stockholm-soderort"), ("Rinkeby", "stockholm-jarva"),
                                                  ("Tensta", "stockholm-jarva"),
                                                  ("Kungsholmen", "stockholm-innerstaden")])
def test_stadsdelar_lead_to_the_office_for_that_part_of_stockholm(kb_engine: Engine, typed: str,
                                                                  office_id: str) -> None:
    best = find_municipality(typed, engine=kb_engine)[0]
    offices = offices_for(best.kommun_code, best.area, engine=kb_engine)
    assert offices[0].id == office_id
    # The office for people in homelessness serves the whole city, after the local one.
    assert "stockholm-omrade-hemloshet" in [office.id for office in offices[1:]]


@pytest.mark.parametrize(("text", "where_now", "left"), [
    ("Finns ombud i Hagfors? Vi flyttade hit från Örebro i våras", "Hagfors", "Örebro"),
    ("Any ombud in Kiruna? I moved there from Luleå", "Kiruna", "Luleå"),
    # A place named only to say where one is: near it, or outside it.
    ("vi bor i Sigtuna, alltså lite utanför Stockholm. har ni ombud här", "Sigtuna", "Stockholm"),
    ("jag bor i Lomma nära Malmö", "Lomma", "Malmö"),
    ("we live in Kiruna, near Gällivare. any ombud?", "Kiruna", "Gällivare"),
])
def test_a_place_the_person_came_from_gives_way_to_the_place_they_are_in_now(kb_engine: Engine, text: str,
                                                                              where_now: str, left: str) -> None:
    found = [match.kommun for match in find_municipality(text, engine=kb_engine)]
    assert found[0] == where_now and left not in found
    # Named alone, it is still the place meant.
    assert find_municipality(f"jag kommer från {left}", engine=kb_engine)[0].kommun == left


def test_a_place_left_behind_is_never_surer_than_a_mistyped_place_the_person_is_in(kb_engine: Engine) -> None:
    found = find_municipality("bor i Trollhätan, kommer från Lilla Edet", engine=kb_engine)
    assert {match.kommun for match in found[:2]} == {"Trollhättan", "Lilla Edet"}
    assert found[0].score == found[1].score
    # Every word of a longer name after "från" is set aside, not only its first.
    assert [match.kommun for match in find_municipality("bor i Sundsvall, kommer från Upplands Väsby",
                                                        engine=kb_engine)][:1] == ["Sundsvall"]
    assert "Upplands Väsby" not in [m.kommun for m in find_municipality("bor i Sundsvall, kommer från Upplands Väsby",
                                                                        engine=kb_engine)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Min son bor i Gävle och jag bor i Sandviken. Var kan han få hjälp av ett ombud?", ["Gävle"]),
    ("my sister lives in Umeå and I live in Luleå, where can she find an ombud?", ["Umeå"]),
    ("my sister lives in Umeå and I live in Luleå. is there an ombud for my sister", ["Umeå"]),
    ("jag bor i Kalmar men mormor bor i Nybro, finns det ombud för henne?", ["Nybro"]),
    ("farsan bor i nybro o ja bor i kalmar. kan min farsa få ombud", ["Nybro"]),
])
def test_the_writers_own_place_gives_way_when_the_question_is_about_someone_else(kb_engine: Engine, text: str,
                                                                                 expected: list[str]) -> None:
    assert [match.kommun for match in find_municipality(text, engine=kb_engine)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "bor nära" and "bor utanför" say where the person lives; without "bor i" nothing says which place is theirs.
    ("jag bor nära Malmö men jobbar i Lund", {"Malmö", "Lund"}),
    ("jag bor utanför Uppsala men pluggar i Stockholm", {"Uppsala", "Stockholm"}),
    ("mamma bor i Lund och jag bor utanför Malmö", {"Lund", "Malmö"}),
    # Near a place, beside one that is not said to be where the writer lives.
    ("jag bor på landet utanför Skövde och jobbar i Mariestad", {"Skövde", "Mariestad"}),
    ("jag bor i ett litet samhälle utanför Umeå, min mamma bor i Skellefteå", {"Umeå", "Skellefteå"}),
])
def test_a_place_the_person_lives_near_is_not_set_aside_without_a_place_they_live_in(kb_engine: Engine, text: str,
                                                                                    expected: set[str]) -> None:
    assert {match.kommun for match in find_municipality(text, engine=kb_engine)} == expected


def test_a_part_of_the_city_named_after_nara_is_the_part_meant(kb_engine: Engine) -> None:
    found = find_municipality("jag bor i Stockholm nära Skärholmen", engine=kb_engine)
    assert [(match.kommun, match.area) for match in found] == [("Stockholm", "Skärholmen")]


@pytest.mark.parametrize("text", [
    # No question about anyone in particular.
    "jag bor i Kalmar och min dotter bor i Nybro",
    # A parent asking for themselves may be asking for the son: the ombud is his.
    "Min son bor i Kalmar och jag bor i Nybro. Vart vänder jag mig då?",
    "min son bor i Kalmar och jag bor i Nybro, kan jag få ett ombud till min son?",
    # "vi" may include the one asked about; "I" opening a Swedish question is the preposition.
    "vi bor i Kalmar men min son pluggar i Nybro, kan han få ombud?",
    "min son bor i Kalmar och jag bor i Nybro. I vilken kommun söker man?",
])
def test_two_places_are_both_offered_when_the_question_does_not_tell_whose(kb_engine: Engine, text: str) -> None:
    assert {match.kommun for match in find_municipality(text, engine=kb_engine)} == {"Kalmar", "Nybro"}


@pytest.mark.parametrize("nonsense", ["Blorpinge", "asdfgh", "xyz", "", "   ", "🙂", "'; DROP TABLE kommuner; --"])
def test_nonsense_places_find_nothing(kb_engine: Engine, nonsense: str) -> None:
    assert find_municipality(nonsense, engine=kb_engine) == []


@pytest.mark.parametrize(
    "sentence",
    ["centrum", "jag vill vara anonym", "kan jag vara med", "jag har mark", "jag vill veta mer", "are you a bot",
     "jag bor nära en lund", "Ange stegen i ordning.", "måste jag ange ett skäl", "we are in a hurry",
     "sen loggar man in ange koden", "jag ska lämna in mark ansökan", "I live in kinda a big city"],
)
def test_everyday_words_in_a_sentence_are_not_taken_for_places(kb_engine: Engine, sentence: str) -> None:
    assert find_municipality(sentence, engine=kb_engine) == []


@pytest.mark.parametrize(("typed", "expected"), [("Vara", "Vara"), ("jag bor i Vara", "Vara"), ("Mark kommun", "Mark"),
                                                 ("från Lund", "Lund"), ("ombud i ange", "Ånge"),
                                                 ("har Ånge något ombud?", "Ånge"), ("finns ombud Ånge?", "Ånge"),
                                                 ("is there an ombud in Sala?", "Sala"),
                                                 ("we moved to Mora last year", "Mora")])
def test_kommuner_named_like_everyday_words_are_found_when_meant(kb_engine: Engine, typed: str, expected: str) -> None:
    assert find_municipality(typed, engine=kb_engine)[0].kommun == expected


@pytest.mark.parametrize(
    ("typed", "kommun", "area"),
    [("Enskede", "Stockholm", "Enskede-Årsta-Vantör"), ("Spånga", "Stockholm", "Järva"),
     ("Angered", "Göteborg", "Nordost"), ("Frölunda", "Göteborg", "Sydväst"), ("Väsby", "Upplands Väsby", None),
     ("Gbg", "Göteborg", None), ("Malung", "Malung-Sälen", None)],
)
def test_informal_and_short_names_resolve(kb_engine: Engine, typed: str, kommun: str, area: str | None) -> None:
    best = find_municipality(typed, engine=kb_engine)[0]
    assert (best.kommun, best.area) == (kommun, area)


def test_closed_offices_are_not_offered(kb_engine: Engine) -> None:
    kungsbacka = kommun("Kungsbacka", engine=kb_engine)
    assert kungsbacka is not None
    assert all(office.active for office in offices_for(kungsbacka.code, engine=kb_engine))


def test_a_kommun_with_no_known_office_gets_an_empty_list_not_a_guess(kb_engine: Engine) -> None:
    gotland = kommun("Gotland", engine=kb_engine)
    assert gotland is not None
    assert offices_for(gotland.code, engine=kb_engine) == []


@pytest.mark.parametrize(
    ("typed", "key"),
    [("FK", "forsakringskassan"), ("Försäkringskassan", "forsakringskassan"), ("af", "arbetsformedlingen"),
     ("soc", "ekonomiskt_bistand"), ("försörjningsstöd", "ekonomiskt_bistand"), ("KFM", "kronofogden"),
     ("god man", "overformyndare_god_man")],
)
def test_authorities_are_found_by_common_names(kb_engine: Engine, typed: str, key: str) -> None:
    found = authority(typed, engine=kb_engine)
    assert found is not None and found.key == key


def test_deadlines_carry_their_legal_basis(kb_engine: Engine) -> None:
    fk = authority("forsakringskassan", engine=kb_engine)
    assert fk is not None
    omprovning = next(d for d in fk.deadlines if d.key == "omprovning")
    assert "2 månader" in omprovning.period and "113 kap" in omprovning.basis


def test_keyword_search_ignores_case_and_diacritics(kb_engine: Engine) -> None:
    found = search_facts("TYSTNADSPLIKT", engine=kb_engine)
    assert "po.confidentiality" in [record.key for record in found]
    assert search_facts("sjalvmordslinjen", engine=kb_engine)[0].key == "crisis.suicide_line"


def test_keyword_search_matches_words_not_fragments(kb_engine: Engine) -> None:
    found = [record.key for record in search_facts("kö", engine=kb_engine)]
    assert found[0] == "po.queue"
    assert "org.hjarnkoll" not in found
    assert "po.confidentiality" in [r.key for r in search_facts("tystnad", engine=kb_engine)]


@pytest.mark.parametrize(("typed", "meant"), [
    ("hesleholm", "Hässleholm"), ("vi har bott i vesterås i två år", "Västerås"),
    ("hittar man ombud i trolhetan eller", "Trollhättan"),
])
def test_a_name_spelled_as_it_sounds_is_offered_never_taken_for_sure(kb_engine: Engine, typed: str,
                                                                     meant: str) -> None:
    found = find_municipality(typed, engine=kb_engine)
    assert found[0].kommun == meant and found[0].mistyped and found[0].score < 95


def test_a_verb_that_sounds_like_a_place_is_no_place(kb_engine: Engine) -> None:
    assert find_municipality("jag sätter mig och ringer dem i morgon", engine=kb_engine) == []
    assert find_municipality("vart går bussen, jag setter mig på den sen", engine=kb_engine) == []


def test_a_sound_alike_inside_a_sentence_without_a_place_word_is_only_offered(kb_engine: Engine) -> None:
    found = find_municipality("hesleholm. har dom personligt ombud där", engine=kb_engine)
    assert found[0].kommun == "Hässleholm" and not found[0].mistyped, "asked about, not answered for"
