"""Whether a new ombud password is strong enough: long, and not among the ones tried first.

zxcvbn estimates how many guesses a password takes, knowing lists of leaked passwords, names,
words and keyboard patterns ("qwertyuiop12"), plus dates, repeats and l33t spelling. Its lists are
English, so Swedish words that people build passwords from are added as the person's own inputs,
with the e-mail address and the office. An ombud's password opens other people's health data:
it must need at least 10^10 guesses (zxcvbn's top score), which "Sommar2024!!" does not.
"""
from __future__ import annotations

import re

from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 12
MIN_GUESSES_LOG10 = 10.0
# zxcvbn refuses longer input (its cost grows with length); a longer password is judged by its start.
ZXCVBN_MAX_LENGTH = 72
SWEDISH_PASSWORD_WORDS = (
    "lösenord", "losenord", "losen", "hemlig", "hemligt", "sommar", "vinter", "hösten", "hosten", "våren",
    "varen", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december", "måndag", "fredag", "sverige", "svenska", "stockholm", "göteborg", "goteborg",
    "malmö", "malmo", "uppsala", "kommun", "kommunen", "socialtjänst", "ombud", "ombudet", "personligt",
    "personligtombud", "ombudsguiden", "välkommen", "valkommen", "hejhej", "hejsan", "tjena", "kärlek",
    "karlek", "älskar", "alskar", "katten", "hunden", "blomma", "solen", "fotboll", "kaffe", "pepparkaka",
    "midsommar", "jul", "julafton", "påsk", "pask", "qwertyuiopå", "asdfghjklöä", "zxcvbnm",
)


def password_problem(password: str, email: str = "", office_id: str = "") -> str | None:
    """None when the password may be used; otherwise why not, in Swedish, for the admin making the account."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."
    own_words = [*SWEDISH_PASSWORD_WORDS, email, office_id, *re.split(r"[@.\-_]+", f"{email} {office_id}")]
    estimate = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=[word for word in own_words if word])
    if estimate["guesses_log10"] < MIN_GUESSES_LOG10:
        return ("Lösenordet är för lätt att gissa: det liknar vanliga lösenord, ord eller mönster. "
                "Välj till exempel fyra eller fem ord som inte hör ihop.")
    return None
