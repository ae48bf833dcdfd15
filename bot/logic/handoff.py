"""A contact request to a human ombud: the questions it needs, what the answers mean, and the text.

Nothing here stores anything. It decides which questions a request still needs (only those that
office and that channel use), reads free answers as answers to the question asked ("ja" to a question
with three choices asks which; the words themselves are read in bot/logic/handoff_answers.py), says
what happens after a second unclear answer (no question is asked a third time), and why nothing was
sent when nothing could be. It builds the text the ombud will
receive from what the conversation already holds, and removes a personnummer if one is typed:
the bot never asks for one and never keeps one.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from bot.inbound.redaction import (
    EMAIL_REMOVED,
    NEW_CONTACT_WORDS,
    PHONE_REMOVED,
    redact_personnummer,
)
from bot.logic.about_whom import someone_else
from bot.logic.answers import opens_with_yes_or_no
from bot.logic.eligibility import UNDER_18_HELP
from bot.logic.forms import STOP_PAYLOAD, asks_a_question_instead, explain, questions_left_note, reads_as_a_question
from bot.logic.handoff_answers import (
    ANY_TIME,
    CHANGE,
    EMAIL,
    NO,
    PHONE,
    SELF,
    SKIPPED,
    YES,
    contact_in,
    contact_was_removed,
    gives_only_own_contact,
    is_only_skip,
    is_skip,
    means_yes,
    offers_own_contact,
    parse_approval,
    parse_contact_method,
    parse_contact_time,
    parse_flags,
    parse_ombud_wish,
    said_unnegated,
    says_no,
)
from bot.logic.offices import (
    ask_area,
    confirm_place,
    decide_office,
    decide_place,
    mentions_homelessness,
    no_office,
    offered_place,
    office_contact,
)
from bot.logic.say import Button, Say, facts_said
from knowledge.queries import authorities_mentioned, facts_by_keys, find_municipality, kommun, place_words
from knowledge.records import Kommun, Office
from knowledge.text import fold

# What a person asked about, by the intents of their messages, in the ombud's words.
NEEDS_BY_INTENT = {
    "ask_authority": "kontakt med myndigheter",
    "authority_gap": "fastnat mellan Försäkringskassan och Arbetsförmedlingen",
    "no_money": "pengar till det nödvändigaste",
    "report_obstacle": "hinder i kontakten med myndigheter eller vården",
    "check_eligibility": "veta om personligt ombud passar",
    "prepare_contact": "förbereda en kontakt",
    "find_office": "hitta personligt ombud",
    "inform_homeless": "bostad",
}


def needs_from(intents: Iterable[str]) -> list[str]:
    needs: list[str] = []
    for intent in intents:
        need = NEEDS_BY_INTENT.get(intent)
        if need and need not in needs:
            needs.append(need)
    return needs


def summary_text(kommun_name: str | None, needs: Sequence[str], contacts: Sequence[str]) -> str:
    """The short text the ombud receives: kommun, what the person wants help with, who they deal with."""
    parts = [f"Kommun: {kommun_name or 'inte angiven'}."]
    parts.append(f"Vill ha hjälp med: {', '.join(needs)}." if needs else "Vill ha hjälp med: inte angivet.")
    if contacts:
        parts.append(f"Har kontakt med: {', '.join(contacts)}.")
    return " ".join(parts)


# The form --------------------------------------------------------------------------------------
# The questions, in the order the form asks them (the required slots of handoff_form in domain.yml).
PERSON_AGREES = "handoff_person_agrees"
PLACE = "handoff_place"
OWN_WORDS = "handoff_own_words"
CONTACT_METHOD = "handoff_contact_method"
CONTACT_VALUE = "handoff_contact_value"
CONTACT_TIME = "handoff_contact_time"
NAME = "handoff_name"
OMBUD_WISH = "handoff_ombud_wish"
FLAGS = "handoff_flags"
SHARE_TRANSCRIPT = "handoff_share_transcript"
CONFIRM = "handoff_confirm"
CHANGE_WHAT = "handoff_change"  # asked after "Ändra" at the whole request: the text, the way to reach, or more
QUESTIONS = (PERSON_AGREES, PLACE, CONTACT_METHOD, CONTACT_VALUE, OWN_WORDS, CONTACT_TIME, NAME,
             OMBUD_WISH, FLAGS, SHARE_TRANSCRIPT, CONFIRM, CHANGE_WHAT)
SUMMARY = "handoff_summary"  # the text the ombud receives, filled by the bot, changed by own words
TEXT, CONTACT, MORE = "text", "contact", "more"  # what the person wants to change
# Asked only when the person chooses to add more: none of them is needed to send a request.
MORE_QUESTIONS = (CONTACT_TIME, NAME, OMBUD_WISH, FLAGS, SHARE_TRANSCRIPT)
NOT_SURE = "not_sure"  # a relative who cannot say whether the person wants an ombud
DECLINED = "declined"  # "nej" to the first question: the person does not want a request after all
TOO_YOUNG = "too_young"  # the writer is under 18: PO is for adults, so nothing is asked and nothing sent
UNCLEAR = "unclear"  # an approval never given in words the bot could read: nothing is sent
FLAG_SEPARATOR = ","
MAX_SUMMARY, MAX_NAME = 1000, 60
STOP_BUTTON = Button("Sluta med frågorna", STOP_PAYLOAD)
# Without a known office, the honest way to a human is the kommun itself.
HOW_TO_REACH = ["po.how_to_reach"]
# A relative asking for an ombud is told that PO works on the person's own mandate.
OWN_MANDATE_FACTS = ["po.client_mandate"]

# The priority facts the ombud can be told, found in an office's own priority groups (offices.yaml).
_GROUP_FLAGS = (
    ("children", re.compile(r"\bbarn")),
    ("losing_home", re.compile(r"\bvrak|\bforlora\w* (?:sin |sitt )?(?:bostad|boende|lagenhet)")),
    ("no_other_contact", re.compile(r"\binte har (?:kontakt|stod)|\bingen (?:annan )?kontakt")),
    ("young_adult", re.compile(r"\bunga vuxna|\b18 25\b")),
)
FLAG_BUTTONS = {
    "children": Button("Barn hemma", "barn hemma"),
    "losing_home": Button("Kan förlora bostaden", "kan förlora bostaden"),
    "no_other_contact": Button("Ingen annan kontakt med myndigheter", "ingen annan kontakt"),
    "young_adult": Button("Är ung vuxen", "ung vuxen"),  # the offices' own words (no ages in reply code)
}
NO_FLAG_BUTTON = Button("Inget av detta", "inget av detta")


def office_flags(priority_groups: Sequence[str]) -> tuple[str, ...]:
    """The priority facts worth asking about at this office: those its own priority groups name.
    A group with no matching fact (such as 'kvinnor i akut hemlöshet') is not asked about."""
    folded = [fold(group) for group in priority_groups]
    return tuple(flag for flag, words in _GROUP_FLAGS if any(words.search(group) for group in folded))


@dataclass(frozen=True)
class Request:
    """What the contact request knows so far: the answers (None: not asked or not answered yet),
    and what the chosen office needs."""

    answers: Mapping[str, str | None]
    relative: bool = False  # someone asks on another person's behalf
    office_id: str | None = None
    office_reads_requests: bool = True  # an ombud has an inbox account for the office
    priority_groups: tuple[str, ...] = ()  # the office's own, from offices.yaml

    def answer(self, question: str) -> str | None:
        return self.answers.get(question)

    @property
    def flags_asked(self) -> tuple[str, ...]:
        return office_flags(self.priority_groups)


def questions(request: Request) -> list[str]:
    """The questions this request needs, in order: the place (when no office is known yet), how the ombud
    reaches the person, and a yes to the whole request as the ombud will see it. Nothing else is needed to
    send one. "Ändra" there asks what to change: the text, the way to reach, or more (the time for a call,
    a name, the ombud's gender and priority facts where the office names priority groups, the chat)."""
    asked = []
    if request.relative:
        asked.append(PERSON_AGREES)
        if request.answer(PERSON_AGREES) not in (None, YES):
            return asked  # the person does not want it, or the relative cannot say
    if request.office_id is None:
        asked.append(PLACE)
        if request.answer(PLACE) is not None:
            return asked  # a place where no office is known (or no place): nothing can be sent
    elif not request.office_reads_requests:
        return asked  # nobody would read it: the person hears how to reach the office instead
    asked.append(CONTACT_METHOD)
    method = request.answer(CONTACT_METHOD)
    if method in (None, PHONE, EMAIL):
        asked.append(CONTACT_VALUE)
    change = request.answer(CHANGE_WHAT)
    if change == TEXT:
        asked.append(OWN_WORDS)
    elif change == MORE:
        asked += [question for question in MORE_QUESTIONS if _asked_for_more(question, request)]
    asked.append(CONFIRM)
    return [*asked, CHANGE_WHAT] if request.answer(CONFIRM) == CHANGE else asked


def _asked_for_more(question: str, request: Request) -> bool:
    """The time only for a phone call, a name only when the ombud makes contact, the ombud's gender and
    priority facts only where the office names priority groups."""
    method = request.answer(CONTACT_METHOD)
    return {CONTACT_TIME: method == PHONE, NAME: method != SELF, OMBUD_WISH: bool(request.priority_groups),
            FLAGS: bool(request.flags_asked)}.get(question, True)


def contact_given(text: str) -> dict[str, str]:
    """The way to reach the person, and when, as the answers they fill, from the message that asks for
    contact ("ring mig på 070-… efter lunch"). Where the chat removed the number or address, the way and
    the time are still known, and only the number or address is asked for."""
    if given := contact_in(text):
        method, value = given
    elif PHONE_REMOVED in text or EMAIL_REMOVED in text:
        method, value = (PHONE if PHONE_REMOVED in text else EMAIL), None
    else:
        return {}
    when = parse_contact_time(text) if method == PHONE else None
    return {CONTACT_METHOD: method, **({CONTACT_VALUE: value} if value else {}),
            **({CONTACT_TIME: when} if when and when != ANY_TIME else {})}


# Asking to be reached one way ("kan nån ringa mig", "sms:a mig hellre"), with no number or address yet.
_ASKS_FOR_A_CALL = re.compile(r"\b(?:ring(?:a|er)? (?:upp )?mig|uppringd|sms\w*(?: a)? mig)\b")
_ASKS_FOR_A_MAIL = re.compile(r"\b(?:(?:mejl|mail)\w* (?:till )?mig|e ?post till mig)\b")
_NAMES_A_CALL = re.compile(r"\b(?:ring\w*|sms\w*|telefon\w*)")
_NAMES_A_MAIL = re.compile(r"\b(?:mejl\w*|mail\w*|e ?post)")
# Not a wish to be reached: a way refused ("ring mig inte"), or someone else who calls ("FK ringer mig").
_NOT_A_WISH = re.compile(r"\b(?:inte|ej|aldrig|handlaggare\w*|soc|fk|kassan|kronofogden|af)\b")


def contact_asked_for(text: str) -> dict[str, str]:
    """The way to reach the person, and when, from the message that asks for contact: a number or
    address given (contact_given), or one way asked for in words. Both ways named, a way refused, or
    an authority that calls: none is chosen, and the form asks."""
    if given := contact_given(text):
        return given
    folded = fold(text)
    if _NOT_A_WISH.search(folded) or authorities_mentioned(text):
        return {}
    call, mail = bool(_ASKS_FOR_A_CALL.search(folded)), bool(_ASKS_FOR_A_MAIL.search(folded))
    both_named = _NAMES_A_CALL.search(folded) and _NAMES_A_MAIL.search(folded)  # "ring eller mejla mig"
    if call == mail or both_named:
        return {}
    when = parse_contact_time(text) if call else None
    return {CONTACT_METHOD: PHONE if call else EMAIL, **({CONTACT_TIME: when} if when and when != ANY_TIME else {})}


def contact_with_the_place(text: str) -> dict[str, str]:
    """The way to reach the person given with the place ("falun. helst sms 070-…"): only the person's own
    mobile or address, with no other words than the place's and those that go with contact details (the
    chat keeps the number by the same test); or one way asked for in words ("falun, ring mig")."""
    if contact_was_removed(text):
        return {}
    if contact_in(text):
        return contact_given(text) if gives_only_own_contact(text, place_words(text)) else {}
    return contact_asked_for(text)


def still_to_ask(request: Request) -> list[str]:
    return [question for question in questions(request) if request.answer(question) is None]


def questions_left(request: Request, asked_before: str | None) -> str | None:
    """'3 frågor kvar.', said before a new question. Not before the same question again, not before
    the office is known (the count depends on it), and not while the person rewrites the text."""
    left = still_to_ask(request)
    if not left or left[0] == asked_before or request.office_id is None or OWN_WORDS in (left[0], asked_before):
        return None
    return questions_left_note(len(left))


@dataclass(frozen=True)
class Reading:
    """What an answer means: the slots it fills (none: not understood) and what to say first.
    `which`: a bare yes to a question with named choices; the bot asks which one."""

    values: Mapping[str, str | None] = field(default_factory=dict)
    says: tuple[Say, ...] = ()
    which: bool = False

    @property
    def understood(self) -> bool:
        return bool(self.values)


_NOT_UNDERSTOOD = Reading()
_WHICH = Reading(which=True)


def _person_agrees(text: str, request: Request) -> Reading:
    answer = parse_approval(text)
    if answer == YES:
        return Reading({PERSON_AGREES: YES}, (Say(response="utter_handoff_for_the_person"),))
    if answer == NO:
        return Reading({PERSON_AGREES: NO})
    return Reading({PERSON_AGREES: NOT_SURE}) if is_skip(text) else _NOT_UNDERSTOOD


def _own_words(text: str, request: Request) -> Reading:
    if is_only_skip(text):
        return Reading({OWN_WORDS: SKIPPED})  # the text built from the conversation stays
    if not text or text.startswith("/"):
        return _NOT_UNDERSTOOD
    cleaned, removed = redact_personnummer(text)
    said = (Say(response="utter_personnummer_removed"),) if removed else ()
    return Reading({OWN_WORDS: SKIPPED, SUMMARY: cleaned[:MAX_SUMMARY]}, said)


def _contact_method(text: str, request: Request) -> Reading:
    if given := contact_in(text):  # "sms:a 070-…": the way and the number in one answer
        method, value = given
        return Reading({CONTACT_METHOD: method, CONTACT_VALUE: value,
                        **({CONTACT_TIME: when} if method == PHONE and (when := parse_contact_time(text)) else {})})
    named = parse_contact_method(text)
    if named == PHONE and (when := parse_contact_time(text)):
        return Reading({CONTACT_METHOD: PHONE, CONTACT_TIME: when})  # 'ring mig på eftermiddagen': one answer, two
    if named:
        return Reading({CONTACT_METHOD: named})
    if is_skip(text):
        return Reading({CONTACT_METHOD: SELF})  # no way to be reached: the person calls the office
    return _WHICH if means_yes(text) else _NOT_UNDERSTOOD


def _contact_value(text: str, request: Request) -> Reading:
    # A number where an address was asked for (or the other way round) is taken as it is.
    if given := contact_in(text):
        method, value = given
        when = parse_contact_time(text) if method == PHONE else None  # "070-…, efter kl 15 helst"
        return Reading({CONTACT_METHOD: method, CONTACT_VALUE: value,
                        **({CONTACT_TIME: when} if when and when != ANY_TIME else {})})
    return Reading({CONTACT_METHOD: SELF, CONTACT_VALUE: None}) if is_skip(text) else _NOT_UNDERSTOOD


def _contact_time(text: str, request: Request) -> Reading:
    when = parse_contact_time(text)
    return Reading({CONTACT_TIME: when}) if when else _NOT_UNDERSTOOD


def _name(text: str, request: Request) -> Reading:
    if not text or text.startswith("/") or is_only_skip(text):
        return Reading({NAME: SKIPPED})
    name, removed = redact_personnummer(text)
    if removed:
        return Reading(says=(Say(response="utter_personnummer_removed"),))
    return Reading({NAME: name[:MAX_NAME]})


def _ombud_wish(text: str, request: Request) -> Reading:
    wish = parse_ombud_wish(text)
    if wish:
        return Reading({OMBUD_WISH: wish})
    if says_no(text):
        return Reading({OMBUD_WISH: SKIPPED})  # no wish
    return _WHICH if means_yes(text) else _NOT_UNDERSTOOD


def _flags(text: str, request: Request) -> Reading:
    flags = parse_flags(text)
    if flags is not None:
        return Reading({FLAGS: FLAG_SEPARATOR.join(flags) or SKIPPED})
    return _WHICH if means_yes(text) else _NOT_UNDERSTOOD


def _share_transcript(text: str, request: Request) -> Reading:
    answer = parse_approval(text)
    if answer in (YES, NO):
        return Reading({SHARE_TRANSCRIPT: answer})
    # Nothing is shared unless the person says yes.
    return Reading({SHARE_TRANSCRIPT: NO}) if is_skip(text) else _NOT_UNDERSTOOD


# The only words a yes that sends may hold (folded): "Ja, det stämmer, skicka den nu tack". Anything else
# ("ja kanske", "ja sen", "ja nä förresten", "ok vänta", "ja?") is not yet a yes, and the question is asked again.
_SEND_WORDS = frozenset("ja jaa japp jepp jada jo ok okej oki yes skicka den det stammer tack garna absolut visst "
                        "sjalvklart bra fint perfekt gor du kan nu sa har far ivag kor "
                        "please send it sure go ahead do that fine".split())


def _confirm(text: str, request: Request) -> Reading:
    """'ja' sends; 'nej' does not; 'ändra' asks what, and 'ändra numret' goes straight to it. A yes with any
    other word, or with a number (a new one, or one the chat removed), never sends."""
    if contact_was_removed(text):
        return Reading(_change(CONTACT).values, (Say(response="utter_contact_details_removed"),))
    if contact_in(text):
        return _NOT_UNDERSTOOD  # unless it is only the person's own new way (with_contact_given)
    folded = fold(text)
    answer = parse_approval(text)
    # "Vem får se mitt nummer?" asks about a part, and changes nothing; "Ändra eller lägg till" is the button's words.
    if reads_as_a_question(text) and not said_unnegated(_CHANGE_ASKED, folded):
        # Also after a yes or no ("nej vem får se mitt nummer"): the question is answered, then the yes is asked again.
        return _NOT_UNDERSTOOD
    named = None if " eller " in folded else parse_change(text)
    if named and (answer != NO or said_unnegated(_CHANGE_WORDS_STRICT, folded)):
        return _change(named)
    if answer == CHANGE:
        return Reading({CONFIRM: CHANGE, CHANGE_WHAT: None})
    if answer == YES and ("?" in text or not set(re.findall(r"\w+", folded)) <= _SEND_WORDS):
        return _NOT_UNDERSTOOD
    return Reading({CONFIRM: answer}) if answer in (YES, NO) else _NOT_UNDERSTOOD


_CHANGE_WORDS = (
    (TEXT, re.compile(r"\b(?:text\w*|egna ord|skriv om|beskriv\w*|meddelande\w*|det jag skrev)\b")),
    (CONTACT, re.compile(r"\b(?:nummer|numret|nummret|numre|nr|tel|telefon\w*|telfon|mobil\w*|mejl\w*|mail\w*|"
                         r"e ?post\w*|adress\w*|sms|sms a\w*|smsa\w*|kontaktsatt|hur ombudet nar|ring\w*)\b")),
    (MORE, re.compile(r"\b(?:lagg\w* till|^mer$|mer info|namn\w*|tid|tiden|nar pa dagen|chatt\w*|onskemal\w*|"
                      r"kvin+\w*|en man|manlig\w*|kon)\b")),
)
# Words that ask for a change in a question ("kan jag byta numret?", "går det att ändra texten?"), folded.
# A question that would take a way to reach away counts too ("kan ni ta bort mitt nummer?", "måste ni ha numret?"):
# that part is asked again, and nothing is sent with it. "är numret rätt?" only asks.
_CHANGE_ASKED = re.compile(r"\b(?:andra|byt\w*|fel|nytt|nya|annat|annan|hellre|istallet|i stallet|lagga till"
                           r"|ta bort|stryk\w*|skippa|strunta|radera|skriva om|sms a\w*|smsa\w*"
                           r"|maste (?:ni|du|dom|de|ombudet|ombuden) (?:ha|fa))\b")
# A change named with a no ("nej, fel nummer") is still a change, not a cancel.
_CHANGE_WORDS_STRICT = re.compile(r"\b(?:fel|byt\w*|nytt|annat|ratt|hellre|istallet|i stallet)\b")


# The choices as a button or a short answer says them: only these are plainly an answer (crisis words win).
CHANGE_CHOICES = frozenset({"texten", "text", "kontaktsatt", "numret", "nummer", "lagg till mer", "lagg till",
                            "mer", "namn", "tiden", "inget"})


def parse_change(text: str) -> str | None:
    """What the person wants to change: 'texten', 'numret', 'lägg till mer'; None when none or several are
    named, or the words are negated ("inte mer")."""
    folded = fold(text)
    named = [what for what, words in _CHANGE_WORDS if said_unnegated(words, folded)]
    return named[0] if len(named) == 1 else None


def _change(what: str) -> Reading:
    """The chosen part is asked again (more: each extra question), then the whole request is shown again."""
    cleared = {TEXT: (OWN_WORDS,), CONTACT: (CONTACT_METHOD, CONTACT_VALUE, CONTACT_TIME),
               MORE: MORE_QUESTIONS}[what]
    return Reading({CHANGE_WHAT: what, CONFIRM: None, **{question: None for question in cleared}})


_NOTHING = re.compile(r"^(?:ingenting|inga)\b")  # beyond is_skip and says_no


def _change_what(text: str, request: Request) -> Reading:
    if contact_was_removed(text):
        return Reading(_change(CONTACT).values, (Say(response="utter_contact_details_removed"),))
    # "nytt nummer 070-…": the new way, and the request shown again
    if gives_only_own_contact(text, NEW_CONTACT_WORDS) and (given := contact_in(text)):
        return Reading({CHANGE_WHAT: CONTACT, CONTACT_METHOD: given[0], CONTACT_VALUE: given[1], CONFIRM: None})
    if named := parse_change(text):  # "nej, fel nummer", "inget, bara numret": a change
        return _change(named)
    folded = fold(text)
    if is_skip(text) or says_no(text) or _NOTHING.search(folded):
        return Reading({CONFIRM: None}, (Say(response="utter_handoff_nothing_changed"),))
    return _NOT_UNDERSTOOD


_READERS: dict[str, Callable[[str, Request], Reading]] = {
    PERSON_AGREES: _person_agrees, OWN_WORDS: _own_words, CHANGE_WHAT: _change_what,
    CONTACT_METHOD: _contact_method, CONTACT_VALUE: _contact_value, CONTACT_TIME: _contact_time, NAME: _name,
    OMBUD_WISH: _ombud_wish, FLAGS: _flags, SHARE_TRANSCRIPT: _share_transcript, CONFIRM: _confirm,
}


# The values the contact request's intro fills from "ring mig på 070-… efter lunch" before the form
# starts. Rasa validates slots filled before a form when it starts: they must not be lost as unclear.
_STORED_VALUES = {CONTACT_METHOD: (PHONE, EMAIL), CONTACT_TIME: ("forenoon", "afternoon")}


# Questions answered with a yes or a no.
_YES_NO_QUESTIONS = frozenset({PERSON_AGREES, SHARE_TRANSCRIPT, CONFIRM})


def asked_instead_of_an_answer(question: str, text: str, question_confidence: float) -> bool:
    """"Hur lång tid tar det innan de hör av sig?" where a name is asked is no name, and "ok. vad ska jag säga till
    henne om vad ett ombud gör?" is no yes: a question the selector is sure of is answered, and the form's question
    asked again. Own words may be a question for the ombud, and stay; "ja, men …" answers before it asks."""
    if question == NAME:
        return asks_a_question_instead(text, question_confidence)
    return (question in _YES_NO_QUESTIONS and not opens_with_yes_or_no(text)
            and asks_a_question_instead(text, question_confidence))


def read_answer(question: str, text: str, request: Request) -> Reading:
    """What an answer to one of the questions means (the place is read with the knowledge base)."""
    if text in _STORED_VALUES.get(question, ()):
        return Reading({question: text})
    return with_contact_given(question, text, request, _READERS[question](text.strip(), request))


CONTACT_KEPT = {PHONE: "Tack. Om du skickar förfrågan kan ombudet ringa dig på {value}.",
                EMAIL: "Tack. Om du skickar förfrågan kan ombudet mejla dig på {value}."}


def with_contact_given(question: str, text: str, request: Request, reading: Reading) -> Reading:
    """A mobile number or e-mail address typed where the whole request waits for a yes ("070-…, efter kl
    15 helst") becomes the way to reach the person, is said back, and the request is shown again before
    anything is sent. Only from a message that gives nothing but one's own contact details, the same test by
    which the chat keeps them there (bot/inbound/redaction.py; "mejla hellre, …" too): not with a no or a "vänta",
    not someone else's ("min handläggare nås på …"), not an authority's (0771-…)."""
    if question != CONFIRM or not gives_only_own_contact(text, NEW_CONTACT_WORDS):
        return reading
    given = contact_given(text)
    if CONTACT_VALUE not in given:
        return reading
    return Reading({CONTACT_TIME: None, **given, CONFIRM: None}, (_said_back(given),))


def _said_back(given: Mapping[str, str]) -> Say:
    return Say(text=CONTACT_KEPT[given[CONTACT_METHOD]].format(value=given[CONTACT_VALUE]))


def contact_before_the_place(text: str) -> Reading | None:
    """"sms funkar bäst, 070-…" where the place is asked: the way to reach the person is kept for the request, and
    the place is asked again, as a question not yet answered (not an unclear answer). There the chat removes the
    number or address itself (no office that reads requests is known yet): the person hears so, and is asked for it
    once the office is known; were it kept, it is said back. Not a way refused ("ring mig inte") or someone else's."""
    refused_or_not_theirs = _NOT_A_WISH.search(fold(text)) or someone_else(text) is not None
    given = contact_given(text) if offers_own_contact(text) and not refused_or_not_theirs else {}
    if not given:
        return None
    said = _said_back(given) if CONTACT_VALUE in given else Say(response="utter_contact_details_removed")
    return Reading({PLACE: None, **given}, (said,))


def flag_buttons(flags: Sequence[str]) -> tuple[Button, ...]:
    return (*(FLAG_BUTTONS[flag] for flag in flags), NO_FLAG_BUTTON)


def explanation(question: str, request: Request) -> Say:
    """The question in other words, with an example answer: said after the first unclear answer."""
    if question == CONTACT_VALUE:
        return Say(response="utter_handoff_bad_email" if request.answer(CONTACT_METHOD) == EMAIL
                   else "utter_handoff_bad_phone")
    return explain(question)


def which(question: str) -> Say:
    """After a bare yes to a question with choices: which one? The question follows with its buttons."""
    return Say(response=f"utter_handoff_which_{question.removeprefix('handoff_')}")


_SKIPPED_SAYS = (Say(response="utter_question_skipped"), Say(response="utter_handoff_ways_out", buttons=(STOP_BUTTON,)))
# After a second unclear answer. A question that can be skipped is; one that cannot moves on honestly:
# the person calls the office, or nothing is sent (the form then ends and says why, with a way on).
_MOVE_ON = {
    PERSON_AGREES: Reading({PERSON_AGREES: NOT_SURE}),
    PLACE: Reading({PLACE: SKIPPED}),
    OWN_WORDS: Reading({OWN_WORDS: SKIPPED}, (Say(response="utter_handoff_own_words_kept"),)),
    CONTACT_METHOD: Reading({CONTACT_METHOD: SELF, CONTACT_VALUE: None},
                            (Say(response="utter_handoff_you_call"), _SKIPPED_SAYS[1])),
    CONTACT_VALUE: Reading({CONTACT_METHOD: SELF, CONTACT_VALUE: None},
                           (Say(response="utter_handoff_you_call"), _SKIPPED_SAYS[1])),
    CONTACT_TIME: Reading({CONTACT_TIME: ANY_TIME}, _SKIPPED_SAYS),
    NAME: Reading({NAME: SKIPPED}, _SKIPPED_SAYS),
    OMBUD_WISH: Reading({OMBUD_WISH: SKIPPED}, _SKIPPED_SAYS),
    FLAGS: Reading({FLAGS: SKIPPED}, _SKIPPED_SAYS),
    SHARE_TRANSCRIPT: Reading({SHARE_TRANSCRIPT: NO},
                              (Say(response="utter_handoff_chat_not_shared"), _SKIPPED_SAYS[1])),
    CONFIRM: Reading({CONFIRM: UNCLEAR}),
    CHANGE_WHAT: Reading({CONFIRM: None, CHANGE_WHAT: None}, (Say(response="utter_handoff_nothing_changed"),)),
}


def move_on(question: str) -> Reading:
    """What the second unclear answer in a row does: the question is never asked a third time."""
    return _MOVE_ON[question]


class NotSent(str, Enum):
    NOT_THE_PERSONS_WISH = "not_the_persons_wish"
    NO_PLACE = "no_place"
    TOO_YOUNG = "too_young"
    NO_OFFICE = "no_office"
    NO_INBOX = "no_inbox"
    NOT_APPROVED = "not_approved"  # no yes to sending it that the bot could read
    CANCELLED = "cancelled"


def why_not_sent(request: Request) -> NotSent | None:
    """None: the person saw the whole request and said yes to sending it, to an office that reads requests."""
    if request.answer(PERSON_AGREES) in (NO, NOT_SURE):
        return NotSent.NOT_THE_PERSONS_WISH
    if request.office_id is None:
        place = request.answer(PLACE)
        if place in (None, DECLINED):
            return NotSent.CANCELLED
        if place == TOO_YOUNG:
            return NotSent.TOO_YOUNG
        return NotSent.NO_PLACE if place == SKIPPED else NotSent.NO_OFFICE
    if not request.office_reads_requests:
        return NotSent.NO_INBOX
    if request.answer(CONFIRM) == UNCLEAR:
        return NotSent.NOT_APPROVED
    if request.answer(CONFIRM) == YES:
        return None
    return NotSent.CANCELLED


WAY_ON = Say(response="utter_handoff_way_on")
# How a contact request ended, as the bot said it: for want of a place whose office reads requests here, or otherwise.
_ENDED_FOR_THE_PLACE = frozenset({"utter_handoff_no_inbox", "utter_handoff_no_place", "utter_handoff_no_office"})
SENT = "utter_handoff_sent"
_ENDED_OTHERWISE = frozenset({SENT, "utter_handoff_cancelled", "utter_handoff_needs_the_persons_wish",
                              "utter_handoff_not_approved", "utter_handoff_not_for_the_young", "utter_handoff_failed"})
_ENDINGS = _ENDED_FOR_THE_PLACE | _ENDED_OTHERWISE
OFFER_AGAIN = "utter_handoff_offer_again"


def _last_ending(responses_this_visit: Sequence[str]) -> tuple[str | None, Sequence[str]]:
    """How the latest contact request of this visit ended, as the bot said it (None when none has ended), and
    what the bot said after that."""
    for at in range(len(responses_this_visit) - 1, -1, -1):
        if responses_this_visit[at] in _ENDINGS:
            return responses_this_visit[at], responses_this_visit[at + 1:]
    return None, ()


def offers_the_request_again(responses_this_visit: Sequence[str], office_reads_requests: bool) -> bool:
    """A request ended this visit only for want of a place ("bor i Enköping", no inbox there; "vill inte säga"), and
    the person then names a place whose office reads requests here ("nä fel, jag bor i Uppsala"): the request is
    offered there, once, with one button, so that a plain yes takes it. Never after one sent, stopped or refused."""
    ending, since = _last_ending(responses_this_visit)
    return office_reads_requests and ending in _ENDED_FOR_THE_PLACE and OFFER_AGAIN not in since


def nothing_was_sent(responses_this_visit: Sequence[str]) -> bool:
    """The latest request of this visit ended unsent: asked to take it back, the bot says there is nothing to."""
    return _last_ending(responses_this_visit)[0] not in (None, SENT)


def person_kommun(chosen: Office, kommun_code: str | None) -> Kommun:
    """The person's own kommun, so that a switchboard is said to be whose it is; else the office's first."""
    found = (kommun(kommun_code) if kommun_code else None) or kommun(chosen.kommun_codes[0])
    assert found is not None, f"office {chosen.id} serves no known kommun"
    return found


def reach(chosen: Office | None, kommun_code: str | None, response: str = "utter_handoff_reach_instead") -> list[Say]:
    """How to reach the office instead of through the bot (nothing when no office is known)."""
    if chosen is None:
        return []
    return [Say(response=response, values={"office": chosen.name}),
            *office_contact(chosen, person_kommun(chosen, kommun_code))]


def not_sent(reason: NotSent, chosen: Office | None, kommun_code: str | None, *, way_on: bool = True) -> list[Say]:
    """Says plainly that nothing was sent and why, how to reach a human instead, and a way on."""
    place = kommun(kommun_code) if kommun_code else None
    says: list[Say]
    if reason is NotSent.NOT_THE_PERSONS_WISH:
        says = [Say(response="utter_handoff_needs_the_persons_wish"), *facts_said(facts_by_keys(OWN_MANDATE_FACTS)),
                *reach(chosen, kommun_code, "utter_handoff_person_can_call")]
    elif reason is NotSent.TOO_YOUNG:
        says = [Say(response="utter_handoff_not_for_the_young"), *facts_said(facts_by_keys(list(UNDER_18_HELP)))]
    elif reason is NotSent.NO_PLACE:
        says = [Say(response="utter_handoff_no_place"), *facts_said(facts_by_keys(HOW_TO_REACH))]
    elif reason is NotSent.NO_OFFICE:
        how = facts_by_keys(HOW_TO_REACH)
        says = [Say(response="utter_handoff_no_office"), *(no_office(place, how[0]) if place else facts_said(how))]
    elif reason is NotSent.NO_INBOX and chosen is not None:
        says = [*reach(chosen, kommun_code, "utter_handoff_no_inbox")]
    elif reason is NotSent.NOT_APPROVED:
        says = [Say(response="utter_handoff_not_approved"), *reach(chosen, kommun_code)]
    else:
        says = [Say(response="utter_handoff_cancelled"), *reach(chosen, kommun_code)]
    return [*says, WAY_ON] if way_on else says


def place_name(kommun_code: str | None, area: str | None) -> str | None:
    """'Stockholm (Farsta)': the place as the text for the ombud names it."""
    known = kommun(kommun_code) if kommun_code else None
    return None if known is None else (f"{known.name} ({area})" if area else known.name)


@dataclass(frozen=True)
class PlaceAnswer:
    """An answer to 'which kommun?': the place and its office, or a question back (which part of town,
    which of a few places), or nothing found. A question back counts like an unclear answer."""

    values: Mapping[str, str | bool | None] = field(default_factory=dict)
    ask_back: tuple[Say, ...] = ()
    city: str | None = None  # the kommun whose part of town is asked: kept for the next answer
    place: str | None = None  # the place found, as the text for the ombud names it (place_name)
    offered: str | None = None  # the one place asked about ("Menar du Örebro?"), which a yes chooses


def read_place(text: str, city: str | None, homeless: bool) -> PlaceAnswer:
    """The office for the place named. "Jag har ingen bostad", a choice when the part of town is asked,
    is read in the city already named; a place never found, with 'vet inte', is skipped."""
    homeless = homeless or mentions_homelessness(text)
    places = decide_place(find_municipality(text))
    found = places.sure
    decision = decide_office(found.kommun_code, found.area, homeless) if found else None
    if found is None and city and homeless:
        decision = decide_office(city, None, True)
    if decision is not None and decision.needs_area:
        which_part = Say(response="utter_handoff_which_part", values={"kommun": decision.kommun.name})
        return PlaceAnswer(ask_back=(which_part, *ask_area(decision, inside_a_form=True)), city=decision.kommun.code)
    if decision is None:
        if places.options:
            return PlaceAnswer(ask_back=tuple(confirm_place(places.options, inside_a_form=True)),
                               offered=offered_place(places.options))
        if is_skip(text):
            return PlaceAnswer({PLACE: SKIPPED})
        return PlaceAnswer(ask_back=(Say(response="utter_place_not_found"), explain(PLACE)))
    receiver = decision.office
    area = found.area if found else None
    # "falun. helst sms 070-…": the place, and the way to reach the person in the same answer.
    contact = contact_with_the_place(text) if receiver else {}
    return PlaceAnswer({PLACE: decision.kommun.name, "kommun_code": decision.kommun.code,
                        "area": area, "handoff_office": receiver.id if receiver else None,
                        **({"homeless": True} if homeless else {}), **contact},
                       place=place_name(decision.kommun.code, area))
