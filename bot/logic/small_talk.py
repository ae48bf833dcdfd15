"""Small talk the intent model read into a message that is not small talk.

"Skriver de ner något om mig?" came back as "are you a bot?", and "va. så kommunen kan bara säga
nej och sen e det kört" as a plain yes: the model learnt those intents from short messages and
matches their shape, not their sense. A question about the bot speaks to the bot ("du", "ni",
"robot", "någon där"); a long yes has a yes in it; a greeting followed by a question ("hej hej, vad
kostar det att ha ombud") asks that question, and so does a no or an okay followed by one ("okej.
behöver man betala?"); Swedish words read as another language are Swedish.
Without that, the message is read again as a question (bot/nlu/small_talk_check.py decides which).
"""
from __future__ import annotations

import re

from bot.logic.follow_up import asks_only_the_number
from bot.logic.language import clearly_swedish
from knowledge.text import fold

BOT_CHALLENGE, AFFIRM, DENY, GREET, OTHER_LANGUAGE, THANK = (
    "bot_challenge", "affirm", "deny", "greet", "other_language", "thank")
# A misread greeting is read again only as the question the selector is sure of: a hello with a vague
# wish ("hej, jag undrar en sak") is well met by the greeting and the menu. A no with a question the selector is
# unsure of stays a no: it may answer the bot's own yes/no question (consent to keep a note, resuming a form), which
# a guess would leave unanswered.
GUESSED_WHEN_UNSURE = frozenset({BOT_CHALLENGE, AFFIRM, OTHER_LANGUAGE, THANK})
# Where the NLU output keeps the model's own reading when it is changed: while the bot stays with a
# person after a crisis reply or a check-in, a yes stays a yes (bot/actions/crisis.py).
MISREAD_KEY = "misread_small_talk"
# Words that speak to the one who answers, or name what it might be (folded).
_SPEAKS_TO_THE_BOT = re.compile(
    r"\b(?:du|dig|din|ditt|ni|er|bot|botten|\w*robot\w*|chatt?bot\w*|chatt?en|manniska\w*|manniskor|dator\w*|ai"
    r"|maskin\w*|person|personen|personer|riktig\w*|akta|program\w*|automat\w*|gpt|chatgpt|you|human|real|machine"
    r"|vem (?:ar det|svarar|skriver|pratar)|(?:pratar|skriver) jag med|andra sidan"
    r"|(?:nan|nagon) (?:dar|som svarar|som skriver|som laser))\b")
# A yes, however it is said (folded).
_SAYS_YES = re.compile(
    r"\b(?:ja+|jaja|jada|jajamen|japp|jepp|jo|yes|yeah|yep|sure|ok|okej|okey|okay|oki|absolut\w*|visst|garna"
    r"|stammer|precis|kor|exakt|korrekt|ratt|sjalvklart|later bra|gor det|funkar|varfor inte|mhm+|mm+|nickar"
    r"|haller med|gar bra|sager ja)\b|👍")
# A yes the model is sure of may still come in a long message ("ja, min klient har sagt att det går bra att
# ni ringer henne"); without any yes in it, a message this long is not one.
MIN_WORDS_OF_A_MISREAD_YES = 6
_WORD = re.compile(r"\w+")
# "hej hej, vad kostar det att ha ombud": a greeting, then a question (folded).
_GREETING = re.compile(r"^\W*(?:hej\w*|halla+|tja\w*|tjen\w*|god (?:morgon|dag|middag|eftermiddag|kvall)|goddag"
                       r"|hi|hello|hey|salam)\b(?:\W*(?:hej\w*|igen|allihop|pa (?:dig|er)|laget"
                       r"|hur (?:e|ar|ser) (?:laget|det ut|det)|hur mar (?:du|ni)|hur gar det|how are you)\b)*\W*")
# A question word, or a verb with its subject after it ("kan jag", "finns det"): "hej, kan inte sova" is no question.
_ASKS = re.compile(r"^(?:vad|hur|var|vart|vem|vems|nar|vilk\w+|varfor|kostar|har (?:ni|du|dom|de|man)\b"
                   r"|(?:kan|far|maste|behover|ska|finns|galler|funkar) (?:jag|ja|man|ni|du|dom|de|det|en|ett|min|mitt"
                   r"|mina|han|hon|hen|nagon|nan)\b)")
MIN_WORDS_OF_A_QUESTION_AFTER_A_GREETING = 3
# "okej. behöver man betala?", "nej men vad kostar det då", "skit samma, vad …": a no, an okay or a never mind, then a
# question (folded).
_NO_OR_OKAY = re.compile(r"^\W*(?:(?:nej|nae|na|nope|no|ok|okej|okey|okay|aha|jaha|men|tack|glom det|strunt i det"
                         r"|skit i det|skit samma|forresten)\b\W*)+")
# "nej, kan jag inte", "nej vad synd": a no said with a verb first, or an exclamation, asks nothing.
MIN_WORDS_OF_A_QUESTION_AFTER_A_NO = 3
_NEGATION = re.compile(r"\b(?:inte|ej|aldrig|icke)\b")


# "Är det en maskin jag skriver till?": asked outright, whatever the model read into it, the bot says what it is
# (folded; a sentence that asks nothing else, in a message whose other questions, if any, ask the same).
_WHAT_ONE_TALKS_TO = (
    r"(?:(?:en|ett|nan|nagon|a|an|bara|just|only) )*(?:(?:sorts|slags|kind of|riktig|verklig|akta|levande|vanlig"
    r"|real|live|actual) )*(?:person|manniska|robot|robbot|rebot|bot|bott|chatt?bot|datorprogram|dator|ai tjanst|ai"
    r"|maskin|program|human being|human|machine|computer program|computer|chatgpt|gpt|artificiell intelligens"
    r"|automated|bemannad chatt)")
_ASKS_IF_BOT = re.compile(
    r"^\W*(?:(?:men|och|o|fast|ursakta|forlat|alltsa|vanta|sorry|but|so|hello|hi|hey|hej|halla+|forresten|seriost"
    r"|btw|quick question|hmm+)\W+)*"
    r"(?:(?:(?:talar|pratar|skriver|chattar|snackar) (?:jag|ja|man|vi) med"
    r"|(?:jag undrar|undrar|far jag fraga|kan jag fraga) om (?:jag|ja|man|vi) (?:talar|pratar|skriver|chattar) med"
    r"|(?:ar|e) (?:du|ni|det|de|dom|det har|detta)|sitter (?:det|de|dom)|svarar (?:det )?"
    r"|(?:am i|are we) (?:talking|chatting|speaking) (?:to|with)|(?:are|r) (?:you|u)|is (?:this|it|there)) "
    + _WHAT_ONE_TALKS_TO + r"|(?:ar|e) (?:du|ni) pa riktigt)" +
    r"(?:\W+(?:eller|elr|el|forresten|egentligen|pa riktigt|nu|har|da|dar|or|not|now|then|here|there|btw"
    r"|eller inte|eller vad|on the other (?:side|end)|pa andra sidan|pa (?:det har|detta)"
    r"|(?:som|och) (?:svarar|skriver|laser)(?: mig| har)?"
    r"|(?:som )?(?:jag|ja|vi) (?:skriver|pratar|chattar|talar) (?:med|me|till)"
    r"|(?:ar|e) (?:du|det) " + _WHAT_ONE_TALKS_TO + "|" + _WHAT_ONE_TALKS_TO + r"))*\W*$")
# Another question beside it that asks the same ("vem svarar egentligen? är du en människa").
_ASKS_THE_SAME = re.compile(r"^\W*(?:(?:hej|forresten|men|och|okej) )*(?:vem (?:ar du|svarar|skriver|ar det som svarar)"
                            r"(?: egentligen)?|who are you|stammer det|ar det sant|gor jag det|is that true)\W*$")
# A yes or a no answers something else ("nej, är ni en maskin?" to "Vill du skicka den?"), which must not be lost.
_YES_OR_NO = re.compile(r"^\W*(?:ja|jo|japp|jepp|nej|nae|na|yes|yeah|yep|no|nope)\b")
_SENTENCE = re.compile(r"[^.?!]+[.?!]*")


def asks_if_bot(text: str, alone: bool = True) -> bool:
    """Whether a sentence of the message asks outright if a person or a program answers ("är du en riktig person?");
    `alone`: and the message says nothing else but hello (another sentence may be an answer, to a form or to the
    check-in, which must not be lost)."""
    sentences = [fold(sentence) for sentence in _SENTENCE.findall(text)]
    asking = [sentence for sentence in sentences if _ASKS_IF_BOT.match(sentence)]
    return bool(asking) and (not alone or all(sentence in asking or _ASKS_THE_SAME.match(sentence)
                                              or not _GREETING.sub("", sentence, count=1).strip()
                                              for sentence in sentences))


# "tack. kan jag få numret dit också", "tack! får man ta med sin syster till mötet?": thanks, then a question (folded).
_THANKS_FIRST = re.compile(r"^\W*(?:tusen |stort )?(?:tack\w*|thanks|thank you|thx)\b"
                           r"(?: (?:sa mycket|so much|a lot))?\W*(?:(?:och|o|a|men|sen|and) )?")
# "tack ska du ha", "tack! vad snabbt": courtesy and exclamations, not questions.
_COURTESY = re.compile(r"^(?:ska (?:du|ni) ha|hur som helst|(?:vad|va) (?:du|ni) (?:ar|e)\b"
                       r"|(?:vad|va|sa|hur|how|what a) (?:bra|snabbt|skont|fint|snallt|snall|kul|roligt|gott"
                       r"|harligt|smidigt|enkelt|tydligt|glad|lattad|underbar\w*|gullig\w*|trevlig\w*|nice|great|kind"
                       r"|quick))\b")


# A digit or an "@" may be the number or the address a form asked for, given with the question.
_MAY_HOLD_AN_ANSWER = re.compile(r"[\d@]")


def asks_only_what_the_bot_is(text: str, intent: str) -> bool:
    """Whether a message typed where a form waits for an answer only asks whether a person or a program answers: in so
    many words, or read so by the model in one sentence that speaks to the bot, with no yes, no, number or address
    that may be the answer."""
    if asks_if_bot(text):
        return True
    return (intent == BOT_CHALLENGE and not misread_small_talk(text, BOT_CHALLENGE)
            and len([s for s in _SENTENCE.findall(text) if fold(s).strip()]) == 1
            and not _MAY_HOLD_AN_ANSWER.search(text) and not _YES_OR_NO.match(fold(text)))


# A bare number ("31", "22 år") answers something (an age, how long) that only the conversation knows: whatever
# the model read into it ("31" as goodbye, "22 år" as changing an answer, "65 år" as a place), it is read as
# unsure, which a form takes as its answer and elsewhere gets a guess with choices. Crisis is never overruled,
# nor the model's reading of "112" as a question about a line; longer numbers (1177, 90101, a year) keep the
# model's reading whatever it is.
KEPT_FOR_A_BARE_NUMBER = frozenset({"crisis", "ask_crisis_line", "nlu_fallback"})
_BARE_NUMBER = re.compile(r"\W*\d{1,3}\W*(?:ar)?\W*")


def misread_bare_number(text: str, intent: str) -> bool:
    """Whether `text` is only a number, read as something a number cannot say on its own."""
    return intent not in KEPT_FOR_A_BARE_NUMBER and bool(_BARE_NUMBER.fullmatch(fold(text)))


def misread_small_talk(text: str, intent: str) -> bool:
    """Whether `intent` (small talk, or another language) cannot be what `text` means."""
    folded = fold(text)
    if intent == BOT_CHALLENGE:
        return not _SPEAKS_TO_THE_BOT.search(folded)
    if intent == AFFIRM:
        return len(_WORD.findall(folded)) >= MIN_WORDS_OF_A_MISREAD_YES and not _SAYS_YES.search(folded)
    if intent == OTHER_LANGUAGE:
        # "okej. och brevet då?": Swedish the model took for another language is Swedish not understood.
        return clearly_swedish(text)
    if intent == GREET:
        rest = _GREETING.sub("", folded, count=1)
        return (rest != folded and len(_WORD.findall(rest)) >= MIN_WORDS_OF_A_QUESTION_AFTER_A_GREETING
                and bool(_ASKS.search(rest)))
    if intent == THANK:
        rest = _THANKS_FIRST.sub("", folded, count=1)
        return (rest != folded and bool(_WORD.search(rest)) and not _COURTESY.match(rest)
                and ("?" in text or bool(_ASKS.match(rest)))) or asks_only_the_number(text)
    if intent == DENY:
        rest = _NO_OR_OKAY.sub("", folded, count=1)
        return (rest != folded and len(_WORD.findall(rest)) >= MIN_WORDS_OF_A_QUESTION_AFTER_A_NO
                and bool(_ASKS.search(rest)) and not _NEGATION.search(rest))
    return False
