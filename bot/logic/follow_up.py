"""A short follow-up the intent model could not place, read from the answer just before it.

"Och en annan klient i Lilla Edet?" after an office answer asks for the office there; "och när
måste jag svara då?" after an answer about Kronofogden asks how long one has; "och af?" after "vad
bestämmer Försäkringskassan om" asks the same about Arbetsförmedlingen. Only a message the model
did not understand is read this way (an understood one is answered as it was understood), and only
one shaped like a follow-up: a statement ("af är värdelösa", "han är från Kalix") is not one.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from bot.logic.answers import age
from bot.logic.questions import (
    AUTHORITY_PREFIX,
    SURE_QUESTION,
    authority_of,
    depends_on_the_office,
    in_context,
    names_a_part,
    phone_question,
)
from bot.logic.several_questions import asks_something
from knowledge.queries import question
from knowledge.text import fold

OFFICE_ACTION = "action_find_office"
# The office answer's first message, also when another action gave it (a queue asked for a named place).
OFFICE_INTRO = "utter_office_intro"
# How long one has, per authority: the question whose answer gives that time.
DEADLINE_QUESTIONS = {"kronofogden": "kfm_letter", "forsakringskassan": "fk_appeal", "ekonomiskt_bistand": "soc_appeal",
                      "arbetsformedlingen": "af_appeal"}
# How a bare follow-up may open (folded): "och", "å", "men", "okej" … (and in English: "and", "so", "but").
_OPENING = r"^\W*(?:(?:och|o|a|men|okej|ok|and|so|but) )?"
# "och numret?" right after an answer about an authority asks for that authority's number (folded).
# "tack. kan jag få numret dit också", "bara numret tack": thanks and "just" around it ask nothing more.
_ONLY_THE_NUMBER = re.compile(
    r"^\W*(?:(?:tack|tackar|ok|okej|bara|och|o|a|men|ja|and|so|but)\W+)*"
    r"(?:(?:kan|far) (?:jag|ja|man|vi) (?:fa )?(?:(?:bara|ocksa|oxa) )?(?=num|tel)"
    r"|(?:(?:vad|va) (?:ar|e|har|var) )?(?=num|tel))?"
    r"(?:(?:numret|nummer|telefonnumret|telefonnummer|tel|telnr)"
    r"|vilket nummer(?: (?:ska|kan|ringer) (?:man|jag|ja|vi)(?: ringa)?)?"
    r"|(?:vad|va) (?:har|hade) (?:de|dom|dem|ni) for (?:telefon|tel ?)?(?:nummer|nr)"
    r"|(?:vem|vart|var) ringer (?:man|jag|vi|ja)(?: (?:da|dar|dit))?"
    r"|(?:what is |whats |what s )?(?:the|their|its) (?:phone )?number|who do (?:i|we) call)"
    r"(?: (?:da|dit|till dem|till dom|till dit|then|there))?(?: (?:egentligen|nu igen|igen|nu|ocksa|oxa|med))?"
    r"(?:\W+tack)?\W*$")
_ACTS = r"(?:answer|reply|respond|appeal|object)"
_WHEN = re.compile(r"\b(?:nar|hur lang tid|hur lange|inom hur|hur manga dagar"
                   r"|how long|how much time|when|how many days)\b")
_DEADLINE = re.compile(r"\b(?:svara|overklaga\w*|ompröv\w*|omprov\w*|bestrida|pa (?:mig|mej|sig|sej)"
                       r"|(?:saga|saja|sega) emot"
                       # English only with someone who must act: "when will they reply" is how long the authority
                       # takes, "how much time is left for me" is not about an answer at all.
                       r"|(?:i|we|he|she|they|you) (?:have|has|need|needs|must|got)(?: got)? to " + _ACTS +
                       r"|(?:must|should) (?:i|we|he|she|they) " + _ACTS + r")\b")
_DEADLINE_ALONE = re.compile(r"\b(?:senast|sista dag\w*|deadline|tidsgrans|frist|time limit)\b")
_NAMES_PO = re.compile(r"\b(?:ombud\w*|ombut\w*|po)\b")
_ONLY_HOW_LONG = re.compile(
    _OPENING + r"(?:hur lang tid|hur lange|nar|inom hur lang tid|hur manga dagar)"
    r" (?:har|maste|ska|behover) (?:(?:jag|ja|man|vi) (?:pa (?:mig|mej|sig|sej|oss)|svara|(?:pa mig )?att svara)"
    r"|(?:hon|han|hen) (?:pa (?:sig|sej)|(?:pa sig )?att svara)"
    r"|(?:de|dom|ni|myndigheten|kassan) pa (?:sig|sej|er))"
    r"(?: (?:da|egentligen|dit|efter att jag (?:har )?(?:skrivit|skickat (?:det|den|brevet|ansokan|mejlet)"
    r"|hort av mig)))?\W*$"
    # "how much time does she have?", "and how long do they have to answer then"
    r"|" + _OPENING + r"(?:how long|how much time) (?:do|does) (?:i|we|he|she|they) have"
    r"(?: (?:to (?:answer|reply|respond|appeal|object)))?(?: then)?\W*$")
# A word that can only mean the time one has to appeal or object ("och omprövningstiden hos AF?"); "svarstid" is
# as often how long the authority takes.
_APPEAL_TIME = re.compile(r"\b(?:omprovnings|overklagande|overklagnings|bestridande)tid\w*")
# How a follow-up starts ("och i Lilla Edet?", "men kronofogden då", "å af?": "å" is said and typed for "och").
_FOLLOW_UP_START = re.compile(r"^(?:(?:okej|ok|ja|aha) )?(?:och|o|a|men|an|sen|samma|hur|vad|va|vem|vart|finns|da"
                              r"|and|so|but|how|what|who|when)\b")
# "och om det blir ett nej?": how to appeal, after an answer about a process that ends in a decision.
_REFUSED = r"om (?:det|beslutet|svaret|dom|de) (?:sen |sedan |da )?(?:blir|ar|sager|ger) (?:ett |mig )?(?:nej|avslag)"
_IF_REFUSED = re.compile(rf"\b{_REFUSED}\b")
# The whole message is "och om svaret blir avslag igen?", with nothing more that could say something else.
_ONLY_IF_REFUSED = re.compile(_OPENING + _REFUSED
                              + r"(?: igen)?(?: (?:da|efter det|sen|sedan|efter omprovningen))?\W*$")
# "hur får man ett sånt möte?": how to get the thing just explained (folded).
_HOW_TO_GET_ONE = re.compile(r"\bhur (?:far|fa|bokar|ordnar|begar|skaffar|gor) (?:man|jag|ja|vi|hon|han|hen)"
                             r" (?:en |ett )?(?:san|sant|sadan|sadant|det|den)\b")
_HOW_TO_GET = {"sip_what": "sip_how", "po_what": "po_contact", "po_who": "po_contact"}
# Answers that give a time someone else has ("inom 4 veckor"): asked how long after them, they are said again.
_GIVES_THEIR_TIME = frozenset({"right_waited"})
APPEAL_IN_GENERAL, APPEAL_TO_PO = "right_appeal_how", "po_appeal"
# Answers that say how long someone has: a follow-up asking that wins over a sure pick about no authority.
_TIME_ANSWERS = frozenset({*DEADLINE_QUESTIONS.values(), *_GIVES_THEIR_TIME, APPEAL_IN_GENERAL})
# A bare "och numret?" is read from the answer before whatever the selector picked: the message says nothing else.
_NUMBER_ANSWERS = frozenset(f"{prefix}_phone" for prefix in AUTHORITY_PREFIX.values())
MAX_WORDS_NAMING_ANOTHER = 5
_WORD = re.compile(r"\w+")


def names_po(text: str) -> bool:
    return bool(_NAMES_PO.search(fold(text)))


def _shaped_like_a_follow_up(text: str) -> bool:
    # "Numret." right after an answer asks for it, with neither a question mark nor an "och".
    folded = fold(text)
    return text.rstrip().endswith("?") or bool(_FOLLOW_UP_START.search(folded) or _ONLY_THE_NUMBER.match(folded))


def asks_for_another_office(text: str, previous_actions: Sequence[str], names_a_sure_place: bool) -> bool:
    """A place asked about right after an office answer asks for the office there."""
    return names_a_sure_place and answered_with_an_office(previous_actions) and _shaped_like_a_follow_up(text)


def answered_with_an_office(previous_actions: Sequence[str]) -> bool:
    """Whether the turn before gave an office answer: the office action ran, or another action said its intro."""
    return any(name == OFFICE_ACTION or name.startswith(OFFICE_INTRO) for name in previous_actions)


# "täcker ombudskontoret i Göteborg hela stan?", "hör Sotenäs till PO i Fyrbodal?": words that can only be about the
# ombud office (folded); "kontor" alone may be any office, "vart vänder man sig" any matter.
_ABOUT_THE_OMBUD_OFFICE = re.compile(r"\b(?:ombud\w*|po|po kontoret|kontoret)\b")


def asks_about_the_office_there(text: str, names_a_sure_place: bool, named_authorities: Sequence[str]) -> bool:
    """A question the model was unsure of, or took for one outside the bot's field, that names a place and the ombud
    office, and no authority: the office there is the best answer the bot has, rather than a guess or "I cannot
    answer that"."""
    return names_a_sure_place and not named_authorities and bool(_ABOUT_THE_OMBUD_OFFICE.search(fold(text)))


# "Hur når jag ombudet?": with a place known, that office's own way in is the answer.
HOW_TO_REACH_PO = "po_contact"
_PHONE_QUESTION = re.compile(r"^[a-z]+_phone$")
# Answers about getting or reaching an ombud: a number asked right after one is the office's. Not the answers that
# send the person elsewhere (acute help, appealing a no), where the number meant is another's.
_ABOUT_REACHING_PO = frozenset({"po_what", "po_who", "po_cost", "po_contact", "po_relative", "po_queue", "po_referral",
                                "po_diagnosis", "po_age", "po_help_with"})


_WHOM_TO_CALL = re.compile(r"\b(?:vem|vart|var) ringer\b|\bwho do\b|\bvilket nummer\b|\bigen\b")


def asks_only_the_number(text: str) -> bool:
    """"vad hade ni för nr igen": the message asks for a number and says nothing else."""
    return bool(_ONLY_THE_NUMBER.match(fold(text)))


def asks_for_the_office(selected: str, previous_actions: Sequence[str], place_named: bool, place_known: bool,
                        named_authorities: Sequence[str], previous_question: str | None = None,
                        only_the_number: bool = False, authority_before: str | None = None) -> bool:
    """Whether a question is better answered by the office of the person's place.

    "Hur når jag ombuden i Trollhättan?" asks for that office, not for the general way to reach PO (without
    a place in the message, "hur kontaktar jag dem, måste jag ringa?" is answered in general: that answer
    says one may call, text or mail). "Vilket nummer ska jag ringa?" right after an office answer asks for
    the office's number, whichever authority's number the selector picked, and so it does right after an
    answer about getting or reaching an ombud (where no place is known yet, the office answer asks for it), also
    when the selector took a message that `only_the_number` asks ("vad hade ni för nr igen") for another question.
    A named authority wins. A question whose answer is the office's own (the queue) is answered by the
    office of a place named in the message.
    """
    if named_authorities:
        return False
    asked = question(selected)
    if selected == HOW_TO_REACH_PO or (asked is not None and depends_on_the_office(asked)):
        return place_named
    if not (_PHONE_QUESTION.match(selected) or only_the_number):
        return False
    # "vad hade ni för nr igen" with the place known, after no answer about an authority (`authority_before`: the one
    # the answer before explained or heard about), is the office's number.
    asked_again = only_the_number and authority_of(previous_question or "") is None and authority_before is None
    return (place_known and (answered_with_an_office(previous_actions) or asked_again)
            or previous_question in _ABOUT_REACHING_PO)


def follow_up_question(text: str, previous_question: str | None, last_authority: str | None,
                       named_authorities: Sequence[str], authority_explained: bool = False) -> str | None:
    """The question a follow-up asks, or None when it is not one of these follow-ups.

    `previous_question` is the one answered just before (None if the bot answered no question), and
    `last_authority` the authority that answer was about; `authority_explained`: the answer before explained
    that authority as a whole ("vad gör jag med kronofogden?"), and then only how long one has is read from it.
    `named_authorities` are the authorities the message names.
    """
    if authority_explained and last_authority and not previous_question:
        others = [a for a in named_authorities if a != last_authority]
        asks = _shaped_like_a_follow_up(text) and not others and _asks_how_long(fold(text))
        return DEADLINE_QUESTIONS.get(last_authority) if asks else None
    if previous_question and not named_authorities and _shaped_like_a_follow_up(text):
        general = _general_follow_up(fold(text), previous_question, last_authority)
        if general is not None:
            return general
    # Only right after an answer about an authority: the slot keeps the last one for the whole conversation.
    if not previous_question or authority_of(previous_question) is None or not last_authority:
        return None
    if not _shaped_like_a_follow_up(text):
        return None
    folded = fold(text)
    others = [a for a in named_authorities if a != last_authority]
    if others and len(_WORD.findall(folded)) <= MAX_WORDS_NAMING_ANOTHER:
        same_kind = in_context(previous_question, others, last_authority)
        return same_kind if same_kind != previous_question and question(same_kind) is not None else None
    if not others and _asks_how_long(folded):
        return DEADLINE_QUESTIONS.get(last_authority)
    return None


# How to appeal an authority's decision, per authority (Kronofogden's krav is not appealed but disputed).
_APPEAL_QUESTIONS = {"forsakringskassan": "fk_appeal", "ekonomiskt_bistand": "soc_appeal",
                     "arbetsformedlingen": "af_appeal"}


# A decision named as someone's ("migrationsverkets beslut", "en dom från tingsrätten", "beslut om
# parkeringstillstånd"): another body's, which the bot may not know by name (folded).
_ANOTHER_DECISION = re.compile(
    r"\b(?:beslut\w*|dom|domen|domar|avslag\w*) (?:fran|om|hos|av|i)\b"
    r"|\b(?:beslut\w*|avslag\w*) pa (?!(?:min|mitt|mina|din|ditt|hans|hennes|var|vart|deras|ens)\b)\w+"
    r"|\b(?!(?:deras|hans|hennes|dess|ens|hens|ers)\b)\w+s (?:beslut\w*|dom|domen|avslag\w*)\b"
    r"|\b\w{3,}(?:ratt|ratten|rattens|verket|verkets)\b")


# "kan ombudet hjälpa mig överklaga?": an ombud named as the one who helps with the appeal (folded).
_OMBUD_HELPS = re.compile(r"\b(?:ombud\w*|po) (?:kan |ska |skulle |kunde )?(?:hjalpa|stotta)")


def appeal_to_the_authority_named(text: str, selected: str | None, named_authorities: Sequence[str]) -> str | None:
    """"fick nej på försörjningsstöd, hur överklagar man": the one authority named is the one whose decision is
    appealed, whether the selector took the question for appealing a no to an ombud or for appeals in general, also
    when an ombud is to help ("kassan sa nej, kan ombudet hjälpa mig överklaga?"). A no to an ombud ("soc sa nej till
    ombud, kan jag överklaga?") stays about the ombud."""
    named = set(named_authorities)
    about_an_ombud = names_po(text) and not _OMBUD_HELPS.search(fold(text))
    if selected not in (APPEAL_TO_PO, APPEAL_IN_GENERAL) or len(named) != 1 or about_an_ombud:
        return None
    return _APPEAL_QUESTIONS.get(named.pop())


def appeal_to_the_authority_before(text: str, selected: str | None, previous_question: str | None,
                                   last_authority: str | None, authority_explained: bool,
                                   named_authorities: Sequence[str]) -> str | None:
    """"hur skriver man en överklagan?" right after an answer about socialtjänsten asks how to appeal its decision:
    that authority's own answer rather than the general one. Only right after an answer about the authority (the
    slot keeps the last one for the whole conversation), and only when the message names no authority and no other
    body's decision ("hur överklagar jag en dom från tingsrätten")."""
    if (selected != APPEAL_IN_GENERAL or named_authorities or last_authority not in _APPEAL_QUESTIONS
            or _ANOTHER_DECISION.search(fold(text))):
        return None
    about_it = authority_explained or (previous_question is not None
                                       and authority_of(previous_question) == last_authority)
    return _APPEAL_QUESTIONS[last_authority] if about_it else None


def _general_follow_up(folded: str, previous_question: str, last_authority: str | None) -> str | None:
    """"hur får man ett sånt?" after what a SIP (or PO) is asks how to get one. "och om det blir nej?" asks
    how to appeal: to PO after a question about PO, else to the authority (its deadline question says how),
    else in general. "hur lång tid har de på sig?" after an answer that gives the authority's own time asks
    that again; after how to appeal, the authority's time."""
    if _HOW_TO_GET_ONE.search(folded) and previous_question in _HOW_TO_GET:
        return _HOW_TO_GET[previous_question]
    # The authority talked about counts only when the answer before was about it, or about rights in general:
    # the slot keeps the last authority for the whole conversation.
    about = authority_of(previous_question)
    authority = last_authority if about == last_authority or previous_question.startswith("right_") else None
    if _ONLY_THE_NUMBER.match(folded) and authority in AUTHORITY_PREFIX:
        return phone_question(authority)
    if _IF_REFUSED.search(folded):
        if previous_question.startswith("po_"):
            return APPEAL_TO_PO
        return DEADLINE_QUESTIONS.get(authority or "", APPEAL_IN_GENERAL)
    if not _asks_how_long(folded):
        return None
    if previous_question in _GIVES_THEIR_TIME:
        return previous_question
    if previous_question == APPEAL_IN_GENERAL:
        # The general answer gives the usual times; the authority talked about has its own.
        return DEADLINE_QUESTIONS.get(authority or "", APPEAL_IN_GENERAL)
    return None


# "ok men skulderna då?", "och breven": one thing named again, nothing else asked (folded).
_NAMED_AGAIN = re.compile(r"^(?:(?:okej|ok|ja|jaha|aha) )?(?:och|o|a|men|an) (?:med )?(?:(?:mitt|min|mina|det|den) )?"
                          r"(\w+)(?: (?:da|sen|nu))?$")
# Definite and plural endings taken off, longest first: "brevet" and "brev", "skulderna" and "skulder" meet.
_ENDINGS = ("erna", "arna", "orna", "ena", "na", "er", "ar", "or", "et", "en", "n", "t")
# Words that name no thing: "men varför då?" asks why, not about an earlier message that said "varför".
_NAMES_NOTHING = frozenset({"varfor", "vadda", "vadan", "hur", "nar", "vilken", "vilket", "vilka", "annars", "sjalv",
                            "sjalva", "alltsa", "typ", "liksom", "sedan", "efter", "innan", "igen", "ocksa", "detta",
                            "dessa", "sadant", "sant", "sana", "nagot", "nanting", "ingenting", "allt", "resten"})
MIN_STEM = 4
EARLIER_MESSAGES_READ = 5


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[:-len(ending)]
    return word


def named_again(text: str, earlier: Sequence[tuple[str, str | None]]) -> str | None:
    """"men skulderna då?" names again something an earlier message spoke of ("har skulder hos kfm", answered
    about money for today): the question that message was read as. `earlier` holds the person's earlier messages
    with the question each was surely read as (or None), newest first; only the last few count."""
    found = _NAMED_AGAIN.match(fold(text))
    if found is None or found.group(1) in _NAMES_NOTHING:
        return None
    stem = _stem(found.group(1))
    if len(stem) < MIN_STEM:
        return None
    for said, question_key in earlier[:EARLIER_MESSAGES_READ]:
        if stem in {_stem(word) for word in _WORD.findall(fold(said))}:
            return question_key
    return None


def follow_up_wins(selected: str | None, confidence: float, follow_up: str | None) -> bool:
    """Whether a follow-up reading replaces the question selector's pick: always a pick it is unsure of, and any pick
    for a bare "och numret?"; a sure one otherwise only when the follow-up asks how long someone has (or how to
    appeal) and the pick is about no authority
    ("och hur lång tid har jag på mig?" after an answer about Kronofogden, which the selector took for the queue
    to PO)."""
    if follow_up is None:
        return False
    if confidence < SURE_QUESTION or not selected or follow_up in _NUMBER_ANSWERS:
        return True
    return follow_up in _TIME_ANSWERS and authority_of(selected) is None


def _asks_how_long(folded: str) -> bool:
    """How long one has to answer an authority; "hur lång tid har jag på mig att söka ombud?" asks about PO."""
    asks = ((_WHEN.search(folded) and _DEADLINE.search(folded)) or _DEADLINE_ALONE.search(folded)
            or _ONLY_HOW_LONG.match(folded))
    return bool(asks) and not _NAMES_PO.search(folded)


def only_asks_a_follow_up(text: str) -> bool:
    """The whole message is the question how long one has ("och hur lång tid har hen på sig?") or what
    happens after a no ("men om beslutet blir ett nej?"), with nothing more in it that could say something else
    ("… kvar att leva?")."""
    folded = fold(text)
    return bool(_ONLY_HOW_LONG.match(folded) or _ONLY_IF_REFUSED.match(folded))


def asks_only_for_its_number(text: str) -> bool:
    """"Numret.", "tack, numret?": the number of what was just answered, and nothing else; not whom or which number
    to call ("vem ringer jag nu?", "vilket nummer ska jag ringa?"), which may ask for a crisis line."""
    folded = fold(text)
    return bool(_ONLY_THE_NUMBER.match(folded)) and not _WHOM_TO_CALL.search(folded)


def deadline_asked(text: str, selected: str, named_authorities: Sequence[str]) -> str | None:
    """How long one has to answer or appeal, asked about the one authority named ("hur lång tid har ja på
    mej att säja emot kassan"): that authority's deadline question. A pick already about that authority
    stays ("vilket nummer ringer man dit, och hur lång tid har man på sig": the number first, as asked),
    unless a word can only mean the time to appeal ("omprövningstiden hos AF?") and the pick is not its number."""
    if len(set(named_authorities)) != 1:
        return None
    about = named_authorities[0]
    folded = fold(text)
    deadline = DEADLINE_QUESTIONS.get(about)
    if authority_of(selected) == about:
        appeal_time = _APPEAL_TIME.search(folded) and not _PHONE_QUESTION.match(selected)
        return deadline if appeal_time and deadline != selected else None
    return deadline if _asks_how_long(folded) else None


# How long one keeps an ombud, which the selector reads as the queue to one (folded). Not waiting, getting one or an
# answer ("… innan man får ett").
_HOW_LONG = r"\bhur (?:lange|lang tid)\b"
_NOT_WAITING = r"(?:(?!\b(?:vanta\w*|ko|kon|koa|innan|tills|drojer|att fa|o fa|svar\w*|ta sig)\b).)*"
_LASTS = re.compile(_HOW_LONG + _NOT_WAITING
                    + r"\b(?:ha (?:det|den|honom|henne|(?:ett|sitt|mitt|ditt) ombud|ombudet|kvar|kontakt\w*)"
                    r"|har (?:man|jag|ja|ni|folk) (?:det|ett ombud|ombudet|kontakt\w*)|varar|pagar|haller (?:pa|det)"
                    r"|fortsatter|behalla)\b")
# Anywhere in the message, words of waiting for an ombud ("… kön …", "… vänta …").
_WAITS = re.compile(r"\b(?:vanta\w*|ko|kon|koa|koer|kolista\w*|drojer)\b")
QUEUE_QUESTION, STOP_QUESTION = "po_queue", "po_stop"


def lasting_asked(text: str, selected: str) -> str | None:
    """How long the contact with an ombud lasts, read by the selector as the queue: the answer that says it (about a
    year, and one may stop when one wants)."""
    folded = fold(text)
    return STOP_QUESTION if selected == QUEUE_QUESTION and _LASTS.search(folded) and not _WAITS.search(folded) else None


# A follow-up that points back at the topic just answered ("hur gör man för att få en sån då?" after
# what a SIP is) and names no topic of its own: the selector, reading it alone, takes it for the same kind
# of question about PO. The same kind of question about the topic before, per topic (the first part of a key).
SAME_KIND_ELSEWHERE = {
    "po_contact": {"sip": "sip_how", "soc": "soc_apply", "god": "god_man", "debt": "debt_advice"},
    "po_what": {"sip": "sip_what", "god": "god_man", "debt": "debt_advice"},
    "po_appeal": {"fk": "fk_appeal", "soc": "soc_appeal", "af": "af_appeal"},
}
# "vem står för arvodet?": the cost of what the answer before spoke of, named in its definite form, points back too.
_POINTS_BACK = re.compile(r"\b(?:det|den|dit|dar|en sadan|ett sadant|en san|ett sant|sant|sana|sadana"
                          r"|arvodet|avgiften|kostnaden|priset)\b")
_NAMES_A_TOPIC = re.compile(r"\b(?:ombud\w*|ombut\w*|po|sip|god man|gode mannen|forvaltare|skuld\w*|1177)\b")
MAX_FOLLOW_UP_WORDS = 12


def same_topic_as_before(text: str, selected: str, previous_question: str | None,
                         names_an_authority: bool) -> str | None:
    """The same kind of question about the topic answered just before, when a short message points back
    at it and names no topic of its own; None when the pick stands (never the answer just given again)."""
    if previous_question is None:
        return None
    meant = SAME_KIND_ELSEWHERE.get(selected, {}).get(previous_question.partition("_")[0])
    folded = fold(text)
    if (meant is None or meant == previous_question or names_an_authority or _NAMES_A_TOPIC.search(folded)
            or not _POINTS_BACK.search(folded) or len(_WORD.findall(folded)) > MAX_FOLLOW_UP_WORDS):
        return None
    return meant if question(meant) is not None else None


def part_of_the_answer_before(text: str, selected: str, previous_question: str | None,
                              names_an_authority: bool) -> str | None:
    """"Vem ska betala det?" or "kan dom tvinga honom till det?" right after the answer about a god man asks about a
    part of that answer (who pays, consent), not about PO, which the selector reads into it: the question
    before, said again with that part first. Only a short message that points back and names no topic of its
    own."""
    if previous_question is None or selected == previous_question or names_an_authority:
        return None
    folded = fold(text)
    if (_NAMES_A_TOPIC.search(folded) or not _POINTS_BACK.search(folded) or _DET_BEFORE_WHAT.search(folded)
            or len(_WORD.findall(folded)) > MAX_FOLLOW_UP_WORDS):
        return None
    return previous_question if names_a_part(previous_question, text) else None


# "dom", "dem": the authority just answered about, as people name it (folded).
_THEM = re.compile(r"\b(?:dom|de|dem)\b")
MAX_WORDS_ASKING_TO_REACH = 8


def reaching_the_authority_before(text: str, selected: str, authority_before: str | None) -> str | None:
    """"hur når jag dom?" or "VILKET NUMMER SKA MAN RINGA" right after an answer about Arbetsförmedlingen (or a
    problem told about it) asks for its number, not how to reach an ombud or another authority's number, which the
    selector reads into it. Only a short message that points at "them", or asks only the number, and names no
    ombud."""
    if authority_before not in AUTHORITY_PREFIX or names_po(text):
        return None
    folded = fold(text)
    reaching_them = (selected == HOW_TO_REACH_PO and bool(_THEM.search(folded))
                     and len(_WORD.findall(folded)) <= MAX_WORDS_ASKING_TO_REACH)
    if not (reaching_them or asks_only_the_number(text)):
        return None
    meant = f"{AUTHORITY_PREFIX[authority_before]}_phone"
    return meant if question(meant) is not None else None


# "Kostar det nåt att få boendestöd?": "det" stands for what follows, not for the answer before (folded).
_DET_BEFORE_WHAT = re.compile(r"\bdet (?:\w+ )?att\b")


# Answers that say who can have an ombud, starting with the age: a lone number typed right after one of
# them is the person's age ("kan en alkis få ombud?", then "58"), the first answer of the screener.
WHO_FITS_QUESTIONS = frozenset({"po_who", "po_age"})
_LONE_AGE = re.compile(r"^\W*(\d{1,3})(?: ?ar)?\W*$")


def age_after_who_fits(text: str, previous_question: str | None) -> int | None:
    """The age in a message that is only a number, right after an answer about who can have an ombud."""
    if previous_question not in WHO_FITS_QUESTIONS or not (lone := _LONE_AGE.match(fold(text))):
        return None
    stated = age(lone.group(1))
    return stated if isinstance(stated, int) else None


# "kostar dom nånting alls", "är det lång kö dit?": words that point back to what was just said (folded).
_POINTS_BACK_TO_PO = re.compile(r"\b(?:det|dom|de|dem|dar|dit|den|da|sant|sana)\b")
# Words that ask and point but name nothing (folded): a follow-up may hold nothing else besides the words of the
# question it asks ("hur mycket kostar en snara" names a rope, "vad tar bussen hem" a bus).
_ASKS_AND_POINTS = frozenset((
    "vad va hur nar var vart vem vilken vilket vilka varfor det dom de dem dar dit den da sant sana san sa och o men "
    "ok okej typ alls nat nagot nanting nagonting nan nagon man jag ja mig vi oss du ni er hen han hon for pa i av om "
    "till med nu igen ocksa egentligen forresten brukar brukade vara ar e blir bli finns fa far kan ska maste behover "
    "ens lite mycket manga ungefar sen sedan eller en ett").split())
MAX_WORDS_OF_A_PO_FOLLOW_UP = 10
# Words of a question and of a follow-up are the same word when they share this many first letters ("skriva",
# "skriver"); a shorter word of the follow-up must begin the question's ("kö", "kön").
SAME_WORD_PREFIX = 4


def asks_more_about_po(text: str, previous_question: str | None, selected: str | None, confidence: float) -> str | None:
    """Right after an answer about personligt ombud, a short question that points back to it ("kostar dom nånting
    alls", "är det lång kö dit?") asks about PO, whatever the intent model read into it (a
    question outside the bot's field, what the bot can do, a no): the question about PO the selector is sure of,
    when the message names nothing but the words of that question. Anything longer, a statement, a pick about
    something else, or another thing named ("hur mycket kostar en snara") is left to the model."""
    if not previous_question or not previous_question.startswith("po_"):
        return None
    asked = question(selected) if selected and selected.startswith("po_") and confidence >= SURE_QUESTION else None
    if asked is None:
        return None
    words = _WORD.findall(fold(text))
    named = [word for word in words if word not in _ASKS_AND_POINTS]
    of_the_question = [word for word in _WORD.findall(fold(asked.title)) if word not in _ASKS_AND_POINTS]
    shaped = _POINTS_BACK_TO_PO.search(" ".join(words)) and (_shaped_like_a_follow_up(text) or asks_something(text))
    if len(words) > MAX_WORDS_OF_A_PO_FOLLOW_UP or not shaped:
        return None
    return asked.key if all(any(_same_word(word, own) for own in of_the_question) for word in named) else None


def _same_word(word: str, own: str) -> bool:
    if min(len(word), len(own)) < SAME_WORD_PREFIX:
        return own.startswith(word)
    return word[:SAME_WORD_PREFIX] == own[:SAME_WORD_PREFIX]
