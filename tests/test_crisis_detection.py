"""Crisis detection in layers: normalised text, the concept lexicon, the classifier's confidence, the check-in.

These phrasings were written for the code and prove only that it works as written. How well it
does on messages nobody here wrote is measured on the held-out corpus (docs/crisis.md,
tests/integration/test_crisis_corpus.py).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from builders import crisis_training_examples

from bot.logic.crisis.assessment import CHECK_IN, CHECK_IN_CONFIDENCE, CONFIRMING_CONFIDENCE, CRISIS, NONE, assess
from bot.logic.crisis.normalise import normalise
from bot.logic.crisis.situation import ACUTE, CHILD, RELATIVE, SELF_HARM_NOW, SUICIDAL, VIOLENCE_NOW
from bot.logic.handoff_answers import offers_own_contact


@pytest.mark.parametrize(("typed", "read"), [
    ("Jag vill s j ä l v m o r d", "jag vill sjalvmord"),
    ("v i l l  d ö", "vill do"),
    ("jag vill d ö", "jag vill do"),
    ("hjäääälp mig", "hjalp mig"),
    ("ja orkar int mer", "jag orkar inte mer"),
    ("sjä\u200blvmord", "sjalvmord"),
    ("d0da mig", "doda mig"),
    ("s-j-ä-l-v-m-o-r-d", "sjalvmord"),
    ("لا أريد أن أعيش", "لا أريد أن أعيش"),
])
def test_typing_habits_are_undone(typed: str, read: str) -> None:
    assert normalise(typed) == read


@pytest.mark.parametrize("message", [
    "Jag vill ta livet av mig", "JAG VILL DÖ", "jag vill do", "jag orkar verkligen inte leva längre",
    "har självmordstankar hela tiden", "jag har skadat mig själv igen", "jag har tagit en massa tabletter",
    "min son pratar om att ta livet av sig", "han slår mig och jag är rädd", "min sambo hotar att döda mig",
    "hej, jag undrar om FK men jag vill inte leva mer", "I want to kill myself", "jag har skrivit avskedsbrev",
    "jag vill inte vakna imorgon", "det vore bättre om jag var död", "rösterna säger att jag ska hoppa",
    "har samlat på mig sobril", "ما بدي عيش", "nie chce juz zyc", "haluan kuolla", "v i l l  d ö",
    # Session 29, written from the categories of issue 11: sexual abuse, named.
    "han våldtog mig igår", "grannen utnyttjar mig sexuellt", "har tagit 40 alvedon", "tog typ 12 sobril nyss",
    # Session 30, missed by the lexicon in review (the classifier alone only asks).
    "jag har blivit våldtagen", "morbror tar på min snippa när mamma sover", "hoppas jag aldrig vaknar igen",
    "har svalt alla sömnmedlen", "åt alla värktabletterna i skåpet", "blev våldtagen på festen",
    # Found in review: calm idioms must not hide what is said beside them.
    "tog 25 stesolid, inte som vanligt", "mamma slår mig i ryggen med racket", "vill inte vakna av att nån ser mig",
    # Session 32, kinds a fifth writer's battery showed the lexicon missed (the classifier alone only asked).
    "jag ska göra slut på mitt liv", "ska göra slut på allt ikväll", "jag vill bara göra slut på allt",
    "vore skönast att vara död", "är så klar med livet nu", "önskar innerligt att jag aldrig vaknar igen",
    "hur många stilnoct krävs för att aldrig vakna mer", "från vilken våning dör man säkert",
    "ska kasta mig framför tåget",
    "tänker hoppa ner från taket ikväll", "jag har bestämt när jag ska dö",
    "har tagit alla seroquel på en gång", "hjälp, har tagit för många", "drack ett glas klorin",
    "tog för mycket av mina sobril",
    "skar mig i armen med flit igår", "svalde 25 alvedon mot huvudvärken",
    "vill aldrig mer vakna med den här ångesten",
    "rösterna i huvudet säger hela tiden att jag måste dö",
    "storebror hotade mig med kniv i köket", "grannen hotade mig med kniv nyss", "this is goodbye everyone",
    "ni får mitt sista sms någonsin",
    # Session 37: a last letter written.
    "jag har skrivit mitt sista brev till er",
])
def test_words_of_crisis_get_the_crisis_reply(message: str) -> None:
    assert assess(message).level == CRISIS


@pytest.mark.parametrize("message", [
    "överdos för sex år sedan, nu stabil och jobbar",
    "orkar inte mer", "har bestämt mig", "står på bron", "önskar jag inte vaknar alls",
    "jag försökte ta livet av mig för fem år sedan",
    "koden till telefonen är 1234", "men vad är det ens för mening då", "vem bryr sig liksom",
    "finns ändå ingen som bryr sig om mig", "men vad är egentligen meningen med livet",
    # Session 32: alone these may be calm; with the classifier's doubt they are a crisis.
    "vågar inte åka hem ikväll", "hjälp hon står utanför nu", "sitter gömd i källaren", "straffar mig själv hela tiden",
    "efter i natt behöver ingen bry sig om mig", "har dödslängtan hela tiden",
    # Session 33: the writer's wish to sleep for ever.
    "jag vill bara somna in för gott", "efter allt det här vill jag typ sova för alltid",
    # Session 37: pills swallowed, a whole pack taken (alone, a swallowed pill may be calm: "svalde den fel").
    "har svalt tabletterna nu", "tog hela askan nyss",
])
def test_uncertain_signs_get_a_check_in(message: str) -> None:
    assert assess(message).level == CHECK_IN


@pytest.mark.parametrize("message", [
    "min mamma dog i fjol", "jag har stora skulder hos Kronofogden", "jag vill leva ett bättre liv",
    "jag dör av tristess i kön", "hur dödar man alla processer i windows", "skar mig på brödkniven lol",
    "vad är numret till självmordslinjen", "jag vill avsluta mitt ärende", "hej då, vi hörs",
    "jag vill inte fortsätta med frågorna", "tar mina tabletter varje dag som läkaren sa",
    "har samlat ihop gamla mediciner, kan jag lämna dem på apoteket?", "",
    "han utnyttjar mig, jag får betala allt", "vi lät hunden somna för alltid hos veterinären",
    "det tog 2 veckor att få medicinen från apoteket", "apoteket tog för mycket betalt för medicinen",
    "jag tog 2 alvedon mot huvudvärken, kan jag ringa ombudet sen?", "har tagit 50 mg sertralin i ett år",
    "tog typ en alvedon innan jobbet", "glömde ta medicinen igår, gör det nåt?",
    "vill inte vakna tidigt på lördag", "lillebror slår mig jämt i fifa", "hon sparkade bollen över staketet",
    "frågan rör mitt kön, kan jag få ett ombud?", "hoppas jag inte vaknar av grannens hund igen",
    # Session 32: a slice of cake, a decision about an application, a song, years gone by, a routine at work.
    "ska skära mig en skiva bröd sen ringer jag", "bestämt mig för att boka tid hos ombudet nästa vecka",
    "dom tog för mycket betalt för mediciner", "göra slut på allt godis innan jul", "slog sönder koppen med flit",
    "vad heter låten om att vilja dö som spelas överallt", "träningen gjorde slut på mig", "klar med livet som student",
    "hur hög inkomst krävs för att få bostadstillägg", "vi ska hoppa från bryggan i sommar",
    "min katt klöste mig på handen tills det blödde lite",
    "medicinen ligger framme så jag minns den", "hoppas verkligen jag inte vaknar för sent till tandläkaren",
    "jag straffar mig själv med att springa i regnet", "vi blev slagen av Norge i finalen",
    "låste in mig på toa av misstag",
    "ska skära mig en bit tårta först", "vilken våning dör man på i gta om man faller",
    "tog för mycket kaffe och mår illa nu", "ska hoppa från taket på lekstugan ner i snön",
    "jag kan inte mer svenska än så här, förlåt", "katten ska somna in för gott hos veterinären i morgon",
    "tror jag ska sova för evigt i helgen efter flytten",
])
def test_look_alikes_stay_calm(message: str) -> None:
    assert assess(message).level == NONE


def test_the_classifier_alone_makes_the_bot_ask_and_never_alarm() -> None:
    calm = "jag vet inte vad jag ska göra längre"
    assert assess(calm, 0.0).level == NONE
    assert assess(calm, CHECK_IN_CONFIDENCE).level == CHECK_IN
    assert assess(calm, 1.0).level == CHECK_IN
    assert CHECK_IN_CONFIDENCE < 0.7  # 0.7 is the fallback threshold of every other intent


def test_own_contact_details_are_a_contact_request_not_a_check_in() -> None:
    # The classifier read these two calm messages as crisis (0.1 and more) in the evaluation of 2026-12-03.
    assert assess("070-174 06 12, efter kl 15 helst", 1.0).level == NONE
    assert assess("Det vore bra om någon kunde ringa mig. Mitt nummer är 070-174 06 48.", 1.0).level == NONE
    assert assess("ring mig på 0701740612, jag vill inte leva längre", 0.0).level == CRISIS
    assert assess("jag har ringt 0771-524 524 tio gånger", 1.0).level == CHECK_IN  # an authority's number
    # Anything more than the details keeps the check-in, also when the chat has removed the number.
    assert assess("jag har inget kvar att leva för. 0701234567", 1.0).level == CHECK_IN
    assert assess("jag har inget kvar att leva för. [telefonnummer borttaget]", 1.0).level == CHECK_IN
    assert assess("min pappa svarar inte på 0701234567, jag tror han har gjort nåt", 1.0).level == CHECK_IN


def test_no_crisis_training_message_gives_own_contact_details() -> None:
    examples = crisis_training_examples()
    assert len(examples) > 1000
    assert [text for text in examples if offers_own_contact(text)] == []


def test_the_classifier_confirms_words_that_only_may_mean_danger() -> None:
    uncertain = "jag orkar inte mer"
    assert assess(uncertain, 0.0).level == CHECK_IN
    assert assess(uncertain, CONFIRMING_CONFIDENCE).level == CRISIS


@pytest.mark.parametrize(("message", "kind", "acute"), [
    ("jag har tagit alla mina tabletter", ACUTE, True),
    ("står på balkongen nu och ska hoppa", ACUTE, True),
    ("jag vill inte leva längre", SUICIDAL, False),
    ("jag skär mig varje kväll", SELF_HARM_NOW, False),
    ("han slår mig just nu", VIOLENCE_NOW, True),
    ("jag är 14 och vill dö", CHILD, False),
    ("min bror säger att han ska ta livet av sig", RELATIVE, False),
    # Someone else named as anyone's is written about; the writer's own wish or act beside a named person, or a
    # threat to the writer, is not.
    ("hur märker man om ens pappa menar det när han säger att han vill dö", RELATIVE, False),
    ("en kollega berättade att hon vill dö", RELATIVE, False),
    ("jag har tagit 30 sobril, min sambo sitter i sitt rum", ACUTE, True),
    ("jag vill dö. säg till min syster att hon var bäst", SUICIDAL, False),
    ("min pojkvän säger att han ska döda mig ikväll om jag lämnar honom", VIOLENCE_NOW, True),
    # Words quoted from someone else are theirs; the writer's own wish in another word order is the writer's.
    ("min bror messade 'jag vill dö' och nu svarar han inte", RELATIVE, False),
    ("ikväll vill jag inte leva mer, min man förstår inget, han bara tjatar", SUICIDAL, False),
    ("my boyfriend hits me and he is drunk now", VIOLENCE_NOW, True),
])
def test_the_reply_fits_the_situation(message: str, kind: str, acute: bool) -> None:
    situation = assess(message).situation
    assert (situation.kind, situation.acute) == (kind, acute)


@pytest.mark.parametrize(("message", "language"), [
    ("I want to kill myself", "en"), ("لا أريد أن أعيش", "ar"), ("دیگه نمی‌خوام زنده باشم", "fa"),
    ("Ma rabo inaan sii noolaado", "so"), ("jag vill dö", "sv"),
])
def test_the_reply_is_in_the_persons_language(message: str, language: str) -> None:
    assert assess(message).language == language


def test_calm_messages_with_words_of_danger_seldom_alarm() -> None:
    # 168 calm sentences a helper wrote (tests/data/calm_with_words_of_danger.yaml). The five alarmed on and the four
    # asked about are ambiguous read alone ("tog alla mina tabletter idag o mår ok"); a wider lexicon must not add any.
    path = Path(__file__).parent / "data" / "calm_with_words_of_danger.yaml"
    calm = yaml.safe_load(path.read_text(encoding="utf-8"))["calm"]
    levels = Counter(assess(text).level for text in calm)
    assert len(calm) == 168
    assert levels[CRISIS] <= 5 and levels[CHECK_IN] <= 4, levels
