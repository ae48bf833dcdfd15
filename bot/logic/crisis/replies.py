"""What the bot says to a person in crisis: the reply that fits the situation, 112 always in the first message.

Every number comes from the crisis lines in knowledge/data/crisis.yaml, with its source. A message
in English gets the reply in English; Arabic, Persian and Somali get a short message in that
language with 112 and Självmordslinjen, then the English reply for the situation.
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot.logic.crisis import support
from bot.logic.crisis.assessment import Assessment, assess
from bot.logic.crisis.situation import ACUTE, CHILD, RELATIVE, SELF_HARM_NOW, SUICIDAL, VIOLENCE_NOW, Situation
from bot.logic.language import ARABIC, ENGLISH, PERSIAN, SOMALI, SWEDISH
from bot.logic.say import Button, Say, spoken
from bot.logic.english import CHATBOT_NOTE, ENGLISH_NOTE
from bot.logic.sources import SWEDISH_NOTE, source_note
from knowledge.queries import facts_by_keys
from knowledge.records import FactRecord
from knowledge.text import fold

EMERGENCY, SUICIDE_LINE, HEALTHCARE, PSYCHIATRIC, SUPPORT_LINE = (
    "crisis.emergency", "crisis.suicide_line", "crisis.healthcare_advice", "crisis.psychiatric_emergency",
    "crisis.support_line")
SOCIAL_EMERGENCY, CHILDREN_LINE, WOMEN_LINE, MEN_LINE, FOR_SOMEONE_ELSE = (
    "crisis.social_emergency", "crisis.children_line", "crisis.women_violence_line", "crisis.men_violence_line",
    "crisis.for_someone_else")
# The lines named in the Swedish reply for each situation, after the first message.
LINES = {
    ACUTE: (SUICIDE_LINE, SUPPORT_LINE),
    SUICIDAL: (SUICIDE_LINE, SUPPORT_LINE, PSYCHIATRIC),
    SELF_HARM_NOW: (HEALTHCARE, PSYCHIATRIC, SUICIDE_LINE),
    VIOLENCE_NOW: (WOMEN_LINE, MEN_LINE, SOCIAL_EMERGENCY),
    CHILD: (CHILDREN_LINE,),
    RELATIVE: (FOR_SOMEONE_ELSE, SUPPORT_LINE, SUICIDE_LINE),
}
FIRST_MESSAGE = {
    ACUTE: "utter_crisis_call_now",
    SUICIDAL: "utter_crisis_danger_now",
    SELF_HARM_NOW: "utter_crisis_self_harm_first",
    VIOLENCE_NOW: "utter_crisis_danger_now",
    CHILD: "utter_crisis_child_first",
    RELATIVE: "utter_crisis_relative_first",
}
# Languages with a short crisis message of their own, before the English reply.
OWN_LANGUAGE = {ARABIC: "utter_crisis_in_ar", PERSIAN: "utter_crisis_in_fa", SOMALI: "utter_crisis_in_so"}
NUMBER_KEYS = {"emergency": EMERGENCY, "suicide_line": SUICIDE_LINE, "support_line": SUPPORT_LINE,
               "healthcare": HEALTHCARE, "children_line": CHILDREN_LINE, "women_line": WOMEN_LINE,
               "men_line": MEN_LINE}
ALL_LINES = tuple(dict.fromkeys([EMERGENCY, *NUMBER_KEYS.values(), *(k for keys in LINES.values() for k in keys)]))


def _numbers(lines: dict[str, FactRecord]) -> dict[str, str]:
    return {name: lines[key].phone or "" for name, key in NUMBER_KEYS.items()}


def _lines() -> dict[str, FactRecord]:
    return {fact.key: fact for fact in facts_by_keys(list(ALL_LINES))}


def _swedish(situation: Situation, lines: dict[str, FactRecord], numbers: dict[str, str]) -> list[Say]:
    first = FIRST_MESSAGE[situation.kind]
    if situation.acute and situation.kind not in (ACUTE, VIOLENCE_NOW):
        first = "utter_crisis_call_now"
    says = [Say(response=first, values=numbers)]
    keys = list(LINES[situation.kind])
    if situation.young and CHILDREN_LINE not in keys:
        keys.append(CHILDREN_LINE)
    says += [Say(text=lines[key].text) for key in keys]
    says.append(Say(text=source_note([lines[EMERGENCY], *(lines[key] for key in keys)])))
    return says


def crisis_reply(assessment: Assessment) -> list[Say]:
    """The whole crisis reply: 112 first, the lines for the situation, their sources, and that the bot stays."""
    lines, situation = _lines(), assessment.situation
    numbers = _numbers(lines)
    stay = Say(response="utter_crisis_stay", buttons=(Button("Ingen svarar", "ingen svarar"),
                                                      Button("Jag är ensam", "jag är ensam"),
                                                      Button("Jag mår bättre nu", "jag mår bättre nu")))
    if assessment.language == SWEDISH:
        return [*_swedish(situation, lines, numbers), stay]
    own = [Say(response=OWN_LANGUAGE[assessment.language], values=numbers)] \
        if assessment.language in OWN_LANGUAGE else []
    english = Say(response=f"utter_crisis_in_en_{situation.kind}", values=numbers)
    note = Say(text=source_note([lines[key] for key in (EMERGENCY, SUICIDE_LINE, *LINES[situation.kind])],
                                ENGLISH_NOTE))
    return [*own, english, note, Say(response="utter_crisis_stay_in_en")]


def check_in(assessment: Assessment) -> list[Say]:
    """For an uncertain message: a short question, with 112 and Självmordslinjen in the same message, its answers,
    and where the numbers come from."""
    lines = _lines()
    swedish = assessment.language == SWEDISH
    no = Button("Nej, jag menade något annat" if swedish else "No, I meant something else", DENY_PAYLOAD)
    note = source_note([lines[EMERGENCY], lines[SUICIDE_LINE]], SWEDISH_NOTE if swedish else ENGLISH_NOTE)
    if assessment.situation.kind == RELATIVE:
        # Written about someone else: asking only whether the writer thinks of hurting themselves would miss the
        # person in danger. Two questions, so two yeses; the writer's own is sent as words ("ja, jag själv").
        asked = Say(text=(CHECK_IN_ABOUT_SOMEONE_ELSE if swedish else CHECK_IN_ABOUT_SOMEONE_ELSE_EN).format(
            **_numbers(lines)))
        them, me = ("Ja, den jag skriver om", "Ja, jag själv") if swedish else ("Yes, the person I write about", "Yes, me")
        buttons: tuple[Button, ...] = (Button(them, CONFIRM_PAYLOAD), Button(me, me.casefold()), no)
    else:
        asked = Say(response="utter_crisis_check_in" if swedish else "utter_crisis_check_in_in_en",
                    values=_numbers(lines))
        buttons = (Button("Ja" if swedish else "Yes", CONFIRM_PAYLOAD), no)
    # The buttons go with the last message, so that they are the last thing on the screen.
    return [asked, Say(text=note, buttons=buttons)]


# A yes to a check-in about someone else that speaks of the writer ("ja, jag själv", "ja båda"), read folded: the
# normaliser would read a bare "ja" as "jag".
_THE_WRITER = re.compile(r"\b(?:jag|mig|mej|sjalv|bada|me|myself|both)\b")


def confirmed(first_message: str, answer: str) -> Assessment:
    """The crisis a yes to the check-in confirms: the one the first message showed, and the writer's own when a
    check-in about someone else is answered about the writer."""
    first = assess(first_message)
    if first.situation.kind == RELATIVE and _THE_WRITER.search(fold(answer)):
        return replace(first, situation=Situation(SUICIDAL, first.situation.acute, first.situation.young))
    return first


# Asked about the person written about first, and about the writer too: a goodbye may name the ones left behind.
CHECK_IN_ABOUT_SOMEONE_ELSE = ("Jag vill vara säker på att jag förstår. Är den du skriver om i fara nu? Eller tänker du "
                               "själv på att skada dig? Är det akut: ring {emergency}. Du kan också ringa "
                               "Självmordslinjen på {suicide_line}.")
CHECK_IN_ABOUT_SOMEONE_ELSE_EN = ("I want to be sure I understand. Is the person you are writing about in danger now? "
                                  "Or are you thinking of hurting yourself? If it is urgent, call {emergency}. You can "
                                  "also call Självmordslinjen on {suicide_line}.")


ANSWER_WITH_CHECK_IN = "Du frågade också något. Här är svaret:"
CHECK_IN_AGAIN = "Är du i fara nu?"
CHECK_IN_AGAIN_ABOUT_SOMEONE_ELSE = "Är någon i fara nu?"
ANSWER_WITH_CHECK_IN_EN = "You also asked something. Here is the answer:"
CHECK_IN_AGAIN_EN = "Are you in danger now?"
CHECK_IN_AGAIN_ABOUT_SOMEONE_ELSE_EN = "Is anyone in danger now?"
# Said to someone in crisis who asks whether a person is reading, after the lines: a chatbot is not, people are there.
PEOPLE_ANSWER_THERE = "Där svarar människor. Jag är kvar här också, om du vill skriva."
# The check-in's two answers: a yes is a crisis whatever the words around it, a no goes back to the message.
CONFIRM_PAYLOAD, DENY_PAYLOAD = '/crisis{"crisis_level": "crisis"}', "/deny"


def check_in_with_answer(assessment: Assessment, answer: list[Say]) -> list[Say]:
    """The check-in and its numbers first, then the answer to the question asked with it, then the
    check-in again in a few words, with its two answers as the last thing on the screen."""
    asked, note = check_in(assessment)
    also = ANSWER_WITH_CHECK_IN if assessment.language == SWEDISH else ANSWER_WITH_CHECK_IN_EN
    return [asked, Say(text=note.text), Say(text=also), *answer,
            asked_again(assessment.language, assessment.situation.kind == RELATIVE)]


def asked_again(language: str, about_someone_else: bool) -> Say:
    """The check-in in a few words, with its two answers: the way on for a calm person, so that listening
    never becomes a dead end. `about_someone_else`: the check-in asked about the person written about."""
    if language == SWEDISH:
        again = CHECK_IN_AGAIN_ABOUT_SOMEONE_ELSE if about_someone_else else CHECK_IN_AGAIN
        yes, no = "Ja", "Nej"
    else:
        again = CHECK_IN_AGAIN_ABOUT_SOMEONE_ELSE_EN if about_someone_else else CHECK_IN_AGAIN_EN
        yes, no = "Yes", "No"
    return Say(text=again, buttons=(Button(yes, CONFIRM_PAYLOAD), Button(no, DENY_PAYLOAD)))


def asked_again_about(first_message: str, language: str) -> Say:
    """The check-in asked again about whom the message it asked about was written: the writer, or someone else."""
    return asked_again(language, assess(first_message).situation.kind == RELATIVE)


def support_reply(meaning: str, turn: int, language: str = SWEDISH) -> list[Say]:
    """The reply to a message in the supportive mode (see support.py); `turn` varies the listening reply, and
    `language` is the message's, for saying what the bot is."""
    lines = _lines()
    numbers = _numbers(lines)
    if meaning == support.NO_ANSWER:
        keys = (SUICIDE_LINE, HEALTHCARE, PSYCHIATRIC, EMERGENCY)
        return [Say(response="utter_crisis_no_answer"), *(Say(text=lines[key].text) for key in keys),
                Say(text=source_note([lines[key] for key in keys]))]
    if meaning == support.ALONE:
        return [Say(response="utter_crisis_alone"), Say(response="utter_crisis_someone_to_call"),
                Say(response="utter_crisis_numbers_again", values=numbers)]
    if meaning == support.HELP_COMING:
        return [Say(response="utter_crisis_help_coming")]
    if meaning == support.SETTLED:
        return [Say(response="utter_crisis_settled", values=numbers)]
    if meaning == support.ASKS_IF_BOT:
        what_it_is = Say(text=CHATBOT_NOTE) if language == ENGLISH else Say(response="utter_iam_bot")
        return [what_it_is, Say(response="utter_crisis_numbers_again", values=numbers), Say(text=PEOPLE_ANSWER_THERE)]
    listening = ("utter_crisis_listening_1", "utter_crisis_listening_2", "utter_crisis_listening_3")
    return [Say(response=listening[turn % len(listening)], values=numbers)]


# Names people use for the lines, folded, and the line each names.
LINE_NAMES = (
    ("sjalvmordslinjen", SUICIDE_LINE), ("mind", SUICIDE_LINE), ("hjalplinjen", SUPPORT_LINE),
    ("1177", HEALTHCARE), ("112", EMERGENCY), ("bris", CHILDREN_LINE), ("prast", "crisis.priest_line"),
    ("medmanniska", "crisis.night_line"), ("socialjour", SOCIAL_EMERGENCY), ("kvinnofrid", WOMEN_LINE),
    ("for man", MEN_LINE), ("anhoriglinjen", "org.anhorigas_riksforbund"), ("psykakut", PSYCHIATRIC),
    ("akutmottagning", PSYCHIATRIC),
)
OVERVIEW = (SUICIDE_LINE, SUPPORT_LINE, HEALTHCARE, CHILDREN_LINE, WOMEN_LINE)
_A_LINE_NAMED = re.compile(r"\b(?:" + "|".join(name for name, _ in LINE_NAMES) + r")s?\b")
_REACHING = re.compile(r"\b(?:nummer|numret|telefon\w*|tel|ringa|ring|ringer|chatta\w*|oppet|oppettid\w*)\b")


def asks_for_a_line(text: str) -> bool:
    """"tackar, och hjälplinjens nummer?": the message asks how to reach one of the lines, named as people name
    them ("kan ombudet följa med till akutmottagningen" names one but asks something else)."""
    folded = fold(text)
    return bool(_A_LINE_NAMED.search(folded) and _REACHING.search(folded))


def crisis_line_answer(text: str) -> list[Say]:
    """A calm question about a line gets that line; a general one gets the lines the bot knows."""
    folded = fold(text)
    named = list(dict.fromkeys(key for name, key in LINE_NAMES if name in folded))
    keys = named or list(OVERVIEW)
    lines = facts_by_keys(keys)
    intro = [] if named else [Say(response="utter_crisis_lines_intro")]
    return [*intro, *(Say(text=spoken(line)) for line in lines), Say(text=source_note(lines))]
