"""Crisis concepts: words near each other, read from normalised text (see normalise.py).

Each concept names a kind of danger and how sure its words make us: SURE words of suicide, a plan,
self-harm or violence get the crisis reply at once; MAYBE words ("orkar inte mer", "har bestämt
mig", "står på bron") get a short check-in question with 112. Words are matched near each other,
not as fixed phrases: "jag vill verkligen inte leva längre" matches vill … inte … leva.

Idioms ("dör av skratt", "döda processen") are blanked out before matching. A finished past ("för fem år
sedan", "när jag var 16") or talk about crisis rather than from it (a book, a term, a client at work)
turns SURE into MAYBE: the person is asked, not alarmed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SURE, MAYBE = "sure", "maybe"
# Kinds of danger, which decide the reply.
SUICIDE, SELF_HARM, OVERDOSE, MEANS, VOICES, VIOLENCE, GOODBYE, PLAN = (
    "suicide", "self_harm", "overdose", "means", "voices", "violence", "goodbye", "plan")


def words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def near(*parts: str, gap: int = 3) -> str:
    """The parts in this order, with at most `gap` other words between each two."""
    between = r"(?:\s+\S+){0,%d}\s+" % gap
    return r"\b" + between.join(f"(?:{part})" for part in parts) + r"\b"


@dataclass(frozen=True)
class Concept:
    name: str
    kind: str
    strength: str
    pattern: re.Pattern[str]


def _concept(name: str, kind: str, strength: str, *patterns: str) -> Concept:
    return Concept(name, kind, strength, re.compile("|".join(f"(?:{p})" for p in patterns)))


ME = words("mig", "mig sjalv", "mig sjalva")
NOT = words("inte", "aldrig", "inte langre", "inte mer")
# Waking at a time or by a sound is sleep, not life: "vill inte vakna tidigt", "vill aldrig vakna 04.30 igen".
# Only a clock time, an early hour or a sound that wakes: "vill inte vakna 1 dag till" and "… av att nån hittar mig"
# stay words of crisis.
NOT_SLEEP = (r"(?! (?:tidigt|tidig|sa tidigt|kl|klockan|\d\d? \d\d\b|av (?!att)|igen av (?!att)|igen kl|"
             r"for sent (?:till|imorgon|i morgon|pa)|mitt i natten|igen mitt i|pa natten|hela natten|flera ganger|"
             r"med (?:huvudvark|migran|ont|feber|vark|mensvark)))")
# "hoppas verkligen att jag inte vaknar", "jag vill bara göra slut på …": a word that only stresses.
_ADVERB = r"(?:(?:bara|nog|typ|verkligen|snart|helst) )?"
HOPE = r"(?:hoppas|onskar)(?: verkligen| bara| innerligt)?"
WAKE = "vakna" + NOT_SLEEP
LIVE = words("leva", "finnas", "existera", WAKE, r"fortsatta(?! med| att svara| svara| prata| chatta)", "vara kvar", "vara med", "andas", "vara har", "finnas kvar")
WANT = words("vill", "orkar", "kan", "klarar", "tanker", "ska", "onskar", "vagar", "bryr", "behover", "kommer")
PILLS = words(r"(?:somn|sov|vark|)tablett\w*", r"(?:somn|sov|)piller", r"medicin\w*", r"somnmed\w*", r"lugnande",
              r"dosett\w*", r"sobril", r"atarax",
              r"litium", r"alvedon", r"stesolid", r"benso\w*", r"insulin", r"sertralin", r"lyrica", r"propavan",
              r"imovane", r"oxascand", r"tramadol", r"citodon", r"paracetamol", r"pillr\w*", r"somnmedel\w*",
              r"theralen", r"quetiapin", r"seroquel", r"oxy", r"oxycontin", r"oxynorm", r"metadon", r"subutex",
              r"stilnoct", r"zopiklon", r"mirtazapin", r"olanzapin",
              r"pills", r"tablets", r"meds", r"sleeping pills")
# A number of pills that is more than a dose: "tog 2 alvedon mot huvudvärken" is medicine as prescribed, "20 mg" a dose.
MANY = r"(?:[5-9]|[1-9]\d+)(?! ?(?:mg|ml|g|gram|milligram)\b)"
HIGH_PLACES = words("bron", "en bro", "taket", "hustaket", "balkongen", "balkongracket", "racket", "kanten", "stupet",
                    "klippan", "sparet", "sparen", "rälsen", "ralsen", "perrongen", "jarnvagen", "isen", "fonstret",
                    "fonsterkarmen", "parkeringshuset", "viadukten", "motorvagen", "tunnelbanan", "the bridge",
                    "the roof", "the edge", "the tracks")
HARM_VERBS = words(r"skada\w*", r"doda", r"hoppa", r"skara", r"kniven", r"offra", r"straffa", r"ga ut i", r"do",
                   r"branna", r"ta livet", r"morda", r"sla", r"hanga", r"drunkna", r"kill", r"jump", r"hurt", r"die")
SOMEONE = words("han", "hon", "sambon", "sambo", "mannen", "min man", "maken", "frun", "min fru", "pappa", "mamma",
                r"pojkvan\w*", r"flickvan\w*", "exet", r"ex\w*", "grannen", "nagon", "dom", "de", r"styv\w+", "bror",
                "brorsan", "sonen", "min son", "killen", "he", "she", "my husband", "my boyfriend", "my partner")
HITS = words("slar", "slog", "sparkar", "sparkade", "stryper", "strypte", "hotar", "hotade", "misshandlar",
             "misshandlade", "tog strypgrepp", "har strypgrepp", "tar stryptag pa mig", "tog stryptag pa mig",
             r"tog mig om halsen", "har en kniv", "har kniv",
             "har vapen", "har ett vapen", "hotar att", "vill doda", "ska doda", "kommer doda", "kommer att doda",
             "ska sla ihjal", "slar ihjal", "har slagit", "slagit mig", "hits", "is hitting", "beats", "is beating",
             "is choking", "threatens")

# A jump or a fall that is play, sport, a drill or a game: "hoppa från taket ner i snön", "dör man i minecraft".
_NOT_FOR_FUN = (r"(?!.*\b(?:ner i|ner pa|i sommar|studsmatt\w*|snon|vattnet|poolen|badet|fallskarm\w*|bungy\w*|"
                r"brandovning\w*|fota\w*|minecraft|gta|fortnite|spelet|spel|midsommar)\b)")

CONCEPTS = (
    # Suicide, named.
    _concept("suicide_named", SUICIDE, SURE,
             near(words(r"sjalvmord\w*", r"suicid\w*"), words("tankar", "tanker", "planer", "plan", "nara"), gap=0),
             near(words("tanker", "tanka", "tankt", "funderar", "overvager", "planerar", "har"), "pa",
                  words(r"sjalvmord\w*", r"suicid\w*"), gap=1),
             near("livet", "av", words("mig", "sig", "dig", "oss", "honom", "henne"), gap=0),
             near(words("ta", "tar", "tog", "tagit"), words("mitt", "ditt"), words("liv", "eget liv"), gap=1),
             near(words("ska", "vill", "tanker", "pratar om att", "hotar att", "sager att"), "ta", "sitt", "liv",
                  gap=2),
             near(words("avsluta", "avslutar", "avslutade"), words("mitt liv", "livet", "allt", "alltihop",
                                                                    "det hela"), gap=1),
             near(words("doda", "hanga", "skjuta", "drunkna", "dranka", "gasa"), ME, gap=0),
             near(words("kill", "killing", "end"), words("myself", "my self", "my life", "it all"), gap=1),
             near(words("ending", "end"), "it", words("tonight", "all", "now", "soon"), gap=0),
             r"\bsuicide\b", r"\bsuicidal\b", near("take", "my", words("life", "own life"), gap=0),
             near(words("want", "wanted", "going"), "to", "die", gap=1), r"\bbetter off dead\b",
             near("not", "want", "to", words("live", "be alive", "wake up", "exist", "be here"), gap=1)),
    # A wish to die or not to exist.
    _concept("wish_to_die", SUICIDE, SURE,
             near(WANT, NOT, LIVE, gap=2), near(words("vill", "ville"), r"(?:bara |helst |typ |nog )?do"),
             near("lat", "mig", "do", gap=0), near(words("onskar", "hoppas"), words("jag", "att jag"),
                                                    words("var dod", "vore dod", "dog", "inte fanns", "slapp vakna"),
                                                    gap=1),
             near(words("battre", "lattare", "enklare"), words("om jag", "utan mig"),
                  words("dod", "inte fanns", "forsvann", "aldrig fotts", "inte levde", "var borta"), gap=2),
             near(words("battre", "lattare"), "utan", "mig", gap=1),
             near("ingen", words("kommer", "skulle", "kommer att"), "sakna", "mig", gap=1),
             near("sluta", words("existera", "finnas", "leva"), gap=0),
             near(words("somna", "sova"), "och", words("aldrig", "inte"), "vakna", gap=1),
             near("aldrig", WAKE, gap=0), near("ta", "mig", "i", "somnen", gap=0),
             near(HOPE, words("jag", "att jag"), NOT, words("vaknar", "vaknar upp"),
                  words("igen", "imorgon", "i morgon", "imorn", "i morn", "mer", "nasta morgon"), gap=0)
             + NOT_SLEEP,
             near(words("tanker", "tankar", "tanka"), words("pa doden", "pa att do", "att do", "om doden"), gap=2),
             r"\bdod tankar\b", near("ingen", "mening", words("att leva", "med att leva", "med livet", "med nagonting",
                                                               "med nagot", "med allt", "langre"), gap=1),
             near("inte", "vart", "att", "leva", gap=0),
             near(words("vill", "onskar"), r"(?:bara )?forsvinna", words("for gott", "pa riktigt", "for alltid",
                                                                        "helt", "fran allt", "fran jorden"), gap=2),
             near("vill", "inte", words("finnas", "leva", "vara har", "vara med"), gap=1),
             # "göra slut på" the writer's own life, wanted or planned by the writer; "jobbet gör slut på mig" and
             # "ungarna gjorde slut på allt" wear out or use up, "livet som singel" is a way of life.
             r"(?:^|\bjag )" + _ADVERB + r"(?:ska|vill|tanker|kommer att|funderar pa att|planerar att) " + _ADVERB
             + r"(?:att )?gora slut pa (?:mitt (?:eget )?liv|mig sjalv)\b(?! (?:som|i|pa|har|dar)\b)",
             # "allt" only as the message's whole statement, or with when: "det finns glass, jag ska göra slut på allt".
             r"^(?:jag )?" + _ADVERB + r"(?:ska|vill|tanker|kommer att) " + _ADVERB
             + r"(?:att )?gora slut pa (?:allt|allting|alltihop|livet)(?: (?:nu|ikvall|inatt|idag|snart|for gott|hejda))*$",
             r"\bjag " + _ADVERB + r"(?:ska|vill|tanker|kommer att) " + _ADVERB
             + r"(?:att )?gora slut pa (?:allt|allting|alltihop|livet)(?: (?:nu|ikvall|inatt|idag|for gott|hejda))+$",
             # Said as the message's last words: "… att vara död i spelet" is a game.
             near(words("vore", "hade varit", "skulle vara", "hade det varit", "vore det"),
                  words("battre", "basta", "skonare", "skonast", "skont", "lattare", "lattast", "enklare"),
                  "att vara dod", gap=1) + r"(?: (?:arligt talat|ibland|nu|an att leva|an att ha det sahar))?$",
             r"\b(?:klar|fardig) (?:med|m) (?:det har )?livet(?: (?:nu|helt|pa riktigt|for gott))?$"),
    _concept("suicide_word", SUICIDE, MAYBE, r"\bsjalvmord\w*", r"\bsuicid\w*", r"\bdodsonsk\w*", r"\bdodslangtan\b",
             near(words("thinking", "think", "thought"), "about", words("ending it", "ending things", "dying"), gap=1)),
    # Other languages: the common ways to say it, for people writing in their own language.
    _concept("suicide_other_language", SUICIDE, SURE,
             "انتحار", "أقتل نفسي", "اقتل نفسي", "لا أريد أن أعيش", "لا اريد ان اعيش", "ما بدي عيش", "بدي موت",
             "أريد أن أموت", "اريد ان اموت", "خودکشی", "خودمو بکشم", "خودم را بکشم", "زنده باشم", "می‌خوام بمیرم",
             "میخوام بمیرم", r"\bis dil\w*", r"\bdoonayaa inaan dhinto\b", r"\binaan dhinto\b",
             r"\binaan sii noolaado\b", r"\bsamob[o]j\w*", r"\bnie chce (?:juz )?zyc\b", r"\bzabic sie\b",
             r"\bzabije sie\b", r"\bitsemurh\w*", r"\bhaluan kuolla\b", r"\btappaa itseni\b",
             r"\bquiero morir\w*", r"\bmatarme\b", r"\bsuicidarme\b", r"\bubiti se\b", r"\bubit cu se\b",
             r"\bne zelim (?:vise )?zivjeti\b", r"\bintihar\w*", r"\bolmek istiyorum\b", r"\bkendimi oldur\w*",
             r"\bne hochu zhit\w*", r"\bne khochu zhit\w*", "не хочу жить", "покончить с собой", "самогубство",
             "не хочу жити", "убить себя", "вбити себе"),
    _concept("worn_out", SUICIDE, MAYBE,
             near(HOPE, words("jag", "att jag"), NOT, words("vaknar", "vaknar upp"), gap=0)
             + NOT_SLEEP,
             near(words("orkar", "pallar", "klarar"), "inte", words("mer", "langre", "en dag till", "en vinter till",
                                                                   "fortsatta", "leva"), gap=1),
             # The writer's own wish to sleep for ever; "hunden ska somna in för alltid" is not.
             r"\b(?:(?:jag|ja) (?:vill|onskar|skulle vilja)|vill (?:jag|ja))(?: \w+)?(?: bara| ba)?(?: fa)?"
             r" (?:sova|somna)(?: in)? for (?:alltid|evigt|gott)\b",
             near(r"(?:vill |onskar )?(?:bara )?forsvinna", gap=0), near("ge", "upp", words("livet", "allt"), gap=1),
             near("trott", "pa", words("att leva", "livet", "allt", "att finnas"), gap=1),
             near(words("en borda", "borda"), gap=0), near("poangen", "med", "att", words("leva", "fortsatta"), gap=1),
             near("spelar", "ingen", "roll", words("langre", "mer", "nu"), gap=1), near("ingen", "utvag", gap=0),
             near("hatar", "mig", "sjalv", gap=0),
             near(words("inget", "ingenting"), "att", "forlora", words("langre", "mer"), gap=1),
             near("inget", "mer", "att", "forlora", gap=0),
             near(words("allt", "allting", "livet", "mitt liv", "det mesta"), words("kanns", "ar", "har blivit"),
                  "meningslost", gap=2),
             near(words("kanns", "ar"), words("allt", "allting", "livet", "mitt liv"), "meningslost", gap=2),
             # Asked back at the end of the message: "vad är ens meningen", "vem bryr sig" ("… med livet" too).
             # "vad är poängen med en sip" asks about a thing. Anyone who cares about the writer is asked anywhere.
             # The text has no punctuation left, so a question asked back in the middle is not read here.
             r"\bvad ar (?:ens |egentligen |da )?(?:poangen|meningen)(?: (?:da|ens|liksom|egentligen|med allt"
             r"|med nagot|med nat|med nanting|med nagonting|med det har|med livet|med att leva))?$",
             r"\bvad ar det (?:ens |egentligen )?for mening(?: (?:da|ens|liksom|egentligen|med allt|med nagot"
             r"|med det har))?$",
             r"\b(?:vem|ingen) bryr sig(?: om mig)?(?: (?:ens|anda|liksom|egentligen))?$",
             r"\bingen (?:som )?bryr sig om mig\b"),
    # Goodbye and last messages.
    _concept("goodbye", GOODBYE, SURE,
             r"\b(?:avskedsbrev|farvalsbrev|farvalbrev)\w*",
             near("hejda", words("for alltid", "for gott", "allihopa", "alla", "till alla", "varlden"), gap=1),
             near("sista", words("meddelandet", "sms", "kvallen", "natten", "gangen ni hor", "gangen du hor",
                                 "brevet"), gap=1),
             near(words("skrivit", "skrev", "skriver"), words("ett sista brev", "sista brev", "mitt sista brev"), gap=1),
             near("kommer", words("inte", "aldrig"), words("hora av mig", "skriva", "finnas", "vara kvar"),
                  words("mer", "igen", "langre"), gap=2),
             near(words("snart", "nu"), "slipper", words("ni", "du", "alla"), "mig", gap=1),
             near(words("ni", "du", "alla"), "slipper", "mig", gap=1),
             near("ta", "hand", "om", r"\w+", words("at mig", "for mig"), gap=2),
             near("nar", "jag", words("inte finns", "ar borta", "ar dod", "inte ar kvar", "inte lever"), gap=1),
             near("efter", "mig", words("stada", "stada upp", "slippa", "krangel"), gap=2),
             r"^(?:\w+ ){0,2}this is (?:my )?goodbye(?: (?:everyone|for real|forever))?$"),
    _concept("goodbye_maybe", GOODBYE, MAYBE,
             r"\bfarval\b", near("koden", "till", words("telefonen", "mobilen", "datorn"), gap=1),
             near(words("imorgon", "i morgon", "snart", "ikvall", "efter helgen", "pa sondag", "nasta vecka"),
                  words("ar jag", "jag ar"), words("borta", "inte kvar", "inte har"), gap=1),
             near(words("brevet", "breven"), words("ligger", "finns"), gap=1),
             near(words("ge", "gett", "ger", "gav"), "bort", words("allt", "mina", "sina"), gap=2),
             near("om", "jag", words("inte finns", "dor", "inte ar kvar", "inte lever"), gap=1),
             near("behover", words("dom", "dem", "det"), "inte", words("mer", "langre"), gap=1),
             near("kommer", words("inte", "aldrig"), "behova", words("mer", "langre", "efter ikvall", "efter i kvall",
                                                                      "efter inatt", "efter i natt"), gap=3),
             r"\b(?:ni |du |ingen )?behover (?:inte |ingen )?(?:oroa|bry) (?:er|dig|sig)(?: (?:for|om) mig)? "
             r"efter (?:ikvall|i kvall|inatt|i natt)(?: (?:mer|langre))?$",
             near(words("efter ikvall", "efter inatt", "efter i natt"), "behover", "ingen", words("oroa", "bry"),
                  words("sig om mig", "sig for mig"), gap=0) + r"(?: (?:mer|langre))?$",
             near("forlat", words("alla", "mamma", "pappa", "for allt"), gap=2),
             near("behover", "inte", words("ringa", "hora av er", "bry er", "svara"), words("mer", "langre"), gap=2)),
    # A plan.
    _concept("plan", PLAN, SURE, near("planen", "ar", words("klar", "satt"), gap=0),
             near("raknat", "ut", "hur", words("manga", "mycket"), gap=0),
             near("hur", words("manga", "mycket"), words("behovs", "kravs"), "for", "att", "do", gap=4),
             near("hur", words("manga", "mycket"), PILLS, words("behovs", "kravs", "behover man ta", "ska man ta"), "for",
                  "att", words("inte vakna", "aldrig vakna"), gap=1) + NOT_SLEEP,
             near("hur", words("manga", "mycket"), PILLS, words("dor man av", "ar dodligt", "ar en dodlig dos"), gap=1),
             near(words("vilken vaning", "vilket vaningsplan", "hur hogt", "hur hogt upp", "how high"),
                  words("for att do", "dor man", "for att inte overleva", "to die", "so you dont survive",
                        "so you do not survive"), gap=4) + _NOT_FOR_FUN,
             r"(?:^|\bjag )(?:\w+ )?(?:ska|tanker|kommer att|vill) (?:\w+ )?(?:hoppa|kasta mig) (?:ner |ut )?(?:fran|genom) "
             + words("bron", r"\w+bron", "en bro", "taket", "hustaket", "balkongen", "fonstret",
                     "parkeringshuset", "viadukten", r"\d+(?:e|de|te)? vaningen") + r"\b" + _NOT_FOR_FUN,
             r"(?:^|\bjag )(?:\w+ )?(?:ska|tanker|kommer att|vill) (?:\w+ )?(?:hoppa|kasta mig) framfor "
             + words("taget", "ett tag", "tunnelbanan", "en lastbil", "bussen") + r"\b" + _NOT_FOR_FUN,
             r"(?:^|\bjag )(?:\w+ )?(?:ska|tanker|kommer att|vill) (?:\w+ )?lagga mig pa "
             + words("sparet", "sparen", "ralsen", "jarnvagen") + r"\b",
             r"(?:^|\bjag )hoppar (?:ner |ut )?fran " + words("bron", r"\w+bron", "taket", "balkongen")
             + r" (?:nu|ikvall|inatt)\b" + _NOT_FOR_FUN,
             near("jag", "bestamt", words("hur", "nar"), words("allt ska sluta", "allt ska ta slut", "jag ska do",
                                                               "livet ska ta slut"), gap=1) + r"(?: (?:nu|ikvall|snart))?$",
             near("dodlig", "dos", gap=0), near("har", "bestamt", "mig", words("ikvall", "imorgon", "inatt", "nu"),
                                                gap=3),
             near(words("kora", "koa", "svanga"), "in", words("i", "under"),
                  words("en langtradare", "ett trad", "en lastbil", "berget", "en bergvagg", "ett tag"), gap=1)),
    _concept("plan_maybe", PLAN, MAYBE, near("har", "bestamt", "mig", gap=0), near("ett", "datum", gap=0),
             near(words("fixa", "skaffa", "kopa", "fa tag pa"), words("en pistol", "ett vapen", "ett gevar", "ett rep"),
                  gap=2),
             near("vet", words("hur", "nar", "exakt hur", "exakt nar"), words("och nar", "och hur"), gap=1),
             near("googlat", "hur", words("manga", "mycket"), gap=0)),
    # Means and places.
    _concept("hoarded_pills", MEANS, SURE,
             near(words("samlat", "sparat", "gomt", "hamstrat"), PILLS, gap=3),
             near(PILLS, words("framfor mig", "pa bordet", "i handen"), gap=2),
             near("motorn", words("igang", "gar"), gap=1), near("har", words("ett rep", "en snara"), gap=1),
             ),
    _concept("means_maybe", MEANS, MAYBE,
             near(words("star", "sitter", "ar", "stod", "satt", "ligger", "klattrat", "gatt", "gar", "im", "i am"),
                  words("pa", "vid", "uppe pa", "ute pa", "i", "on", "at"), HIGH_PLACES, gap=2),
             near(words("rep", "snara", "rakblad", r"kniv\w*", "pistol", r"gevar\w*", "vapen", r"bensin\w*"),
                  words("har", "hittat", "kopt", "sitter med", "i handen", "framfor mig", "under kudden", "ligger"),
                  gap=2),
             near(words("har", "sitter med", "kopt"), words("rep", "snara", "rakblad", r"kniv\w*", "pistol", r"gevar\w*",
                                                            "vapen"), gap=2),
             near(words("gren", "trad", "krok", "balk"), words("anvanda", "hittat", "valt", "hallfast"), gap=3)),
    # Self-harm.
    _concept("self_harm", SELF_HARM, SURE,
             r"\bsjalvskad\w*", near(words("skada", "skadar", "skadat", "gora", "gor", "gjorde"),
                                     words("mig sjalv", "mig illa"), gap=1),
             r"\bcutta\w*", r"\bcuttat\b",
             near(words("skar", "skara", "skurit", "rispat", "rispa", "brant", "brande", "branna", "branner", "klost",
                        "klosa"),
                  words("mig", "armen", "armarna", "handleden", "handlederna", "laret", "laren", "magen", "huden"),
                  gap=2),
             near(words("slar", "slog", "dunkar", "dunkade"), words("mig sjalv", "huvudet i", "handen i"), gap=1),
             near(words("cut", "cutting", "hurt", "hurting", "burn", "burning"), words("myself", "my self", "me"),
                  gap=1), r"\bself ?harm\w*"),
    _concept("self_harm_maybe", SELF_HARM, MAYBE, r"\brakblad\w*", near("gora", "sig", "illa", gap=0),
             near(words("straffar", "straffa", "straffade"), "mig sjalv", gap=0)
             + r"(?! (?:med|genom|for att|nar|om|pa|varje)\b)",
             near(words("bloder", "blodet", "blodningen"), words("kan inte", "vill inte", "slutar inte", "gar inte att"),
                  gap=2),
             near(words("kan inte", "gar inte att", "far inte"), words("stoppa", "sluta"), words("blodningen", "bloda",
                                                                                             "blodet"), gap=1),
             near("vill", words("kanna", "ha"), "smarta", gap=1), near("fortjanar", words("smarta", "att ha ont"),
                                                                         gap=1)),
    # Overdose.
    _concept("overdose", OVERDOSE, SURE,
             near(words("tagit", "tog", "svalt", "svalde", "atit", "at", "druckit", "knaprat", "proppat i mig",
                        "took", "taken", "swallowed"),
                  words("alla", "hela", "for manga", "en massa", "massa", MANY, "allt", "resten", "en hel",
                        "ett helt", "en nave", "en handfull", "all", "too many", "a lot of", "the whole"), PILLS, gap=3),
             near(words("tagit", "tog", "tar"), words("en overdos", "overdos"), gap=1), r"\boverdoserat\b",
             near("hela", r"dosett\w*", gap=0),
             near(words("drack", "druckit"), words("blekmedel", "klorin", "tandvatska"), gap=2),
             r"^hjalp(?: \w+){0,2} (?:tog|tagit) (?:alldeles )?for (?:mycket|manga)$",
             r"\b(?:tog|tagit) (?:alldeles )?for (?:mycket|manga) (?:av (?:mina |min )?)?" + PILLS + r"\b",
             r"\b(?:drack|druckit) (?:typ |nastan |lite |en |ett )*(?:kopp|glas|flaska|klunk|mugg) (?:med |av )?"
             r"(?:blekmedel|klorin|tandvatska)\b",
             r"\boverdosed\b"),
    _concept("overdose_maybe", OVERDOSE, MAYBE, r"\boverdos\w*",
             # "har svalt tabletterna", "svalde nyss hela kartan": swallowed, which medicine taken as prescribed is
             # rarely called; and a whole pack taken. Only a check-in on their own: "svalde tabletten fel" is calm.
             near(words("svalt", "svalde"), words(PILLS, "kartan", "kartor", "kartorna", "burken", "askan",
                                                 "forpackningen"), gap=3),
             near(words("tagit", "tog"), "hela", words("kartan", "burken", "askan", "forpackningen"), gap=1),
             near(words("drack", "druckit", "supit"), words("tagit", "tog"), PILLS, gap=4),
             near(words("tagit", "tog", "har tagit"), words("allt", "det jag hade", "det jag sparat"), gap=2)),
    # Voices and delusions that command harm.
    _concept("voices", VOICES, SURE,
             near(words("rosterna", "rosten", "roster", "dom", "de", "nagon", "gud", "djavulen", "tvn", "voices",
                        "voice"),
                  words("sager", "sa", "skriker", "befaller", "vill", "tvingar", "tells", "telling", "told", "say",
                        "want"), HARM_VERBS, gap=4),
             near(words("rosterna", "rosten", "roster", "rostena", "voices", "djavulen", "satan", "tvn"),
                  words("sager", "sa", "skriker", "viskar", "befaller", "tvingar", "tells", "told"), "att jag", HARM_VERBS,
                  gap=4)),
    _concept("voices_maybe", VOICES, MAYBE, near(words("hor", "hora", "horde"), words("roster", "rosten", "rosterna"),
                                                   gap=1),
             near(words("sager", "sa"), "kom", "till", "mig", gap=1)),
    # Violence now, to the writer or from the writer.
    _concept("violence", VIOLENCE, SURE,
             near(SOMEONE, HITS, gap=4),
             near(words("ska", "kommer", "kommer att", "tanker"), words("doda", "morda", "sla ihjal", "knivhugga",
                                                                      "skjuta"),
                  words("honom", "henne", "dem", "dom", "handlaggaren", "grannen", "nagon", "mig", "oss", "barnen",
                        "min man", "min fru", "min sambo", "min mamma", "min pappa", "min handlaggare", "mina barn"),
                  gap=1),
             near("tanda", "eld", gap=0), near("strypgrepp", gap=0),
             near(words("granne", "grannen", "storebror", "storebrorsan", "personalen", "en i personalen", "han", "hon"),
                  words("hotade mig med", "hotar mig med"), words("en kniv", "kniv", "en yxa", "yxa", "ett vapen", "vapen",
                                                                 "en pistol", "pistol", "ett gevar", "gevar"), gap=1),
             # Sexual abuse, named. (Touching in general, "hon säger att jag rör mig på ett konstigt sätt", alarmed in
             # review: only a child's words for the body's private parts are read below.)
             near(words("valdtar", "valdtog", "valdtagit", "forgriper sig pa", "forgrep sig pa", "tafsar pa",
                        "tafsade pa"), ME, gap=0),
             near(words("utnyttjar", "utnyttjade"), ME, "sexuellt", gap=0),
             near("jag", words("blev", "har blivit", "hade blivit", "blir"),
                  words("valdtagen", "sexuellt utnyttjad", "utnyttjad sexuellt"), gap=1),
             r"^(?:har |hade )?(?:blev|blivit) (?:\w+ )?(?:valdtagen|sexuellt utnyttjad|utnyttjad sexuellt)\b",
             # Said the way a child says it. Not "mitt kön" or "mitt underliv": "frågan rör mitt kön" concerns, and a
             # doctor examines.
             near(words("tar pa", "tog pa", "ror", "rorde", "rort", "kladdar pa", "kladdade pa", "tafsar pa",
                        "tafsade pa", "pillar pa", "pillade pa"),
                  words("min snippa", "min snopp", "snippan", "snoppen", "mig mellan benen", "mig dar nere"), gap=0)),
    _concept("violence_maybe", VIOLENCE, MAYBE,
             near(words("inlast", "last in mig", "lasat in mig", "lasa in mig", "gomt mig", "gommer mig"), gap=0),
             r"(?:^|\bjag )(?:sitter|star) gomd\b(?!.*\b(?:kurragomma|lek\w*|slippa)\b)",
             r"\b(?:styv\w+|pappa|mamma|morbror|farbror|han|killen|mannen|mammas \w+|pappas \w+|brorsan|grannen) "
             r"(?:gor|gjorde) saker med mig som jag inte (?:vill|ville)\b",
             r"^hjalp (?:han|hon) (?:ar har|ar pa vag|star utanfor|bankar pa dorren)(?: nu)?$",
             near("vagar", "inte", words("ga hem", "aka hem", "vara hemma"), gap=1)
             + r"(?! (?:fore|innan|tidigt|forran|till|med|i|pa|utan|och)\b)",
             near(words("skada", "skadar"), words("henne", "honom", "handlaggaren", "grannen", "bebisen", "barnen"),
                  gap=1)),
)

# Everyday idioms with words of death: blanked out before the concepts are read.
IDIOMS = re.compile("|".join([
    near("dor", "av", words("skratt", "tristess", "hunger", "trakighet", "langtan", "nyfikenhet"), gap=0),
    near("doda", words("processen", "processer", "alla processer", "appen", "fonstret"), gap=1),
    r"\bskrattade ihjal\b", r"\bskratta ihjal\b", r"\bdods(?!langtan|onsk)\w+", r"\bihjal\w* (?:trott|stressad)\b",
    near(words("tar", "kommer ta"), "livet", "av", "mig", words("assa", "haha", "lol"), gap=0),
    near("kommer", words("doda", "morda"), "mig", words("om", "haha", "lol", "nar"), gap=1),
    near("sjalvmordsuppdrag", gap=0), near("overdos\\w*", "pa", words("kaffe", "coffee", "socker"), gap=0),
    near("overdosed", "on", gap=0), near("skar", "mig", words("pa", "i"),
                                         words("brodkniven", "kniven", "burken", "konservburk", "en konservburk",
                                               "glaset", "tummen", "fingret", "papperet"), gap=2),
    near("skjuta", "mig", "sjalv", "i", "foten", gap=0),
    near(words("skar", "skara", "skurit"), "mig", words("en bit", "en skiva"), words("tarta", "brod", "ost", "kaka", "paj",
                                                                                     "melon", "kott", "av"), gap=0),
    # "bestämt mig, ska överklaga beslutet": the decision named is the plan.
    near("bestamt", "mig", words("ska", "for att", "att"), words("ansoka", "soka", "anmala", "overklaga"), gap=0),
    # Medicine as the doctor said (not "inte som läkaren sa").
    near(PILLS, words(r"(?<!inte )som lakaren sa", r"(?<!inte )som lakaren sagt", r"(?<!inte )enligt ordination",
                      r"(?<!inte )som ordinerat"), gap=2),
    near(words("laste", "last", "lasat"), "in", "mig", r"(?:\w+ ){0,3}av misstag", gap=0),
    # Games and balls: "slår mig alltid i schack", "han sparkade bollen".
    near(words("slar", "slog", "slagit"), words("mig", "oss"), r"(?:\w+ )?i", words("schack", "kort", "tennis", "padel",
                                                                                "fifa", "pingis", "yatzy", "monopol",
                                                                                "bowling", "badminton"), gap=0),
    near(words("sparkar", "sparkade", "slar", "slog"), words("bollen", "en boll", "rekord", "straffen"), gap=0)
    + r"(?! pa (?:mig|oss|henne|honom))",
    # "snart slipper ni mig, flyttar till Göteborg": leaving town, not life.
    near(words("slipper", "blir av med"), "mig", words("flyttar", "ska flytta", "byter", "har flyttat"), gap=4),
    # "handläggaren tar livet av mig med alla kompletteringar": someone wears the writer out.
    near(words("handlaggaren", "handlaggarna", "fk", "af", "soc", "kronofogden", "jobbet", "chefen", "ungarna",
               "barnen", "blanketterna", "kon", "vantan", "det har"), "tar", "livet", "av", "mig", "med", gap=0),
    r"\bsjalvmordslinjen\b", r"\bsjalvmordsupplysningen\b", r"\bsuicide zero\b",
    near(words("statistik", "uppsats", "podd", "poddar", "bok", "boken", "film", "filmen", "artikel", "serie", "serien",
               "forskning", "dokumentar", "romanen", "nyheterna", "laste", "lasa"),
         words("om", "pa"), words(r"sjalvmord\w*", r"suicid\w*"), gap=3),
    near(words("forlorat", "forlorade", "dog", "sorjer", "efterlevande", "anhorig"), words("i", "genom", "av"),
         words(r"sjalvmord\w*", r"suicid\w*", "en overdos", "overdos"), gap=3),
    near("finnas", "kvar", words("i", "pa"), words("appen", "den appen", "registret", "systemet", "listan", "kon"),
         gap=1),
    near(words("samlat", "sparat"), PILLS, words("apoteket", "lamna", "kasta"), gap=10),
    near(words("bok", "boken", "film", "filmen", "serie", "serien", "roman", "romanen", "pjas", "novell", "spelet"),
         words("om", "dar"), words("tar sitt liv", "tog sitt liv", "dor", "tar livet av sig", "mordas"), gap=5),
    near(words("sitter", "star", "ar"), words("pa", "vid"), HIGH_PLACES, words("och", "for att"),
         words("skottar", "vantar", "fotograferar", "fiskar", "solar", "grillar", "rokar", "jobbar", "lagar",
               "tittar pa", "vantar pa"), gap=3),
]))
# A crisis that is over: "för fem år sedan", "när jag var 16", "förut".
FINISHED_PAST = re.compile("|".join([
    near(words("for", "i"), r"\w+", words("ar", "manader", "veckor"), words("sedan", "sen"), gap=1),
    near("nar", words("jag", "vi"), "var", words(r"\d+", "liten", "sma", "barn", "tonaring", "ung", "yngre"), gap=1),
    r"\bforut\b", r"\bforr\b", r"\bsom tonaring\b", r"\bi tonaren\b", r"\bfor lange (?:sedan|sen)\b",
    r"\btidigare\b", r"\bi (?:gymnasiet|hogstadiet|plugget|tjugoarsaldern)\b", r"\bunder pandemin\b",
    near(words("det", "den", "det har"), words("ar over", "har gatt over", "ar forbi", "gick over"), gap=1),
    near(words("mar", "ar"), words("bra", "okej", "ok", "battre", "lugn", "stabil"), words("nu", "idag", "numera"),
         gap=2),
    near(words("nu", "idag", "numera", "just nu"), words("ar det", "ar jag", "mar jag"), words("stabil", "stabilt", "bra"),
         gap=1),
    near(words("years", "months"), "ago", gap=0), near("when", "i", "was", r"\d+", gap=0),
    near(words("now", "today"), words("i am", "i m"), words("stable", "fine", "ok", "okay", "better", "well"), gap=1),
    near("forra", words("aret", "manaden", "sommaren", "vintern", "hosten", "varen"), gap=0),
    near("i", words("varas", "fjol", "host", "hostas", "somras", "vintras"), gap=0), near("mar", "bra", "nu", gap=1),
    near("mar", "battre", "nu", gap=1), near("sen", "sista", "gangen", gap=0),
    near("har", "inte", r"\w+", "pa", words(r"\d+", "ett", "tva", "tre", "fyra", "fem", "sex", "flera", "manga"),
         gap=1),
    # Someone else's death: grief, not danger now.
    near(words("tagit", "tog", "hade tagit"), "livet", "av", "sig", gap=0),
]))


# Right now: with a means or a high place named, a MAYBE becomes SURE ("står på bron nu").
NOW = re.compile(near(words("nu", "just nu", "ikvall", "inatt", "idag", "i natt", "redan", "precis", "now", "tonight",
                            "right now"), gap=0))

# Talk about crisis rather than from it: a book, a study, a term, a client or pupil at work.
SPOKEN_ABOUT = re.compile("|".join([
    near(words("laste", "laser", "lasa", "lasit"), words("i tidningen", "om", "en artikel", "en bok", "psykologi",
                                                        "att", "slutet"), gap=4),
    r"\b(?:tidningen|artikeln|novell\w*|uppsats\w*|romanen|dokumentar\w*|sasong|avsnitt\w*|podden|forskningen)\b",
    near(words("vad", "vilken"), words("betyder", "ar skillnaden", "skiljer", "menas med", "innebar"), gap=1),
    r"\bsom begrepp\b", r"\bbegreppet\b",
    r"\b(?:teater\w*|pjas\w*|forestallning\w*|foredrag\w*|statistik\w*|lat som heter|sang som heter)\b",
    near("hur", "manga", words("tar livet av sig", "dor", "forsoker"), gap=1),
    r"\b(?:book|novel|film|movie|series|podcast|article|lecture|essay|book club)\b",
    near(words("jobbar", "arbetar"), words("som", "pa", "med"), gap=0),
    r"\b(?:en|min|var) (?:klient|elev)\b", r"\bklienten\b", r"\bkurator\w*\b",
]))


@dataclass(frozen=True)
class LexiconReading:
    strength: str | None  # SURE, MAYBE or None
    kinds: tuple[str, ...]  # the kinds of danger named, most certain first
    at_a_distance: bool = False  # a finished past, or talk about crisis rather than from it


def read(normalised: str) -> LexiconReading:
    """The concepts the normalised text names, and how sure they make us."""
    text = IDIOMS.sub(" ", normalised)
    found = [concept for concept in CONCEPTS if concept.pattern.search(text)]
    if not found:
        return LexiconReading(None, ())
    at_a_distance = bool(FINISHED_PAST.search(normalised) or SPOKEN_ABOUT.search(normalised))
    sure = [c for c in found if c.strength == SURE or (c.kind == MEANS and NOW.search(text))]
    strength = SURE if sure and not at_a_distance else MAYBE
    kinds = tuple(dict.fromkeys(c.kind for c in [*sure, *found]))
    return LexiconReading(strength, kinds, at_a_distance)
