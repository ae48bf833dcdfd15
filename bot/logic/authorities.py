"""Answers about the authorities: what they decide, the next step, deadlines, phone and rights; a benefit asked
about by name, that benefit and the number.

Every text comes from the knowledge base; this module only picks and orders it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence

from bot.logic.about_whom import ON_BEHALF_FACT, asks_on_behalf
from bot.logic.say import Button, Say, spoken
from bot.logic.sources import source_note
from knowledge.queries import fact
from knowledge.records import Authority, FactRecord, Sourced
from knowledge.text import fold

# The rights every authority answer names (issue 4): a reasoned written decision, bringing
# someone along, and the authority's duty to help.
RIGHTS_KEYS = ("rights.fl_motivering", "rights.stodperson_mote", "rights.fl_service")
# What to do first (the person asks what to do), then why it happens, then how to get everyone to talk.
GAP_KEYS = ("rights.glapp_pengar", "rights.glapp_fk_af", "rights.glapp_samordning")
ACUTE_MONEY_AUTHORITY = "ekonomiskt_bistand"
ACUTE_MONEY_KEYS = ("crisis.social_emergency",)
MAIN_AUTHORITIES = (
    ("Försäkringskassan", "forsakringskassan"),
    ("Arbetsförmedlingen", "arbetsformedlingen"),
    ("Socialtjänsten (pengar)", "ekonomiskt_bistand"),
    ("Kronofogden", "kronofogden"),
)
_GAP_PAIR = {"forsakringskassan", "arbetsformedlingen"}
_ACUTE = re.compile(
    r"\b(?:inga pengar|inte rad|har inte atit|ingen mat|pengarna (?:ar|tog) slut|svalter|kan inte kopa mat)\b"
)


def mentions_acute_need(text: str) -> bool:
    """No money or food today: the answer is nödbistånd now, not an appeal in two months."""
    return bool(_ACUTE.search(fold(text)))


def is_gap(authorities: Sequence[Authority]) -> bool:
    """Both FK and AF named: the person is most likely caught between their assessments."""
    return _GAP_PAIR <= {a.key for a in authorities}


def ask_which_authority() -> list[Say]:
    buttons = tuple(Button(title, "/ask_authority" + json.dumps({"authority": key})) for title, key in MAIN_AUTHORITIES)
    return [Say(response="utter_ask_authority", buttons=buttons)]


def _note(sources: Sequence[Sourced]) -> Say:
    return Say(text=source_note(sources))


# Words of a decision, a no or an appeal (folded): "fick nej på aktivitetsersättningen i våras" asks what to do
# about it, which the authority's whole answer (next step, deadlines) tells.
_ABOUT_A_DECISION = re.compile(r"\b(?:nej|neka\w*|avslag\w*|overklag\w*|omprov\w*|beslut\w*|indrag\w*|drog\w* in"
                               r"|dragit in|sank\w*|stopp\w*|fel|slutat|tog bort|tagit bort|vagra\w*|dragit ner"
                               r"|drog ner|aterkrav\w*|tillbaka|vantat|vantar|svarat|lang tid|hur lange)\b")
# Only a question what a benefit is, or who can have it, is answered by its line: people write about a benefit far more
# often because it was stopped, cut, reclaimed or is late, which the whole answer covers (folded).
_WHAT_IT_IS = re.compile(r"\b(?:vad (?:ar|e|betyder|innebar|menas med)|skill?nad\w*|kan (?:man|jag|ja|en) fa"
                         r"|far (?:man|jag|ja|en)|vem (?:kan|far) fa)\b")


def benefits_asked(authority: Authority, typed: str) -> list[str]:
    """The authority's benefits a message asks what they are, or who can have them, by name ("vad är sjukersättning
    hos fk"), unless it speaks of a decision about them or of waiting; [] otherwise."""
    folded = fold(typed)
    if _ABOUT_A_DECISION.search(folded) or not _WHAT_IT_IS.search(folded):
        return []
    return [line for line in authority.benefits
            if ":" in line and re.search(rf"\b{re.escape(fold(line.split(':')[0]))}\b", folded)]


def _how_to_reach(authority: Authority) -> Say:
    """Its number for the whole country, or that the kommun is to be called."""
    if authority.phone:
        return Say(response="utter_authority_phone", values={"name": authority.name, "phone": authority.phone})
    return Say(response="utter_authority_local", values={"name": authority.name})


def benefit_answer(authority: Authority, benefits: Sequence[str]) -> list[Say]:
    """The benefits asked about, the authority's number, and the rest of what it does a button away."""
    more = Button(title=f"Mer om {authority.name}", payload="/ask_authority" + json.dumps({"authority": authority.key}))
    return [*(Say(text=line) for line in benefits), _how_to_reach(authority), _note([authority]),
            Say(response="utter_question_offer", buttons=(more,))]


def authority_answer(authority: Authority, rights: Sequence[FactRecord], typed: str = "") -> list[Say]:
    """What the authority decides, the next step, its deadlines and number, the person's rights; asked in `typed` for
    someone else ("går det att jag pratar med soc åt min syster?"), how one does that comes first."""
    on_behalf = fact(ON_BEHALF_FACT) if typed and asks_on_behalf(typed) else None
    asked_first = [on_behalf] if on_behalf else []
    says = [*(Say(text=spoken(f)) for f in asked_first), Say(text=authority.decides), Say(response="utter_next_step"),
            Say(text=authority.next_step)]
    says += [Say(text=deadline.text) for deadline in authority.deadlines]
    says.append(_how_to_reach(authority))
    says.append(Say(response="utter_your_rights"))
    says += [Say(text=spoken(right)) for right in rights]
    sources: list[Sourced] = [*asked_first, authority, *authority.deadlines, *rights]
    return [*says, _note(sources), Say(response="utter_authority_next")]


def acute_money_answer(social_services: Authority, facts: Sequence[FactRecord]) -> list[Say]:
    says = [Say(text=social_services.next_step), *(Say(text=spoken(f)) for f in facts)]
    return [*says, _note([social_services, *facts])]
