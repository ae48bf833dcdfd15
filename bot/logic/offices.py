"""Which PO office serves a person, decided in one place, and what to say about it.

`decide_office` is the only answer to "which office?": the office answer, the screener, the
checklist, the contact request and the share links all ask it. Where a city has one office per
part of town and the part is not known, it says so (the caller asks), and it never guesses.
The wording lives in domain.yml; this module picks the responses and fills them with facts
from the knowledge base, so every number said comes with its source and date.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.logic.about_whom import someone_elses_place
from bot.logic.answers import NO, confirms, yes_no
from bot.logic.say import Button, Say, facts_said
from bot.logic.sources import source_date_said, source_note
from knowledge.queries import (
    NO_KNOWN_OFFICE,
    authority,
    closed_offices_for,
    fact,
    find_municipality,
    kommun,
    no_po_report,
    offices_for,
    switchboard,
)
from knowledge.records import FactRecord, Kommun, NoPoReport, Office, PlaceMatch, Sourced
from knowledge.text import fold

SURE_SCORE = 95.0
# Below this a near name is more often another word ("hur länge" and Ånge, "nästa" and Nälsta score
# 60-74 on the training and evaluation texts) than a place mistyped (Götebrog 78, "i gävel" 77):
# not worth a "Menar du …?".
OPTION_SCORE = 75.0
MAX_PLACE_OPTIONS = 3
ONE_PLACE_ASKED = "utter_confirm_one_place"
KOMMUN = "kommun"
# Where no office is known, what else the kommun may give: boendestöd or a kontaktperson.
OTHER_SUPPORT = "alt.social_services"
# The choice, beside the parts of a city, for someone without a home.
NO_HOME = "Jag har ingen bostad"
HOMELESS_TARGET = "hemlös"
_HOMELESS = re.compile(
    r"\bhemlos|\bbostadslos|\bsaknar (?:bostad|boende|lagenhet)|\b(?:har|finns) (?:ingen|inget) (?:bostad|boende)\b"
    r"|\bsover (?:ute|pa gatan)|\bharbarge|\bakutboende"
)


# "jag bor i Hunnebostrand", "vi flyttade till …": the message says where someone lives.
_TELLS_WHERE = re.compile(r"\b(?:bor|bodde|bosatt|skriven|flyttat|flyttar|flyttade|kommer fran)\b")
_NAME_ALONE = re.compile(r"[A-ZÅÄÖ][\w-]+")


def says_where_one_lives(text: str) -> bool:
    """Where someone lives, told even for a place the bot does not know ("jag bor i Hunnebostrand",
    "Hunnebostrand"); not another answer the model took for a place ("i typ fem år", "runt 50")."""
    return bool(_TELLS_WHERE.search(fold(text)) or _NAME_ALONE.fullmatch(text.strip().rstrip(".!")))


# "finns det annat stöd?", "hur gör man i stället?": what else there is than an ombud (folded); not
# "i stället för att ringa", which asks for another way to do one thing.
_OTHER_SUPPORT_WORDS = re.compile(r"\b(?:alternativ\w*|annat stod|annan hjalp)\b")
_OPENING = r"^(?:(?:men|och|o|okej|ok|sa) )*"
_ASKS = re.compile(_OPENING + r"(?:vad|finns|hur)\b")
# The whole message asks what to do instead ("och hur gör man i stället nu").
_WHAT_INSTEAD = re.compile(_OPENING + r"(?:vad|hur) (?:\w+ ){1,4}(?:istallet|i stallet)(?: da| nu)?\W*$")


def support_instead(text: str) -> list[Say]:
    """What the kommun may give instead of an ombud, for a question that asks what else there is; none otherwise."""
    folded = fold(text)
    if not ((_OTHER_SUPPORT_WORDS.search(folded) and _ASKS.search(folded)) or _WHAT_INSTEAD.search(folded)):
        return []
    other = fact(OTHER_SUPPORT)
    assert other is not None, "the knowledge base lacks the other support of social services"
    return facts_said([other])


def names_a_sure_place(text: str) -> bool:
    return decide_place(find_municipality(text)).sure is not None


# "bor i uppsala", "jag bor i Lund", "hej, vi bor i Ludvika": the writer's own home, the place named right after
# "bor i/på" (folded); not "mamma bor i Lund", "bor inte i Lund", "om jag bor i Lund" or "bor du i Lund?".
_OWN_HOME = re.compile(r"(?:^|[^\w\s]\s*|\b(?:jag|ja|jg|vi|hej|och|o|men)\s+)(?:bor|bosatt|skriven) (?:i|pa) (\w+)")
_NOT_A_HOME_TOLD = re.compile(r"\bom (?:jag|ja|jg|vi) bor\b|\bbor (?:du|ni|inte|ej)\b|\binte (?:bor|langre|kvar)\b"
                              r"|\bforut\b|\bforr\b")


def home_told_earlier(earlier: Sequence[str]) -> PlaceMatch | None:
    """"bor i uppsala o vill ha ombud, kostar det nåt?" answered as the cost, then "kan nån höra av sig?": where the
    writer said they live in an earlier message (`earlier`, newest first), named for sure and about nobody else."""
    for text in earlier:
        folded = fold(text)
        home = _OWN_HOME.search(folded)
        if (home is None or someone_elses_place(text) or _NOT_A_HOME_TOLD.search(folded)
                or mentions_homelessness(text)):
            continue
        found = decide_place(find_municipality(text)).sure
        if found is not None and any(fold(name).startswith(home.group(1)) for name in (found.place, found.kommun)):
            return found
    return None


# "och ombud där?", "finns det nåt dit": the place spoken of just before (folded); not "så där", "där jag bor".
_THERE = re.compile(r"(?<!\bsa )\b(?:dar|dit)\b(?! (?:jag|ja|vi|han|hon|hen|de|dom|man|\w+ bor)\b)")
MOST_WORDS_POINTING_BACK = 6


def place_pointed_back_to(text: str, earlier: Sequence[str]) -> PlaceMatch | None:
    """"och ombud där då?" right after "behöver budgetrådgivning i Karlskoga": the place the message before (`earlier`,
    newest first) named for sure, when this short one names none, tells no home of its own and points back to it.
    Where the place was someone else's home ("pappa bor i Eslöv" – "har dom ombud där?"), that office is asked for."""
    folded = fold(text)
    if (not earlier or not _THERE.search(folded) or len(folded.split()) > MOST_WORDS_POINTING_BACK
            or _TELLS_WHERE.search(folded)):
        return None
    return decide_place(find_municipality(earlier[0])).sure


def mentions_homelessness(text: str) -> bool:
    return bool(_HOMELESS.search(fold(text)))


# "bor i alingsås, behöver ombud": a home named, which the intent model read as homelessness; "bor i Malmö men har
# ingen lägenhet", "bor i bilen i Lund" say otherwise.
_LIVES_IN = re.compile(r"\bbor (?:i|pa) (\w+)")
_BUT_WITHOUT = re.compile(r"\b(?:men|ingen|inget|utan|vrak\w*|utkast\w*|ingenstans|sover|tillfallig\w*|hos|kvar|gatan"
                          r"|av med|uppsagd)\b")


def homelessness_misread(text: str, place: PlaceMatch | None) -> bool:
    """The person says they live in the place named for sure (its name right after "bor i"), and says nothing of
    being without a home."""
    folded = fold(text)
    lives_in = _LIVES_IN.search(folded)
    return (place is not None and lives_in is not None and fold(place.place).split()[:1] == [lives_in.group(1)]
            and not mentions_homelessness(text) and not _BUT_WITHOUT.search(folded))


# Without a home: nödbistånd from the kommun where the person is now, in the knowledge base's words.
SOCIAL_SERVICES = "ekonomiskt_bistand"
EMERGENCY_AID = "Nödbistånd"


def help_where_you_are() -> list[Say]:
    """Said to a person without a home before asking where they are: the kommun there must help now."""
    social_services = authority(SOCIAL_SERVICES)
    assert social_services is not None, "the knowledge base lacks ekonomiskt bistånd"
    aid = next(b for b in social_services.benefits if b.startswith(EMERGENCY_AID))
    return [Say(text=aid), Say(text=source_note([social_services]))]


@dataclass(frozen=True)
class PlaceDecision:
    sure: PlaceMatch | None
    options: tuple[PlaceMatch, ...]  # to ask about when not sure; empty when nothing matched

    @property
    def probable(self) -> PlaceMatch | None:
        """The one kommun near the name typed, one slip away ("finns ombud i gävel?"): where the bot only informs,
        it answers for that kommun and says so; the forms still ask. A part of a city is never guessed: a town
        the knowledge base lacks may be one slip from one ("märsta", Årsta)."""
        only = self.options[0] if len(self.options) == 1 else None
        return only if only is not None and only.mistyped and only.kind == KOMMUN else None


def decide_place(candidates: Sequence[PlaceMatch]) -> PlaceDecision:
    """Sure only when one place stands out; otherwise the person chooses among a few."""
    if not candidates:
        return PlaceDecision(None, ())
    top, rest = candidates[0], candidates[1:]
    if top.score >= SURE_SCORE and not any(other.score >= SURE_SCORE for other in rest):
        return PlaceDecision(top, ())
    likely = [candidate for candidate in candidates if candidate.score >= OPTION_SCORE]
    return PlaceDecision(None, tuple(likely[:MAX_PLACE_OPTIONS]))


@dataclass(frozen=True)
class OfficeDecision:
    """The office for a person: the ones to present (the first receives a contact request), or the
    choices when the part of the city decides it. Neither: no office is known there."""

    kommun: Kommun
    offices: tuple[Office, ...]
    area_choices: tuple[Office, ...] = ()
    homeless_choice: bool = False  # among the choices, an office for people without a home

    @property
    def office(self) -> Office | None:
        return self.offices[0] if self.offices else None

    @property
    def needs_area(self) -> bool:
        return bool(self.area_choices)

    @property
    def none_known(self) -> bool:
        return not self.offices and not self.area_choices


def _for_homeless(office: Office) -> bool:
    return bool(office.target and HOMELESS_TARGET in office.target)


def decide_office(kommun_code: str, area: str | None = None, homeless: bool = False) -> OfficeDecision | None:
    """Which office serves someone in this kommun (and part of the city, if known). None: no such kommun.

    - Homelessness: the office for people without a home, where there is one.
    - A city with several offices by part of town and no part known: ask, never guess.
    - Otherwise the offices for the person's own part first, then those for the whole kommun;
      an office with a special target group (homelessness) only when that fits.
    """
    place = kommun(kommun_code)
    if place is None:
        return None
    serving = offices_for(kommun_code, area)
    for_homeless = tuple(o for o in serving if _for_homeless(o))
    if homeless and for_homeless:
        return OfficeDecision(place, for_homeless)
    by_area = tuple(o for o in serving if o.areas)
    if area is None and len(by_area) > 1:
        return OfficeDecision(place, (), by_area, homeless_choice=bool(for_homeless))
    general = tuple(o for o in serving if not _for_homeless(o))
    return OfficeDecision(place, general or tuple(serving))


def place_payload(name: str) -> str:
    return "/inform_place" + json.dumps({"place": name}, ensure_ascii=False)


def place_label(match: PlaceMatch) -> str:
    if match.area and match.place != match.kommun:
        return f"{match.place} i {match.kommun}"
    return match.kommun


def confirm_place(options: Sequence[PlaceMatch], inside_a_form: bool = False) -> list[Say]:
    """Buttons for the places it may be. Inside a form a tap must answer like typing the name does.
    One place is asked about by name ("Menar du Örebro?"), so that a typed yes can choose it."""
    if len(options) == 1:
        only = options[0]
        yes = Button(f"Ja, {place_label(only)}", only.place if inside_a_form else place_payload(only.place))
        one: tuple[Button, ...] = (yes,) if inside_a_form else (yes, Button("Nej, en annan ort", "/inform_place_none"))
        return [Say(response=ONE_PLACE_ASKED, values={"place": place_label(only)}, buttons=one)]
    if inside_a_form:
        return [Say(response="utter_confirm_place", buttons=tuple(Button(place_label(m), m.place) for m in options))]
    some = tuple(Button(place_label(m), place_payload(m.place)) for m in options)
    return [Say(response="utter_confirm_place", buttons=(*some, Button("Ingen av dem", "/inform_place_none")))]


def read_as(match: PlaceMatch) -> str:
    """Said with the answer for a place taken from a mistyped name, so that a wrong guess is seen."""
    return f"Jag tror att du menar {place_label(match)}. Skriv ortens namn igen om det är fel."


def with_guess_said(answer: list[Say], match: PlaceMatch,
                    word_the_guess: Callable[[PlaceMatch], str] = read_as) -> list[Say]:
    """The answer for a place taken from a mistyped name, with the guess said right after its first message (which
    names the place), so that the answer comes first and a wrong guess is still seen. A lone message (the question
    about the part of town) stays last, with its buttons: then the guess comes before it. `word_the_guess` says
    it (in English for an English answer)."""
    guess = Say(text=word_the_guess(match))
    return [answer[0], guess, *answer[1:]] if len(answer) > 1 else [guess, *answer]


def offered_place(options: Sequence[PlaceMatch]) -> str | None:
    """The one place a confirmation asks about, kept so that a yes typed next can choose it."""
    return options[0].place if len(options) == 1 else None


@dataclass(frozen=True)
class OfferReply:
    """The answer to "Menar du Örebro?": the place chosen by a yes, or a plain no (the place is asked for
    again, and it is not a miss). An answer that names a place of its own is neither ("ja men jag bor i
    Lund" is read as Lund)."""

    chosen: str | None = None
    refused: bool = False


def reply_to_offer(text: str, offered: str | None) -> OfferReply:
    if not offered or find_municipality(text):
        return OfferReply()
    said = yes_no(text)
    return OfferReply(chosen=offered if confirms(text) else None, refused=said == NO)


def ask_area(decision: OfficeDecision, inside_a_form: bool = False) -> list[Say]:
    """In a city with one office per part of town, ask which part; homelessness has its own office.

    Inside a form a tap must answer like typing the name of the part does.
    """
    def payload(name: str) -> str:
        return name if inside_a_form else place_payload(name)

    buttons = [Button(", ".join(o.areas), payload(o.areas[0])) for o in decision.area_choices]
    if decision.homeless_choice:
        buttons.append(Button(NO_HOME, "jag har ingen bostad" if inside_a_form else "/inform_homeless"))
    return [Say(response="utter_ask_area", values={"kommun": decision.kommun.name}, buttons=tuple(buttons))]


def age_limits(office: Office) -> tuple[int, int | None] | None:
    """The ages an office takes when they differ from every adult's: (lowest, highest or None)."""
    if office.age_min and office.age_max:
        return office.age_min, office.age_max
    if office.age_min and office.age_min > 18:
        return office.age_min, None
    return None


def _age(office: Office) -> str | None:
    if (limits := age_limits(office)) is None:
        return None
    lowest, highest = limits
    return f"{lowest}–{highest} år" if highest else f"{lowest} år eller äldre"


def _own_switchboard(place: Kommun) -> list[Say]:
    own = switchboard(place.code)
    if own is None:
        return []
    age = f"uppgift från {source_date_said(own.source_date)}" if own.source_date else "uppgiften har inget datum"
    return [Say(response="utter_own_switchboard", values={"kommun": place.name, "phone": own.phone, "age": age})]


def office_contact(office: Office, place: Kommun) -> list[Say]:
    """How to reach the office: the ombud's own number, or a switchboard said to be whose it is.

    When the switchboard is another kommun's (one office serving several kommuner), the person's own
    kommun's switchboard follows, where the knowledge base has it.
    """
    says = []
    if office.phone and office.phone_kind == "po":
        says.append(Say(response="utter_office_phone_po", values={"phone": office.phone}))
    elif office.phone:
        owner = kommun(office.phone_owner or "") or place
        says.append(Say(response="utter_office_phone_vaxel", values={"phone": office.phone, "owner": owner.name}))
        if owner.code != place.code:
            says += _own_switchboard(place)
    if office.email:
        says.append(Say(response="utter_office_email", values={"email": office.email}))
    if office.web:
        says.append(Say(response="utter_office_web", values={"web": office.web}))
    if not (office.phone or office.email):
        says.append(Say(response="utter_office_no_contact"))
        says += _own_switchboard(place)
    return says


def queue_info(office: Office) -> list[Say]:
    """The office's queue as its source put it, with the source's date, or that nothing is known."""
    if not office.queue:
        return [Say(response="utter_office_no_queue_info")]
    dated = office.queue.source_date
    return [Say(response="utter_office_queue", values={"queue": office.queue.text}),
            Say(response="utter_office_queue_dated", values={"date": source_date_said(dated)}) if dated
            else Say(response="utter_office_queue_undated")]


def sources_disagree(place: Kommun, report: NoPoReport | None) -> list[Say]:
    """A kommun with an office that a dated list also named as having none: say both, and ask the kommun."""
    if report is None:
        return []
    date = source_date_said(report.source_date) if report.source_date else "en odaterad källa"
    return [Say(response="utter_sources_disagree", values={"kommun": place.name, "date": date})]


# The office and the number to ring, in the first message: that is what "finns det ombud i X?" asks.
_INTRO_WITH_PHONE = {"utter_office_phone_po": "utter_office_intro_phone_po",
                     "utter_office_phone_vaxel": "utter_office_intro_phone_vaxel"}


def _office_found(office: Office, place: Kommun, contact: list[Say]) -> list[Say]:
    """The office's name, joined with its phone number when it has one."""
    intro = Say(response="utter_office_intro", values={"kommun": place.name, "office": office.name})
    joined = _INTRO_WITH_PHONE.get(contact[0].response or "") if contact else None
    if joined is None:
        return [intro, *contact]
    return [Say(response=joined, values={**intro.values, **contact[0].values}), *contact[1:]]


def office_in_passing(office: Office, place: Kommun) -> list[Say]:
    """The office and its number in one message, with its source: where to turn, said before questions that
    the person may leave before their end ("finns det ombud som kan hjälpa mig, jag bor i Luleå?")."""
    return [_office_found(office, place, office_contact(office, place))[0], Say(text=source_note([office]))]


def describe_office(office: Office, place: Kommun) -> list[Say]:
    says = _office_found(office, place, office_contact(office, place))
    if office.target:
        says.insert(1, Say(response="utter_office_target", values={"target": office.target}))
    says += queue_info(office)
    if age := _age(office):
        says.append(Say(response="utter_office_age", values={"age": age}))
    if office.requirements:
        says.append(Say(response="utter_office_requirements", values={"requirements": " ".join(office.requirements)}))
    if office.priority_groups:
        says.append(Say(response="utter_office_priority", values={"groups": ", ".join(office.priority_groups)}))
    if office.confidence != "high":
        says.append(Say(response=f"utter_office_uncertain_{office.confidence}"))
    report = no_po_report(place.code)
    says += sources_disagree(place, report)
    sourced: list[Sourced] = [office, *([office.queue] if office.queue else []), *([report] if report else [])]
    says.append(Say(text=source_note(sourced)))
    return says


def no_office(place: Kommun, next_step: FactRecord) -> list[Say]:
    """Where no office is known: that none is known and that the kommun can say, any dated report, how to ask,
    the kommun's own switchboard, the other support a kommun gives."""
    report = no_po_report(place.code)
    says = [Say(response="utter_no_known_office", values={"kommun": place.name})]
    for office in closed_offices_for(place.code):
        says.append(Say(response="utter_office_closed", values={"office": office.name}))
    if report:
        date = source_date_said(report.source_date) if report.source_date else "en odaterad källa"
        says.append(Say(response="utter_no_po_report", values={"date": date}))
    says.append(Say(text=next_step.text))
    says += _own_switchboard(place)
    other = fact(OTHER_SUPPORT)
    assert other is not None, "the knowledge base lacks alt.social_services"
    says.append(Say(text=other.text))
    own = switchboard(place.code)
    says.append(Say(text=source_note([next_step, *([report] if report else []), other, *([own] if own else [])])))
    return says


def next_step_without_office() -> FactRecord:
    """What to do where no office is known: every office answer may need it, so the knowledge base must have it."""
    next_step = fact(NO_KNOWN_OFFICE)
    assert next_step is not None, "the knowledge base lacks po.no_known_office"
    return next_step


def describe_decision(decision: OfficeDecision, next_step: FactRecord) -> list[Say]:
    """The whole office answer for a decision: the office(s), the question about the part of town, or none known."""
    if decision.needs_area:
        return ask_area(decision)
    if decision.none_known:
        return no_office(decision.kommun, next_step)
    return [say for office in decision.offices for say in describe_office(office, decision.kommun)]


def receiving_office(text: str, homeless: bool = False) -> Office | None:
    """The office a request would go to from the place `text` names, when the place is sure and needs no
    part of town: only then may the chat keep a number given with it in the contact request
    (bot/runtime/rest_channel.py)."""
    found = decide_place(find_municipality(text)).sure
    decision = decide_office(found.kommun_code, found.area, homeless or mentions_homelessness(text)) if found else None
    return None if decision is None or decision.needs_area else decision.office
