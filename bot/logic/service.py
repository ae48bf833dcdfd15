"""Questions about the chat service itself: reading aloud, larger text, a link or QR code to share,
what is kept. The answers describe this product, so they live with it (domain.yml), not in knowledge/.

The intent `ask_capabilities` says a message is about the service; which part of it is read from
its words, because there are only a few and their words are distinctive.
"""
from __future__ import annotations

import re

from bot.logic.about_whom import someone_else
from bot.logic.questions import OFFERS, SURE_QUESTION
from bot.logic.say import Button, Say
from knowledge.queries import authorities_mentioned
from knowledge.text import fold

SERVICE_INTENT = "ask_capabilities"
READ_ALOUD, LARGER_TEXT, SHARE, PRIVACY, REQUEST, GENERAL = (
    "read_aloud", "larger_text", "share", "privacy", "request", "general")
# Things that pass the service on (folded).
_LINK_WORDS = r"(?:direkt|webb)?lank\w*|qr\w*|broschyr\w*|affisch\w*"

_TOPICS = (
    (READ_ALOUD, re.compile(r"\b(?:las\w* upp|upplas\w*|hogt|ljud\w*|rost|lyssna|talsyntes|skarmlasare|"
                            r"prata istallet|read\w* (?:aloud|out))\b|\bsvart att lasa\b|\bkan inte lasa\b")),
    (LARGER_TEXT, re.compile(r"\b(?:storre|forstora\w*|zoom\w*|kontrast|synen|ser daligt|textstorlek\w*|"
                             r"bokstav\w*|bigger|larger)\b|\b(?:for|sa) (?:liten|sma)\b")),
    (SHARE, re.compile(rf"\b(?:{_LINK_WORDS}|dela\w*|tipsa\w*|vantrum\w*|link)\b|"
                       r"\bskicka\w* (?:den|det|sidan|chatten) (?:vidare|till)\b|\bkort att skriva ut\b")),
    (PRIVACY, re.compile(r"\b(?:spara\w*|sparas|logg(?:ar|as|ade)|lagra\w*|anonym\w*|radera\w*|privat\w*|gdpr|"
                         r"var hamnar|vem (?:kan )?las\w*|tystnadsplikt)\b|"
                         r"\b(?:far|kan) (?:soc|fk|forsakringskassan|kronofogden|nagon|nan) (?:se|veta|lasa)\b|"
                         r"\bskickas (?:det|detta|chatten)\b|\bhamnar (?:det|detta|det har)\b|"
                         r"\bser (?:soc|kommunen|fk|polisen|nagon|nan) vad jag skriv\w*")),
    # "Kan jag skicka en förfrågan här?": whether the bot passes a request on to an ombud, not one already sent
    # ("kan jag ändra min förfrågan", "går min förfrågan till soc?").
    (REQUEST, re.compile(r"\b(?:skicka|gora|lamna|fa gora|send|make) (?:en |nagon |nan |a )?"
                         r"\w*(?:forfr[ao]gan|request)\b|"
                         r"\b(?:be|fa) (?:ett |nagot |nat |nan |nagon |om )?ombud\w* (?:att )?"
                         r"(?:ringa|hora av sig|hora av sej|kontakta)")),
)


def service_topics(text: str) -> list[str]:
    """The parts of the service a message asks about, in the order above; GENERAL when none is named."""
    folded = fold(text)
    found = [topic for topic, words in _TOPICS if words.search(folded)]
    # "sparas min förfrågan?" asks about that other part, not whether a request can be made.
    return [topic for topic in found if topic != REQUEST or len(found) == 1] or [GENERAL]


OFFER_A_REQUEST = "Vill du att ett ombud hör av sig?"


def offer_a_request() -> Say:
    """Asked whether the bot passes a request on: the way to make one, as a button."""
    return Say(text=OFFER_A_REQUEST, buttons=(Button(*OFFERS["ask_human"]),))


# Words that speak to the bot or name the service (folded; "har" is also "här").
_TO_THE_SERVICE = re.compile(r"\b(?:du|dig|din|ditt|ni|er|chatt\w*|bot\w*|tjanst\w*|sidan|sajt\w*|ombudsguiden|har|"
                             r"anvand\w*|appen|you|this)\b")


def speaks_to_the_service(text: str) -> bool:
    return bool(_TO_THE_SERVICE.search(fold(text)))


def asks_a_known_question_instead(text: str, selector_confidence: float) -> bool:
    """"Är det ofta väntetid hos dom?", read as a question about the service, names no part of it and does not
    speak to the bot: a question the selector is sure of is that question. Among the training examples about the
    service in general that do not speak to the bot, the selector was sure of none."""
    return (service_topics(text) == [GENERAL] and not speaks_to_the_service(text)
            and selector_confidence >= SURE_QUESTION)


# "behöver nån som hjälper mig", "söker hjälp": help wished for, not a question about the service (folded).
_WISHES_FOR_HELP = re.compile(r"\b(?:behover|vill ha|soker|letar efter) (?:(?:nog|verkligen|bara|garna|lite) )?"
                              r"(?:nan|nagon|hjalp|stod)\b")


def wishes_for_help(text: str) -> bool:
    """Whether a message about the service in general only says the person needs someone to help them (with no
    authority named, which its own answer serves better)."""
    return (service_topics(text) == [GENERAL] and not speaks_to_the_service(text) and not authorities_mentioned(text)
            and someone_else(text) is None
            and bool(_WISHES_FOR_HELP.search(fold(text))))


# Asking for a way to pass this service on, and words that name the service itself (folded). Narrower than
# the SHARE topic above, which only says which part of the service an ask_capabilities message is about:
# "tipsade om guiden" tells where the person heard of it, "e-tjänsten" is an authority's.
_PASS_ON = re.compile(rf"\b(?:{_LINK_WORDS}|tipsa(?:r)?|"
                      r"dela (?:den|guiden|lanken)|skicka\w* (?:den|chatten|guiden) vidare)\b")
_THE_SERVICE = re.compile(r"\b(?:ombudsguiden|guiden|chatt?bot\w*|boten|(?:den har|er|din) tjanst\w*)\b")
# Words that name this service only where no authority is named: "chatten" may be an authority's ("länken till
# chatten hos Försäkringskassan"), and so may the link shared ("dela länken med klienterna", not "dela länken
# till ansökan").
_OURS_UNLESS_NAMED = re.compile(
    r"\bchatten\b|\bdela lanken\b(?! till)|\b(?:skicka|dela|tipsa om) (?:den har|denna) lanken?\b")


def asks_to_share_the_service(text: str) -> bool:
    """"Kan jag få en direktlänk till guiden?", "vill tipsa klienter om chatten": passing this service on,
    which the intent model, trained mostly on people's own questions, reads as a question about an office
    or an ombud. "Chatten" and "dela länken" count only where no authority is named, whose they could be."""
    folded = fold(text)
    if not _PASS_ON.search(folded):
        return False
    ours_unless_named = bool(_OURS_UNLESS_NAMED.search(folded)) and not authorities_mentioned(text)
    return bool(_THE_SERVICE.search(folded)) or ours_unless_named
