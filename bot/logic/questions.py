"""Specific questions answered one by one: the fact asked for first, its source, then one offer.

The questions and where their answers are live in knowledge/data/questions.yaml; this module
turns the references into what the bot says. The answer to "hur lång är kön?" depends on the
person's own office, so it goes through the one office decision.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.logic.about_whom import ON_BEHALF_FACT, asks_on_behalf
from bot.logic.offices import ask_area, decide_office, queue_info
from bot.logic.say import Button, Say, spoken
from bot.logic.sources import source_note
from knowledge.queries import authority, fact, question
from knowledge.records import Question, Sourced
from knowledge.text import fold

# Follow-ups that are not another question or an authority: (button title, payload).
OFFERS = {
    "find_office": ("Hitta ombud där jag bor", "/find_office"),
    "check_eligibility": ("Kan ett ombud passa mig?", "/check_eligibility"),
    "ask_human": ("Be ett ombud höra av sig", "/ask_human"),
    "prepare_contact": ("Förbered kontakten", "/prepare_contact"),
}
QUESTION_INTENT = "faq"
# The entity a button sends to name the question ("/faq{\"faq_key\": \"po_cost\"}").
QUESTION_ENTITY = "faq_key"
# From this confidence the question selector's pick is taken as what was asked, also when the intent
# model read the message as something else; below it the bot guesses with choices.
SURE_QUESTION = 0.9
# What to bring when applying, said before the authority's list of documents.
BRING = "Ta med:"
# Questions about one authority are keyed "<prefix>_<kind>" (fk_phone, kfm_phone): the same kind
# of question about another authority is found by its prefix.
AUTHORITY_PREFIX = {"forsakringskassan": "fk", "arbetsformedlingen": "af", "ekonomiskt_bistand": "soc",
                    "kronofogden": "kfm"}
_PREFIX_AUTHORITY = {prefix: key for key, prefix in AUTHORITY_PREFIX.items()}
# Who can have an ombud, and the answer for someone under 18.
WHO_FITS_QUESTION, YOUNG_PEOPLE_QUESTION = "po_who", "po_age"


def question_payload(key: str) -> str:
    return f"/{QUESTION_INTENT}" + json.dumps({QUESTION_ENTITY: key})


@dataclass(frozen=True)
class Answer:
    says: tuple[Say, ...]
    sources: tuple[Sourced, ...]


def depends_on_the_office(asked: Question) -> bool:
    """Whether the answer is about the person's own office, and so may ask back where they live."""
    return any(reference.startswith("office:") for reference in asked.answers)


def _office_queue(kommun_code: str | None, area: str | None) -> Answer:
    decision = decide_office(kommun_code, area) if kommun_code else None
    if decision is None:
        return Answer((Say(response="utter_queue_depends_on_office"),), ())
    if decision.needs_area:
        return Answer(tuple(ask_area(decision)), ())
    if decision.office is None:
        return Answer((Say(response="utter_no_known_office", values={"kommun": decision.kommun.name}),), ())
    office = decision.office
    intro = Say(response="utter_queue_at_office", values={"office": office.name})
    return Answer((intro, *queue_info(office)), (office.queue,) if office.queue else ())


def _reference(reference: str, kommun_code: str | None, area: str | None) -> Answer:
    kind, _, rest = reference.partition(":")
    if kind == "fact":
        found = fact(rest)
        assert found is not None, f"questions.yaml names a fact that is missing: {rest}"
        return Answer((Say(text=spoken(found)),), (found,))
    if kind == "office":
        return _office_queue(kommun_code, area)
    name, _, part = rest.partition(":")
    known = authority(name)
    assert known is not None, f"questions.yaml names an authority that is missing: {name}"
    if kind == "deadline":
        deadline = next(d for d in known.deadlines if d.key == part)
        return Answer((Say(text=deadline.text),), (deadline,))
    if part == "phone":
        said = Say(response="utter_authority_phone", values={"name": known.name, "phone": known.phone}) \
            if known.phone else Say(text=known.phone_note or "") if known.phone_note \
            else Say(response="utter_authority_local")
        return Answer((said,), (known,))
    if part == "documents_to_bring":
        return Answer((Say(text=f"{BRING} {' '.join(known.documents_to_bring)}"),), (known,))
    if part.startswith("benefit:"):
        start = part.removeprefix("benefit:")
        return Answer((Say(text=next(b for b in known.benefits if b.startswith(start))),), (known,))
    return Answer((Say(text=getattr(known, part)),), (known,))


def offer_button(offer: str | None) -> Button | None:
    """The one follow-up after an answer: a next step, another question, or more about an authority."""
    if offer is None:
        return None
    if offer in OFFERS:
        return Button(*OFFERS[offer])
    if (other := question(offer)) is not None:
        return Button(other.title, question_payload(other.key))
    if (named := authority(offer)) is not None:
        return Button(f"Mer om {named.name}", "/ask_authority" + json.dumps({"authority": named.key}))
    raise LookupError(f"unknown offer {offer!r}")


# A part of a longer answer that is said first when the question names what it is about ("vem betalar den gode
# mannen?"): per question, (words asked, folded; the part's reference), the first that matches wins.
_GOD_MAN = "authority:overformyndare_god_man"
_PAYING = r"\b(?:betal\w*|kosta\w*|kostnad\w*|arvode\w*|avgift\w*|gratis)\b"
_CONSENTING = (r"\b(?:tvinga\w*|samtyck\w*|ga med pa|mot (?:min|hans|hennes|deras) vilja|utan (?:mitt|hans|hennes) ja"
               r"|(?:maste|behover) (?:jag|ja|han|hon|hen|man|personen) (?:sjalv )?"
               r"(?:saga ja|ga med|vilja|godkanna))\b")
_GETTING = (r"\b(?:hur (?:far|fa|skaffar|ordnar|soker|ansoker|gar (?:man|det) till)\w*"
            r"|vem (?:beslutar|bestammer|utser)|ansok\w*|tingsratt\w*|overformyndar\w*)\b")
# "kan jag sms:a?", "måste jag ringa eller går det att mejla": another way than the switchboard.
_WRITING = r"\b(?:sms\w*|mejl\w*|mail\w*|e ?post|skriva|skicka|texta|text)\b"
# "vilka intyg vill soc ha?": what to bring. Not a person brought along ("kan jag ta med min mamma dit?").
_BRINGING = (r"\b(?:(?:ta|tar) med\b(?! (?:nan|nagon|nagra|min|mitt|mina|en|ett|hen|honom|henne|dom|dem)\b)"
             r"|papper\w*|dokument\w*|handling\w*|underlag|intyg\w*|kontoutdrag)\b")
ASKED_FIRST: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "god_man": ((re.compile(_PAYING), f"{_GOD_MAN}:benefit:Oftast betalar du"),
                (re.compile(_CONSENTING), f"{_GOD_MAN}:benefit:Du måste säga ja"),
                (re.compile(_GETTING), f"{_GOD_MAN}:decides")),
    "po_contact": ((re.compile(_WRITING), "fact:po.how_to_start"),),
    "soc_apply": ((re.compile(_BRINGING), "authority:ekonomiskt_bistand:documents_to_bring"),),
}


def _parts_named(key: str, typed: str) -> list[str]:
    """The parts of the answer to `key` that `typed` asks about (`ASKED_FIRST`), in its order."""
    folded = fold(typed)
    return [part for words, part in ASKED_FIRST.get(key, ()) if words.search(folded)]


def names_a_part(key: str, typed: str) -> bool:
    """Whether `typed` asks about one of the parts of the answer to `key` that `ASKED_FIRST` lists."""
    return bool(_parts_named(key, typed))


# Asked for someone else ("får jag ringa FK för min pappas räkning?"), a matter with an authority or the kommun's
# debt advice starts with how one handles it for another: with the person's fullmakt.
ON_BEHALF = f"fact:{ON_BEHALF_FACT}"
_HANDLED_FOR_SOMEONE = frozenset({"debt_advice"})


# "ombudet hotade mig", "mitt ombud tog mina pengar": harm done by one's ombud is a matter for the police first, not
# something to take up with the ombud (folded).
NOT_SATISFIED = "po_not_satisfied"
REPORT_HARM = "fact:org.police_report"
_HARMED = re.compile(
    r"\b(?:(?:hotade|hotar|hotat|slog|slagit|slar|knuffade|knuffat|sparkade|sparkat|skadade|skadat|lurade|lurat"
    r"|utnyttjade|utnyttjat|tafsade pa|tafsat pa|tog pa|rorde (?:vid )?|forgrep sig pa|sla|skada) mig|hot mot mig"
    r"|hotfull\w*|hot\w* (?:med )?att (?:sla|skada|doda|gora (?:mig )?illa)"
    r"|misshandl\w*|vald\w*|tafsa\w*|sexuell\w*|trakasser\w*|vidror\w*|forgrep\w*|stal|stjal|stulit|snodde|snott"
    r"|(?:tog|tagit|tar|lanade|lant) (?:mina |mitt |min )?(?:pengar|bankkort|kort|telefon|mobil|saker)\w*)\b")


def harmed_by_the_ombud(typed: str) -> bool:
    """Whether a message about one's ombud tells of threats, violence, sexual harm or money taken."""
    return bool(_HARMED.search(fold(typed)))


def _asked_first(asked: Question, typed: str | None) -> tuple[str, ...]:
    """The question's answer parts, the one the typed question names first; harm done by one's ombud gets where to
    report it first."""
    named = next((part for part in _parts_named(asked.key, typed or "") if part in asked.answers), None)
    parts = (named, *(other for other in asked.answers if other != named)) if named else asked.answers
    if typed and asks_on_behalf(typed) and (authority_of(asked.key) or asked.key in _HANDLED_FOR_SOMEONE):
        return (ON_BEHALF, *(part for part in parts if part != ON_BEHALF))
    if typed and asked.key == NOT_SATISFIED and harmed_by_the_ombud(typed):
        return (REPORT_HARM, *parts)
    return parts


def answer(asked: Question, kommun_code: str | None = None, area: str | None = None,
           offer: bool = True, typed: str | None = None, already_said: frozenset[str] = frozenset()) -> list[Say]:
    """The answer first (of a longer one, the part the `typed` question names), then where it comes from and how
    old that is, then at most one offer. A part whose words were `already_said` in the same reply is left out."""
    parts = [part for part in (_reference(reference, kommun_code, area) for reference in _asked_first(asked, typed))
             if not all(say.text in already_said for say in part.says)]
    if not parts:
        return []
    says = [say for part in parts for say in part.says]
    sources = [source for part in parts for source in part.sources]
    if sources:
        says.append(Say(text=source_note(sources)))
    button = offer_button(asked.offer) if offer else None
    if button is not None:
        says.append(Say(response="utter_question_offer", buttons=(button,)))
    return says


# Said after an answer given a third time in a row, instead of its usual offer.
NOTHING_MORE = "Mer än så vet jag inte om det. En människa kan svara på mer."
# After the same answer this many turns in a row, the next one says that the bot knows no more.
SAME_ANSWERS_BEFORE_NO_MORE = 2


def asks_the_same_again(answered_before: Sequence[str | None], asked_key: str, typed: str) -> bool:
    """The question answered in each of the turns before (`answered_before`, the latest last) is selected once more
    for a typed message ("räcker det att bestrida via e-post?" after two answers about Kronofogden's letter)."""
    last = list(answered_before[-SAME_ANSWERS_BEFORE_NO_MORE:])
    return bool(typed) and len(last) == SAME_ANSWERS_BEFORE_NO_MORE and all(key == asked_key for key in last)


def answered_again(asked: Question, kommun_code: str | None = None, area: str | None = None,
                   typed: str | None = None, offer: bool = True) -> list[Say]:
    """The answer once more (the asked part may be in any of its parts), then that the bot knows no more, and with
    `offer` (not inside a form, which goes on) whom to ask instead: the authority's number, and an ombud."""
    phone = question(phone_key) if (phone_key := phone_question(authority_of(asked.key))) else None
    buttons = (*([Button(phone.title, question_payload(phone.key))] if phone and phone.key != asked.key else []),
               Button(*OFFERS["ask_human"])) if offer else ()
    return [*answer(asked, kommun_code, area, offer=False, typed=typed), Say(text=NOTHING_MORE, buttons=buttons)]


def authority_of(key: str) -> str | None:
    """The authority a question is about ('kfm_letter' -> 'kronofogden'), if it is about one."""
    return _PREFIX_AUTHORITY.get(key.partition("_")[0])


_WHAT_IT_DOES, _NUMBER = "_decides", "_phone"
COMPLAIN_ABOUT_CARE, AUTHORITY_MUST_HELP = "complain_care", "right_service"
# Words of health care (folded): a complaint that names one is about care.
# Inside compounds too: "tandläkaren", "öppenvården", "akutmottagningen", "felbehandlad".
_CARE = re.compile(r"vard|lakar|doktor|sjukhus|akut|\bbup\b|mottagning|sjukskot|kurator|behandl|medicin|terapeut"
                   r"|psyk|tandlak|ambulans|avdelning|barnmorsk|klinik")


def complaint_about_an_authority(text: str, selected: str, authorities_talked_about: Sequence[str]) -> str | None:
    """"går det att klaga på att de aldrig ringer upp?", read as a complaint about care, right after the person spoke
    of Försäkringskassan: a complaint about an authority, whose duty to help is the answer. Only where no word of
    care is in the message and an authority with its own questions was named in it or just before."""
    if selected != COMPLAIN_ABOUT_CARE or _CARE.search(fold(text)):
        return None
    return AUTHORITY_MUST_HELP if any(key in AUTHORITY_PREFIX for key in authorities_talked_about) else None


def guessed_an_authority(selected: str, confidence: float, named_authorities: Sequence[str],
                         last_authority: str | None, only_the_number: bool = False) -> bool:
    """"och hur går jag vidare nu", read with doubt as what Arbetsförmedlingen does: the selector's unsure pick
    is what an authority does, an authority the message does not name and the conversation was not about. That is a
    guess (the selector's catch-all for vague questions), and the person gets choices instead of an answer about an
    authority they never spoke of. A specific question (a letter, a number) carries its own words and stays answered,
    also where the authority's name is misspelt; but a message that `only_the_number` asks ("tack, kan jag få numret")
    names no one, and an unsure pick of an authority's number is a guess too."""
    about = authority_of(selected)
    guessed_kind = selected.endswith(_WHAT_IT_DOES) or (only_the_number and selected.endswith(_NUMBER))
    return (about is not None and guessed_kind and confidence < SURE_QUESTION
            and about not in named_authorities and about != last_authority)


# Below this the question selector's pick is right about one time in four (the corpora's faq readings, session 36):
# "Menar du …?" with its likeliest questions, rather than a confident answer to another question.
GUESS_BELOW = 0.4


def too_unsure_to_answer(selected: str, confidence: float, named_authorities: Sequence[str]) -> bool:
    """A pick far from sure, unless it is about the authority the message names ("soc sa nej. vad gör jag")."""
    about = authority_of(selected)
    return confidence < GUESS_BELOW and (about is None or about not in named_authorities)


def matter_with_an_authority(selected: str | None, confidence: float, named_authorities: Sequence[str]) -> str | None:
    """"min brorsa har fått ett brev från kronofogden, vad händer om han låter det ligga?": a relative who asks
    about a matter with an authority the message names asks that question, whoever it is for; what a relative
    can do about PO is not what was asked. The question, or None."""
    if not selected or confidence < SURE_QUESTION:
        return None
    about = authority_of(selected)
    return selected if about is not None and about in named_authorities else None


def phone_question(authority_key: str | None) -> str | None:
    """The question about an authority's number ("fk_phone"), or None when it has none (socialtjänsten has no national
    number: its explainer says so)."""
    key = f"{AUTHORITY_PREFIX[authority_key]}_phone" if authority_key in AUTHORITY_PREFIX else None
    return key if key is not None and question(key) is not None else None


def handled_for_someone(typed: str, named_authorities: Sequence[str]) -> str | None:
    """"kan jag sköta kontakten med kronofogden åt min bror?": the named authority's number, which then starts with
    how one handles a matter for another (`ON_BEHALF`); None when the message asks no such thing, or the
    authority has no question about its number."""
    if not named_authorities or not asks_on_behalf(typed):
        return None
    return phone_question(named_authorities[0])


def in_context(selected: str, named: Sequence[str], last_authority: str | None) -> str:
    """The question meant, given which authority the message names, or the one talked about before.

    "Vad har Kronofogden för nummer?" may be read as fk_phone: the authority named wins. "Och när
    måste jag svara då?" names none: the authority of the last answer carries over.
    """
    about = authority_of(selected)
    if about is None:
        return selected
    wanted = named[0] if named else last_authority
    if wanted is None or wanted == about or wanted not in AUTHORITY_PREFIX:
        return selected
    kind = selected.partition("_")[2]
    same_kind = f"{AUTHORITY_PREFIX[wanted]}_{kind}"
    return same_kind if question(same_kind) is not None else selected


# Calling, writing or getting in touch, and not with "mig", "någon" or "en människa" (that asks for a person), folded.
_CONTACTING = (r" (?:sjalv |ocksa )?(?:ringa|kontakta|mejla|maila|skriva|sms\w*|hora av mig|ta kontakt(?:en)?)\b"
               r"(?! (?:(?:till|med) )?(?:mig|mej|oss|upp|nagon|nagra|nan|en (?:person|manniska|riktig))\b)")
# "Ska jag själv ringa kontoret?", "går det att sms:a dom?", "måste man ringa?": the writer asks how they are to make
# the contact. "ring mig sen?", "får jag ringa till någon?", "får jag skriva med en människa?" ask for a person.
_HOW_AM_I_TO_CONTACT = re.compile(r"(?:\b(?:kan|far|fa|ska|maste|bor) (?:jag|ja|jg|man)|\bgar det att"
                                  r"|^(?:kan|far|ska|maste))" + _CONTACTING)
# "får jag själv ringa kontoret?", "kan jag mejla ombudet åt henne?": the writer asks leave to make the contact. Not
# "måste man ringa?", which a relative asks about the person ("hur når han dom, måste man ringa?").
_MAY_I_CONTACT = re.compile(r"\b(?:kan|far|fa) (?:jag|ja|jg)" + _CONTACTING)
# The question how a person reaches an ombud, and what a relative may do there.
HOW_TO_CONTACT = "po_contact"
RELATIVES_QUESTION = "po_relative"
# What support there is for a relative themself.
RELATIVE_SUPPORT = "relative_support"


# "vill gärna att nåt ombud ringer upp", "vill att nån från kommunen ringer mig", "vill ombud mejla mig": the
# writer wants to be contacted. Only with the ombud, someone or the service as the one who gets in touch ("vill ni att
# jag ringer?" asks something else), and only with the writer or the one they write for as the one reached: "vill
# att ni kontaktar försäkringskassan", "… ringer min hyresvärd", "kan jag bli uppringd av soc" ask something else.
_WANT = r"(?:vill|vil|vilja|onskar)"
_SOMEONE = (r"(?:(?:ett|en|ert|nagot|nat|personligt|personliga) )*(?:ombud\w*|po|nagon|nagra|nan|manniska|person|ni|du)"
            r"(?: (?:fran|av|hos) (?:er|kommunen|po|ombud\w*|personligt ombud))?")
_GETS_IN_TOUCH = (r"(?:ska |kan |skulle |)(?:hor\w* av (?:sig|er|dig|dej)|hora av (?:sig|er|dig|dej)|ta\w* kontakt"
                  r"|kontakta\w*|ring\w*|mejla\w*|maila\w*|sms\w*"
                  r"|skriv\w* till (?:mig|mej|oss|honom|henne|hen|dem|dom))")
_RELATIVE = (r"(?:min|mitt|mina|var|vara) (?:son|dotter|man|fru|sambo|mamma|pappa|bror|syster|syrra|brorsa|partner"
             r"|pojkvan|flickvan|barn|farsa|morsa|kille|tjej|van|vaninna|kompis|foraldrar|mor|far)")
# What may follow the words of contact: nothing, the one reached, when or how.
_REACHED = (r"(?=\s*$|\s*[.,!?;:)]|\s+(?:(?:till|med|pa|via|per) )?(?:mig|mej|oss|honom|henne|hen|dem|dom|upp|tillbaka"
            r"|snart|snarast|fort|direkt|nu|sen|senare|nar|innan|efter|helst|garna|sa|idag|imorgon|i morgon|om"
            rf"|sms|telefon|mejl|mail|{_RELATIVE})\b)")
_BECOME_CONTACTED = (r"bli (?:upp?ringd\w*|ringd\w*|kontakt?ad\w*)\b"
                     r"(?! av (?!ett\b|en\b|er\b|ombud|po\b|personligt|nagon\b|nan\b)\w+)")
_WANTS_TO_BE_CONTACTED = re.compile(
    rf"\b{_WANT} (?:(?:ju|garna|bara|nog|kanske|helst) )*(?:att )?{_SOMEONE} {_GETS_IN_TOUCH}\b{_REACHED}"
    rf"|\b(?:{_WANT}|gar det att|kan (?:jag|han|hon|hen)|far (?:jag|han|hon|hen)) "
    rf"(?:(?:ju|garna|bara|nog|kanske|helst) )*{_BECOME_CONTACTED}")
# Before the wish in its clause (cut also at "och", "men", "så": "har sökt om bistånd och vill att …" wishes): a
# question how or whether, a wish reported from before ("skrev igår att jag vill bli uppringd"), a denial right
# before it ("… och inte vilja bli uppringd"), or someone else who wants it ("doktorn vill att ni ringer").
_NOT_THE_WRITERS_WISH = re.compile(r"\b(?:om|hur|varfor|undrar|skrev|skrivit|sagt|sade|nar)\b")
_DENIED = frozenset({"inte", "int", "ej"})
_OTHERS_WHO_WANT = frozenset(
    "soc socialtjansten handlaggaren handlaggare doktorn lakaren lakare kassan fk af kommunen psykiatrin kuratorn "
    "skolan vardcentralen sjukhuset polisen kronofogden forsakringskassan arbetsformedlingen hyresvarden".split())
_CLAUSE_END = re.compile(r"[.,!?;:]|\b(?:och|men|sa|for)\b")


def wants_to_be_contacted(text: str) -> bool:
    """Whether the writer wishes an ombud or someone to get in touch with them (or with the one they write for)."""
    folded = fold(text)
    for wish in _WANTS_TO_BE_CONTACTED.finditer(folded):
        clause = _CLAUSE_END.split(folded[:wish.start()])[-1]
        last_word = (clause.split() or [""])[-1]
        if not _NOT_THE_WRITERS_WISH.search(clause) and last_word not in _OTHERS_WHO_WANT | _DENIED:
            return True
    return False


def asks_to_make_the_contact(text: str) -> bool:
    """Whether the writer asks how they may reach an ombud themselves: a question, not a wish to be contacted."""
    return bool(_HOW_AM_I_TO_CONTACT.search(fold(text)))


def for_a_relative(selected: str, typed: str, names_an_authority: bool) -> str:
    """A relative asking leave to make the contact themselves asks what a relative may do, not how anyone
    reaches an ombud: the answer is that it happens together with the person, who must want it. Calling an
    authority ("kan jag ringa försäkringskassan åt mamma?") is not making the contact with an ombud."""
    if selected == HOW_TO_CONTACT and not names_an_authority and _MAY_I_CONTACT.search(fold(typed)):
        return RELATIVES_QUESTION
    return selected


def for_a_minor(selected: str, writer_under_adult_age: Callable[[], bool]) -> str:
    """Who can have an ombud, asked by someone who said they are under 18 ("men vem kan hjälpa mig nu då?"), is
    answered with where young people get help. The writer's age is read only for that question: it searches every
    earlier message."""
    return YOUNG_PEOPLE_QUESTION if selected == WHO_FITS_QUESTION and writer_under_adult_age() else selected


def guesses(ranking: Sequence[tuple[str, float]], limit: int = 3) -> list[Button]:
    """"Menar du …?" buttons for the most likely questions, by the question selector's ranking."""
    buttons = []
    for key, _confidence in ranking[:limit]:
        if (found := question(key)) is not None:
            buttons.append(Button(found.title, question_payload(found.key)))
    return buttons
