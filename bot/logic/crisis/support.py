"""Staying with the person after a crisis reply: what each next message means, and what to do.

After the crisis numbers the bot does not return to where it was. It listens: "ingen svarar" gets
other ways to reach help, "jag är ensam" gets support and the numbers again, new words of danger
get the crisis reply again. It leaves this mode only when the person clearly moves on: says they
are safe or better, asks about something the bot answers (named in words: "vad är poängen?" is not
such a question here), or wants to stop. An interrupted form is never resumed on its own: the bot asks first.
"""
from __future__ import annotations

import re

from bot.logic.crisis.assessment import NONE, assess
from bot.logic.crisis.lexicon import near, words
from bot.logic.crisis.normalise import normalise
from bot.logic.language import ENGLISH, SWEDISH
from bot.logic.offices import OfficeDecision, decide_office, decide_place, names_a_sure_place
from bot.logic.questions import SURE_QUESTION, depends_on_the_office
from bot.logic.several_questions import asks_something
from bot.logic.small_talk import BOT_CHALLENGE, asks_if_bot, misread_small_talk
from knowledge.queries import authorities_mentioned, find_municipality
from knowledge.records import PlaceMatch, Question
from knowledge.text import fold

# What a message in the supportive mode means.
DANGER_AGAIN, NO_ANSWER, ALONE, HELP_COMING, SETTLED, OTHER_TOPIC, STOP, LISTENING, ASKS_IF_BOT = (
    "danger_again", "no_answer", "alone", "help_coming", "settled", "other_topic", "stop", "listening", "asks_if_bot")
# After a check-in question: the person said it is a crisis, said it is not, or wrote something else.
CONFIRMED, NOT_A_CRISIS = "confirmed", "not_a_crisis"
# The check-in answered with the place of the office asked about: that office is described next.
PLACE_FOR_THE_OFFICE = "place_for_the_office"
# Languages the answer after a check-in is given in (in English only where its facts are written in English).
ANSWERED_LANGUAGES = frozenset({SWEDISH, ENGLISH})
# Modes in which a message is read, and which of them end the mode.
ENDS_SUPPORT = frozenset({SETTLED, OTHER_TOPIC, STOP, NOT_A_CRISIS, PLACE_FOR_THE_OFFICE})
CRISIS_LINE_INTENT = "ask_crisis_line"
# Intents that ask about something else: a clear move on, answered after the supportive mode ends.
TOPIC_INTENTS = frozenset({
    "faq", "find_office", "inform_place", "check_eligibility", "prepare_contact", "ask_authority", "authority_gap",
    "report_obstacle", "ask_term", "ask_human", "what_is_po", "relative_help", "withdraw_request", "ask_capabilities",
    CRISIS_LINE_INTENT, "no_money", "inform_homeless",
})
STOP_INTENTS = frozenset({"stop_questions", "restart", "goodbye"})
# The best reading after `crisis` at this probability or more was the classifier's first: crisis came below it.
QUESTION_FIRST = 0.5
# With it, the selector must be this sure of the question (below, its pick is often a catch-all).
FAIRLY_SURE_QUESTION = 0.7
# Confidence above which a topic intent counts as a clear move on (below it, the person is listened to).
CLEAR_TOPIC_CONFIDENCE = 0.6
# Asking for the office in a named place is a clear move on at any confidence; only saying where one
# is ("jag är vid västerbron i stockholm") is not.
OFFICE_INTENTS = frozenset({"find_office", "inform_place"})
_ASKS_FOR_AN_OFFICE = re.compile(r"\b(?:ombud\w*|finns (?:det|nat|nagot|nagra)|bor)\b")
_LIVES = re.compile(r"\b(?:bor|bosatt|skriven|kommer fran)\b")

_NO_ANSWER = re.compile("|".join([
    near(words("ingen", "ingen som", "ingen av dem"), words("svarar", "svarade", "tar", "svara", "lyfter"), gap=2),
    # "dom svarar inte", "det tar ingen", "de vill inte svara", "dom har slutat svara": only with the no; "vad säger jag
    # när de svarar?" is no such thing, nor "det tar aldrig (nånsin) slut".
    r"(?!.*\bslut\b)" + near(words("dom", "de", "det"), words("svarar", "svarade", "svara", "lyfter"),
                             words("inte", "int", "ej", "aldrig", "ingen"), gap=2),
    near(words("dom", "de"), "tar", words("inte", "int", "ej", "aldrig"), gap=1), r"\bdet tar ingen\b",
    near(words("dom", "de"), words("inte", "int", "ej", "aldrig", "slutat"), words("svara", "svarar", "lyfta", "lyfter"),
         gap=2),
    r"\b(?:upptaget|upptagen|kom inte fram|kommer inte fram|far vanta|stangt|tuut|tut)\b",
    r"\b(?:lang|jattelang|sjukt lang|sa lang) ko\b", r"\bkon (?:ar |var )?(?:\w+ )?(?:lang|jattelang)\b",
    near("ringt", words("men", "utan"), gap=3), r"\b(?:nobody|no one|noone) (?:answers|answered|picks up)\b",
    r"\b(?:busy|can not get through|could not get through|no answer)\b",
]))
_ALONE = re.compile("|".join([
    r"\bensam\w*\b", near("ingen", words("har", "hos mig", "hemma", "bryr sig", "att ringa", "att prata med"), gap=1),
    near("sjalv", words("hemma", "har"), gap=1), r"\b(?:alone|by myself|on my own|no one here|nobody here)\b",
]))
_HELP_COMING = re.compile("|".join([
    near(words("ambulansen", "polisen", "de", "dom", "mamma", "pappa", "min van", "nagon"),
         words("kommer", "ar pa vag", "har kommit", "ar har"), gap=1),
    near("har", "ringt", words("dem", "ambulans", "ambulansen", "polisen"), gap=1), r"\bringt 112\b",
    r"\b(?:they are coming|ambulance is coming|help is coming|on their way)\b",
]))
_SETTLED = re.compile("|".join([
    near("mar", words("battre", "bra", "okej", "ok", "lite battre"), gap=1),
    near(words("det", "allt"), words("ar", "kanns"), words("ok", "okej", "lugnt", "battre", "bra"), gap=1),
    near("jag", words("klarar mig", "ar trygg", "ar saker", "ar inte i fara", "ska inte gora nagot"), gap=1),
    near(words("har", "fick"), words("pratat", "prata", "talat"), words("med", "med dem", "med nagon"), gap=1),
    near("tack", words("for hjalpen", "det hjalpte", "nu"), gap=1),
    r"\b(?:feel better|i am ok|i am okay|i am safe|it is ok now|thanks for the help)\b",
]))
# Words of going on struggling (normalised). The lexicon reads them calmly in a first message ("orkar inte ringa
# FK igen", "kan inte mer om det"), but after a crisis reply they say the person is not through it: the bot stays.
_STILL_STRUGGLING = re.compile("|".join([
    r"\b(?:orkar|orka|pallar|palla|klarar|klara) (?:\w+ )?(?:inte|int|ej|inget|ingenting)\b",
    r"\bkan (?:inte|int|ej) (?:mer|mera|langre)\b", r"\bvill (?:inte|int|ej) (?:mer|mera|langre)\b",
    r"\b(?:star|sta) (?:inte|int) ut\b", r"\bger upp\b", r"\bgive up\b",
    r"\b(?:can ?not|can t|cant) (?:take (?:it|this|any ?more)|do this|go on|keep going|handle|cope|anymore|any more)\b",
]))
# Words that name something the bot answers about (normalised). After a crisis reply a message holding none of
# them, nor an authority, is not taken for a move to another topic, however sure the classifier is: "vad är
# poängen?" and "finns ingen som bryr sig" read as questions the bot could answer, and there they are an answer.
# Each word is narrowed to its sense as a topic: a decision, letter or debt received ("har fattat mitt beslut",
# "mamma hittar brevet", "all skuld ligger på mig", "I have made my decision" may be goodbyes), money lacked, not
# given away, a queue waited in ("mitt liv är en enda kö" asks about none).
_TOPIC_WORDS = re.compile(r"\b(?:" + "|".join([
    r"ombu\w*", r"po", r"kommun\w*", r"kontor\w*", r"myndighet\w*", r"handlaggar\w*", r"kassan", r"a ?kassa\w*",
    r"soc|socen|soccen|socialen|socialtj\w*|socialsekret\w*|socialbidrag\w*", r"bistand\w*",
    r"forsorjningsstod\w*", r"\w*ersattning\w*", r"sjukpenning\w*", r"sjukskriv\w*", r"ansok\w*",
    r"(?:fatt|fick|far) (?:ett |nagra |massa )?(?:beslut|brev)", r"(?:beslut|beslutet|brev|brevet) (?:fran|om)",
    r"avslag\w*", r"overklag\w*", r"omprov\w*", r"remiss\w*", r"diagnos\w*", r"journal\w*", r"akten",
    r"tystnadsplikt\w*", r"sekretess\w*", r"anonym\w*", r"fullmakt\w*", r"anhorig\w*", r"tolk|tolken|tolkar",
    r"skulder\w*", r"skuldsaner\w*", r"skuldrad\w*", r"skuld (?:till|hos)", r"rakning\w*", r"hyresskuld\w*",
    r"avgift\w*", r"kostar", r"gratis", r"betala|betalar|betalning\w*", r"inga pengar (?:till|att betala|kvar till)",
    r"vardcentral\w*", r"lakar\w*", r"mote|motet|moten", r"forfragan\w*", r"kon", r"(?:i|lang|stal?) ko", r"ko (?:till|hos)",
    r"kontakten", r"bup", r"sgi", r"bestrid\w*", r"\w*forelaggande\w*",
    r"god man", r"forvaltare\w*", r"sip", r"lss", r"bostad\w*", r"checklist\w*",
    r"request", r"appointment", r"office", r"letter from", r"decisions? (?:from|about|on)",
    r"(?:got|get|received) (?:a |the )?decision", r"appeal\w*", r"interpreter", r"benefit\w*", r"debts? (?:to|with)",
    r"debt collect\w*", r"cost|costs", r"free of charge",
]) + r")\b")
# An authority named counts as a topic, except care ("psyk", "vården"), which a person in crisis names too.
_CARE = "psykiatri_1177"
_YES = re.compile(r"^(?:ja|japp|jo|ja det ar det|ja jag ar|yes|yeah|ja tyvarr)\b")
# "typ", "kanske", "lite" are a yes to the check-in, unless a number follows: "typ sen gymnasiet, så
# 12-13 år?" answers the screener's question that the check-in interrupted.
_HEDGED_YES = re.compile(r"^(?:typ|kanske|lite)\b")
_SENTENCE_END = re.compile(r"[.?!]+")
_WORDS = re.compile(r"\w+")
_NUMBER = re.compile(r"\d")
# Words that speak to the bot (normalised).
_TO_THE_BOT = re.compile(r"\b(?:du|dig|din|ni|er|you)\b")
_NO = re.compile(r"^(?:nej|nae|na|nope|no|inte alls|nej nej|nej jag menade|jag menade inte|nej det var inte)\b")
# Only a no, with nothing else said (folded).
_ONLY_NO = re.compile(r"(?:nej|nae|na|nope|no|inte alls)(?: (?:nej|tack|inte alls|det ar jag inte|det gor jag inte"
                      r"|jag ar inte i fara|inte nu))*")


def answers_with_the_check_in(lexicon_level: str, best_intent: str | None, best_confidence: float,
                              asked: Question | None, selector_confidence: float, form_wants_free_text: bool,
                              language: str, guessed: bool = False, office_asked_by_name: bool = False) -> bool:
    """A check-in only the classifier asked for, on a message that asks one of the known questions: the
    selector is sure of it ("kostar det verkligen ingenting alls? vill inte ha nån faktura"), or fairly sure of it
    where the classifier's own best reading was a question and `crisis` came below it ("vad gör ombuden egentligen
    för nåt"). The question is answered after the check-in, and the check-in is asked again last, also in the
    middle of a form whose question has a short answer (a plain answer to it never gets here). The check-in and
    its numbers always come first; words the lexicon reads as crisis, a question the selector is unsure of, a pick
    that is only the selector's catch-all guess (`guessed`: what an authority nobody spoke of does, for "vad ska
    jag göra nu"), a form waiting for the person's own words (the message may be them), an answer about the
    person's own office (it may ask back where they live, and "hur länge dröjer det innan nån märker" reads as the
    queue) unless `office_asked_by_name` (the place is known and the message names the topic: "hur lång är kön
    dit egentligen"), or a language other than Swedish and English keep the check-in alone (docs/crisis.md)."""
    read_as_the_question = selector_confidence >= SURE_QUESTION or (
        best_confidence >= QUESTION_FIRST and selector_confidence >= FAIRLY_SURE_QUESTION and not guessed)
    return (lexicon_level == NONE and best_intent == "faq" and asked is not None and read_as_the_question
            and (office_asked_by_name or not depends_on_the_office(asked))
            and not form_wants_free_text and language in ANSWERED_LANGUAGES)


def own_office_asked_by_name(text: str, kommun_code: str | None, area: str | None, homeless: bool = False) -> bool:
    """"hur lång är kön dit egentligen" after an office answer: the message names the topic, and the person's office is known,
    down to the part of town where the kommun has several (otherwise the answer would ask back)."""
    if not kommun_code or not names_a_topic(text):
        return False
    decision = decide_office(kommun_code, area, homeless)
    return decision is not None and not decision.needs_area


def names_a_topic(text: str) -> bool:
    """The message names something the bot answers about: a word of its topics or an authority other than care.
    A place is read where an office is asked for (below); a number is not a topic: "om 2 timmar är allt över"."""
    return bool(_TOPIC_WORDS.search(normalise(text))) or _names_an_authority_but_care(text)


def _names_an_authority_but_care(text: str) -> bool:
    return any(authority.key != _CARE for authority in authorities_mentioned(text))


def office_asked_with_the_check_in(lexicon_level: str, best_intent: str | None, text: str,
                                   form_wants_free_text: bool, language: str) -> tuple[PlaceMatch, OfficeDecision] | None:
    """A check-in only the classifier asked for, on a message that asks for the office in a place named for sure
    ("ska flytta till Luleå i höst, har dom ombud där"): that place and its office decision, described after the
    check-in as a known question is. Words the lexicon doubted, a form waiting for the person's own words, a
    language other than Swedish, or a kommun whose part of town must be asked first keep the check-in alone."""
    if lexicon_level != NONE or best_intent not in OFFICE_INTENTS or form_wants_free_text or language != SWEDISH:
        return None
    place = decide_place(find_municipality(text)).sure if _ASKS_FOR_AN_OFFICE.search(normalise(text)) else None
    decision = decide_office(place.kommun_code, place.area) if place is not None else None
    return (place, decision) if place is not None and decision is not None and not decision.needs_area else None


def _names_a_topic_or_asks_for_a_line(text: str, intent: str) -> bool:
    # Asking which line to call is answered with the lines, which is what the person needs either way.
    return intent == CRISIS_LINE_INTENT or names_a_topic(text)


def read_support_message(text: str, intent: str, confidence: float, danger: bool, doubt: bool = False) -> str:
    """What a message means while the bot stays with the person. `danger`: the crisis assessment fired;
    `doubt`: it saw signs it was unsure of, and then the person is listened to, never let go ("jag mår
    bättre nu, men står på bron"); so are words of going on struggling ("bor i Lund, orkar inte")."""
    if danger:
        return DANGER_AGAIN
    normalised = normalise(text)
    if _NO_ANSWER.search(normalised):
        return NO_ANSWER
    if _HELP_COMING.search(normalised):
        return HELP_COMING
    if _ALONE.search(normalised):
        return ALONE
    # The listening reply ("Jag läser det du skriver") may be taken for a person's: asked, the bot says what it is, also
    # beside other words and words of doubt, since that reply gives the lines too and keeps the person here.
    if asks_if_bot(text, alone=False) or (intent == BOT_CHALLENGE and not misread_small_talk(text, BOT_CHALLENGE)):
        return ASKS_IF_BOT
    if doubt or _STILL_STRUGGLING.search(normalised):
        return LISTENING
    if _SETTLED.search(normalised) or intent == "thank":
        return SETTLED
    if intent in STOP_INTENTS:
        return STOP
    if (intent in TOPIC_INTENTS and confidence >= CLEAR_TOPIC_CONFIDENCE
            and _names_a_topic_or_asks_for_a_line(text, intent)):
        return OTHER_TOPIC
    if (intent in OFFICE_INTENTS and _ASKS_FOR_AN_OFFICE.search(normalised)
            and names_a_sure_place(text)):
        return OTHER_TOPIC
    return LISTENING


# Words of trying to reach someone (normalised): "har ringt fyra gånger", "köat i två timmar".
_TRYING_TO_REACH = re.compile(r"\b(?:ringt|ringer|ringde|ringa|koat|koar|vantat|vantar|mejlat|skrivit till|"
                              r"sokt|forsokt|forsoker)\b")


def _only_about_reaching(text: str) -> bool:
    """Every part of the message is about not reaching the authority ("försäkringskassan. har ringt 4 gånger och ingen
    svarar"), so that nothing else said ("…, har tagit tabletterna") is passed over as another topic."""
    parts = [part for part in _SENTENCE_END.split(re.sub(r"[,;]", ".", text)) if part.strip()]
    return all(_NO_ANSWER.search(said := normalise(part)) or _TRYING_TO_REACH.search(said)
               or (authorities_mentioned(part) and len(_WORDS.findall(part)) <= 3) for part in parts)


def place_said_too(text: str) -> bool:
    """"Jag är inte i fara nu. Bor i Jönköping": a person who has settled and names where they live is
    answered about that place too (the office there), after the words about feeling safer. Never with
    any sign of crisis in the message ("mår bättre. bor i Skövde, orkar inte mer"): then the bot stays."""
    return (assess(text).level == NONE and names_a_sure_place(text)
            and bool(_LIVES.search(normalise(text))))


# "vid slussen", "i stockholm": where someone is now, which may answer "är du i fara nu?" (normalised); "bor i" is home.
_WHERE_ONE_IS = re.compile(r"\b(?:i|pa|vid|nara|under|over|uppe|ute|mot)\b")
_AROUND_A_HOME = frozenset({"jag", "ja", "bor", "i", "pa"})
# "var finns det?", "var ligger kontoret", "finns det ombud …": a question where an office is (normalised).
_ASKS_WHERE_AN_OFFICE_IS = re.compile(r"\b(?:var|vart) (?:finns|ligger)\b|\bfinns (?:det )?(?:nat |nagot |nagra )?"
                                      r"(?:ombud|po|kontor)\w*")
# Kommuner and parts of towns whose names are also words of harm or death ("kista", "klippan", "bro").
_NAMES_ALSO_WORDS_OF_HARM = frozenset({"kista", "klippan", "bro", "hoppet", "fallet"})
# Anything but letters, spaces and a closing full stop or exclamation mark ("Falun :(", "Falun 😢") says more.
_MORE_THAN_A_NAME = re.compile(r"[^\w\s.!]|\d")


def place_answers_the_office_question(text: str, asked: str) -> bool:
    """"Var ligger det?" – check-in – "Falun.": the message the check-in asked about asked where an office is, and the
    first answer only names a kommun, spelt as the kommun is, as a name or a home ("bor i falun"), with nothing more and
    nothing of crisis. A yes, a call for help, where one is ("i Falun", "Luleå station"), a feeling or a face beside
    the name, or a name that is also a word of harm ("skär" is not Skår) keep the person with the check-in."""
    if (not _ASKS_WHERE_AN_OFFICE_IS.search(normalise(asked)) or assess(text).level != NONE
            or _MORE_THAN_A_NAME.search(text)):
        return False
    normalised = normalise(text)
    if _WHERE_ONE_IS.search(normalised) and not _LIVES.search(normalised):
        return False
    place = decide_place(find_municipality(text)).sure
    if place is None or fold(place.place) in _NAMES_ALSO_WORDS_OF_HARM:
        return False
    typed = [word for word in re.findall(r"\w+", text.casefold()) if fold(word) not in _AROUND_A_HOME]
    return " ".join(typed) in {place.place.casefold(), place.kommun.casefold()}


def read_check_in_answer(text: str, intent: str, confidence: float, danger: bool,
                         bare_follow_up: bool = False, flagged: bool = False, doubted_before: bool = False,
                         asked: str = "") -> str:
    """The answer to "Tänker du på att skada dig själv, eller är du i fara nu?". `bare_follow_up`: the message only
    asks a follow-up to the answer the bot gave before (bot/logic/follow_up.py, `only_asks_a_follow_up`); `flagged`:
    the crisis assessment read crisis or doubt in the message itself; `doubted_before`: the lexicon read words of
    doubt in the message the check-in asked about (otherwise only the classifier was unsure of it); `asked`: that
    message."""
    normalised = normalise(text)
    hedged_yes = _HEDGED_YES.search(normalised) and not _NUMBER.search(text)
    # "är du en människa? ja": a yes after another sentence is a yes too.
    yes_after = any(_YES.search(fold(sentence).strip()) for sentence in _SENTENCE_END.split(text)[1:])
    # The normaliser reads a lone "ja" as sms spelling of "jag": the yes is looked for as typed too.
    said_yes = _YES.search(normalised) or _YES.search(fold(text)) or hedged_yes or yes_after
    # Only the classifier doubted the office question before, and the first answer only names the place: the person
    # goes on with what they asked. `asked` is empty after the first answer.
    if (not (danger or flagged or doubted_before or said_yes) and intent != "affirm"
            and place_answers_the_office_question(text, asked)):
        return PLACE_FOR_THE_OFFICE
    if danger or intent == "affirm" or said_yes:
        return CONFIRMED
    # A no is an all-clear when it is only a no ("nej", "nej tack, jag mådde bara dåligt en stund" is not), or when
    # nothing else in it is doubted: not the lexicon ("nej, står vid bron"), not the classifier ("nej. har redan tagit
    # tabletterna"), not words of going on struggling ("nej. orkar int"). Otherwise the person is listened to.
    said_no = intent == "deny" or _NO.search(normalised)
    if said_no and (_ONLY_NO.fullmatch(fold(text)) or (
            not flagged and assess(text).level == NONE and not _STILL_STRUGGLING.search(normalised))):
        return NOT_A_CRISIS
    meaning = read_support_message(text, intent, confidence, danger)
    # "försäkringskassan. har ringt 4 gånger och ingen svarar": after a check-in, with nothing of crisis in the
    # message, the one who does not answer is the authority named, not a crisis line. Only an authority other than
    # care counts ("ringt vårdcentralen, ingen svarar" and a long queue at a line keep the other ways to help).
    if (meaning == NO_ANSWER and not flagged and not _STILL_STRUGGLING.search(normalised)
            and _names_an_authority_but_care(text) and _only_about_reaching(text)):
        return OTHER_TOPIC
    # Only a check-in was asked, and the person asks something instead: the check-in was a guess, the
    # question is not. Words of danger in it were read above (`danger`), and the lexicon before that. A question
    # the classifier doubted again ("vem skulle sakna mig?") or one put to the bot ("vad tror du?") may be the
    # answer to the check-in: it is listened to. People often leave out the question mark: a question word at the
    # start asks too, and such a question moves on when it names a topic ("vem på soc ska jag skriva till").
    # After a check-in only the classifier asked for, a question with its question mark is taken as one, as is
    # one that names a topic; after words of doubt, only one that names a topic. A question the classifier doubts
    # again stays, whatever it names: "vem tar över mina skulder sen?" names a topic too.
    if meaning == LISTENING and (
            intent in TOPIC_INTENTS or intent == "other_language"
            or (asks_something(text) and not flagged and not _TO_THE_BOT.search(normalised))) and (
            _names_a_topic_or_asks_for_a_line(text, intent) or ("?" in text and not doubted_before)):
        return OTHER_TOPIC
    # A bare follow-up to the answer given with the check-in ("och hur lång tid har hen på sig" after the answer
    # about Kronofogden's letter) asks for the rest of that answer, whatever the classifier doubted in it. Without
    # such an answer before it, "hur lång tid har jag på mig då" may be about a life, and the person is listened to.
    if meaning == LISTENING and bare_follow_up:
        return OTHER_TOPIC
    return meaning
