"""The `ombudsguiden` command: knowledge base, language pipeline, ombud accounts, retention, and running the bot."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

# No call may leave the machine, whichever entry point starts Rasa code.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"


def _kb_load(_args: argparse.Namespace) -> int:
    from knowledge.loader import load

    report = load()
    print(
        f"Kunskapsbasen laddad: {report.kommuner} kommuner, {report.places} ortnamn, "
        f"{report.offices} verksamheter, {report.no_po_reports} uppgifter om kommuner utan PO, "
        f"{report.switchboards} växelnummer, {report.authorities} myndigheter, {report.facts} fakta."
    )
    return 0


def _kb_check(args: argparse.Namespace) -> int:
    from collections import Counter

    from knowledge.checks import ERROR, find_problems
    from knowledge.coverage import coverage
    from knowledge.datafiles import DATA_DIR, read_raw, to_records

    raw = read_raw(args.data_dir or DATA_DIR)
    problems = find_problems(raw, today=dt.date.today(), max_age_days=args.max_age_days,
                             source_age_limits=args.source_age_limits)
    for problem in problems:
        print(problem)
    counts = Counter(problem.severity for problem in problems)
    print(f"{len(raw.kommuner)} kommuner, {len(raw.offices)} verksamheter, {len(raw.authorities)} myndigheter, "
          f"{len(raw.facts)} fakta.")
    if not counts[ERROR]:
        print(coverage(to_records(raw)).summary())
    if problems:
        print(f"{len(problems)} att se över: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
    else:
        print("Inga problem.")
    return 1 if counts[ERROR] or (args.strict and problems) else 0


def _source_age_limits(text: str) -> dict[str, int | None]:
    """'telefon=730,kö=180' -> the default limits with those two changed; 'kö=none' turns one off."""
    from knowledge.checks import DEFAULT_SOURCE_AGE_LIMITS

    limits: dict[str, int | None] = dict(DEFAULT_SOURCE_AGE_LIMITS)
    for part in filter(None, (item.strip() for item in text.split(","))):
        kind, _, days = part.partition("=")
        if kind not in limits or not (days.isdigit() or days == "none"):
            raise argparse.ArgumentTypeError(
                f"{part!r}: skriv sort=dagar, där sort är en av {', '.join(limits)} och dagar ett tal eller none")
        limits[kind] = None if days == "none" else int(days)
    return limits


def _office_find(args: argparse.Namespace) -> int:
    from bot.logic.office_report import format_office_answer, office_answer

    answer = office_answer(" ".join(args.text))
    print(json.dumps(answer, ensure_ascii=False, indent=2, default=str) if args.json else format_office_answer(answer))
    return 0 if answer["candidates"] else 1


def _report_brister(args: argparse.Namespace) -> int:
    from casework.obstacles import count_notes, counts_as_dict, format_counts
    from knowledge.queries import all_authorities

    if args.first_day > args.last_day:
        print("--from måste vara samma dag som --to eller tidigare.", file=sys.stderr)
        return 2
    counts = count_notes(args.first_day, args.last_day)
    names = {authority.key: authority.name for authority in all_authorities()}
    print(json.dumps(counts_as_dict(counts, names), ensure_ascii=False, indent=2) if args.json
          else format_counts(counts, names))
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett datum som 2026-01-31: {text!r}") from None


def _new_password() -> str | None:
    """From OMBUDSGUIDEN_PASSWORD (for scripts), else typed twice without echo. None if the two differ."""
    import getpass

    if password := os.environ.get("OMBUDSGUIDEN_PASSWORD"):
        return password
    password = getpass.getpass("Lösenord: ")
    return password if getpass.getpass("Samma lösenord igen: ") == password else None


def _user_add(args: argparse.Namespace) -> int:
    from casework.accounts import AccountError, add_account
    from knowledge.queries import office

    if office(args.office) is None:
        print(f"Det finns ingen verksamhet med id {args.office!r} i kunskapsbasen. Inget konto skapades.",
              file=sys.stderr)
        return 2
    password = _new_password()
    if password is None:
        print("Lösenorden var inte lika. Inget konto skapades.", file=sys.stderr)
        return 2
    try:
        account = add_account(args.office, args.email, password)
    except AccountError as error:
        print(f"{error} Inget konto skapades.", file=sys.stderr)
        return 2
    print(f"Konto skapat: {account.email} kan läsa förfrågningarna till {account.office_id}.")
    return 0


def _user_deactivate(args: argparse.Namespace) -> int:
    from casework.accounts import deactivate

    if not deactivate(args.email):
        print(f"Inget aktivt konto med e-postadressen {args.email}.", file=sys.stderr)
        return 2
    print(f"Kontot {args.email} är stängt. Ombudet är utloggat och kan inte logga in igen.")
    return 0


def _handoffs_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from casework.handoffs import days, for_office, overview
    from knowledge.queries import office

    rows = [overview(handoff) for handoff in for_office(args.office)]
    # Requests outlive an office that leaves the data files, so those are still listed.
    if not rows and office(args.office) is None:
        print(f"Det finns ingen verksamhet med id {args.office!r} i kunskapsbasen.", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"Inga förfrågningar till {args.office}.")
    for row in rows:
        print(f"{row.reference}  {row.status_label:<10} {row.created}  {days(row.age_days)}  {row.contact_method}  "
              f"{', '.join(row.flags) or '–'}")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from casework.retention import apply_retention
    from storage.settings import tracker_store_url

    requests, conversations = apply_retention(tracker_store_url(), closed_after_days=args.closed_days,
                                              any_after_days=args.max_days, audit_after_days=args.audit_days)
    print(f"Avslutade förfrågningar, avslutade för mer än {args.closed_days} dagar sedan: {requests.closed} raderade.")
    print(f"Andra förfrågningar äldre än {args.max_days} dagar: {requests.expired} raderade.")
    print(f"Samtal utan nya meddelanden på {args.max_days} dagar: {conversations.conversations} raderade "
          f"({conversations.events} händelser).")
    print(f"Rader i granskningsloggen äldre än {args.audit_days} dagar: {requests.audit_rows} raderade.")
    return 0


def _days(text: str) -> int:
    """A retention period: a whole number of days, at least 1 (0 would delete everything at once)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"inte ett antal dagar: {text!r}")
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"minst 1 dag, inte {text}")
    return int(text)


def _nlp_build(_args: argparse.Namespace) -> int:
    from bot.nlu.spacy_pipeline import PIPELINE_DIR, build, wanted_recipe

    written = build()
    state = "byggd" if written else "redan aktuell"
    print(f"spaCy-pipeline {state}: {PIPELINE_DIR} ({wanted_recipe()['base']})")
    return 0


def _model_ensure(_args: argparse.Namespace) -> int:
    from bot.runtime.model_cache import ensure_model

    try:
        path = ensure_model()
    except RuntimeError as failure:
        print(failure, file=sys.stderr)
        return 1
    print(f"Modellen finns: {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.runtime.supervisor import run_all

    return run_all(scaled=args.scaled)


def parser() -> argparse.ArgumentParser:
    from pathlib import Path

    from casework.handoffs import (
        DEFAULT_ANY_RETENTION_DAYS,
        DEFAULT_AUDIT_RETENTION_DAYS,
        DEFAULT_CLOSED_RETENTION_DAYS,
    )
    from knowledge.checks import DEFAULT_MAX_AGE_DAYS, DEFAULT_SOURCE_AGE_LIMITS

    root = argparse.ArgumentParser(prog="ombudsguiden", description="Ombudsguiden – verktyg")
    commands = root.add_subparsers(dest="command", required=True)

    kb = commands.add_parser("kb", help="kunskapsbasen").add_subparsers(dest="kb_command", required=True)
    kb.add_parser("load", help="bygg om tabellerna från knowledge/data").set_defaults(handler=_kb_load)
    check = kb.add_parser("check",
                          help="granska datafilerna: källor och deras ålder, dubbletter, kommunkoder, täckning")
    check.add_argument("--max-age-days", type=int, default=DEFAULT_MAX_AGE_DAYS,
                       help=f"hur länge sedan en uppgift senast kontrollerades mot sin källa, högst, i dagar "
                            f"(standard {DEFAULT_MAX_AGE_DAYS})")
    check.add_argument("--source-age", dest="source_age_limits", type=_source_age_limits,
                       default=dict(DEFAULT_SOURCE_AGE_LIMITS),
                       help="hur gammal källan får vara per sorts uppgift, i dagar, t.ex. telefon=730,kö=180 "
                            "(standard: " + ", ".join(f"{k}={v}" for k, v in DEFAULT_SOURCE_AGE_LIMITS.items()) + ")")
    check.add_argument("--strict", action="store_true", help="avsluta med fel också för gamla eller odaterade källor")
    check.add_argument("--data-dir", type=Path, help="granska en annan datamapp")
    check.set_defaults(handler=_kb_check)

    office = commands.add_parser("office", help="verksamheter").add_subparsers(dest="office_command", required=True)
    find = office.add_parser("find", help="vad boten svarar för en ort")
    find.add_argument("text", nargs="+", help="ort, kommun eller stadsdel, t.ex. Rinkeby")
    find.add_argument("--json", action="store_true", help="skriv svaret som JSON")
    find.set_defaults(handler=_office_find)

    report = commands.add_parser("report", help="rapporter").add_subparsers(dest="report_command", required=True)
    brister = report.add_parser("brister", help="anonyma systembrister per myndighet, hinder och kontaktorsak")
    today = dt.date.today()
    brister.add_argument("--from", dest="first_day", type=_day, default=today.replace(month=1, day=1),
                         help="första dagen, t.ex. 2026-01-01 (standard: årets första dag)")
    brister.add_argument("--to", dest="last_day", type=_day, default=today,
                         help="sista dagen, t.ex. 2026-06-30 (standard: i dag)")
    brister.add_argument("--json", action="store_true", help="skriv rapporten som JSON")
    brister.set_defaults(handler=_report_brister)

    user = commands.add_parser("user", help="konton för personliga ombud").add_subparsers(dest="user_command",
                                                                                          required=True)
    add = user.add_parser("add", help="skapa ett konto till inkorgen; lösenordet läses från OMBUDSGUIDEN_PASSWORD "
                                      "eller skrivs in två gånger")
    add.add_argument("--office", required=True, help="verksamhetens id i knowledge/data/offices.yaml")
    add.add_argument("--email", required=True, help="ombudets e-postadress, som också är inloggningsnamnet")
    add.set_defaults(handler=_user_add)
    close = user.add_parser("deactivate", help="stäng ett konto när ombudet slutar (loggar också ut)")
    close.add_argument("--email", required=True, help="ombudets e-postadress")
    close.set_defaults(handler=_user_deactivate)

    handoff = commands.add_parser("handoffs", help="kontaktförfrågningar").add_subparsers(dest="handoffs_command",
                                                                                          required=True)
    listing = handoff.add_parser("list", help="en verksamhets förfrågningar: referens, status och ålder, aldrig "
                                              "innehållet")
    listing.add_argument("--office", required=True, help="verksamhetens id i knowledge/data/offices.yaml")
    listing.add_argument("--json", action="store_true", help="skriv listan som JSON")
    listing.set_defaults(handler=_handoffs_list)

    purge = commands.add_parser("purge", help="radera gamla förfrågningar och samtal")
    purge.add_argument("--closed-days", type=_days, default=DEFAULT_CLOSED_RETENTION_DAYS,
                       help=f"radera avslutade förfrågningar så många dagar efter att de avslutades (standard "
                            f"{DEFAULT_CLOSED_RETENTION_DAYS})")
    purge.add_argument("--max-days", type=_days, default=DEFAULT_ANY_RETENTION_DAYS,
                       help=f"radera alla förfrågningar och samtal som är äldre än så många dagar (standard "
                            f"{DEFAULT_ANY_RETENTION_DAYS})")
    purge.add_argument("--audit-days", type=_days, default=DEFAULT_AUDIT_RETENTION_DAYS,
                       help=f"radera rader i granskningsloggen (inloggningar, öppnade förfrågningar) som är äldre "
                            f"än så många dagar (standard {DEFAULT_AUDIT_RETENTION_DAYS})")
    purge.set_defaults(handler=_purge)

    nlp = commands.add_parser("nlp", help="svensk språkpipeline").add_subparsers(dest="nlp_command", required=True)
    nlp.add_parser("build", help="bygg spaCy-pipelinen som Rasa använder").set_defaults(handler=_nlp_build)

    model = commands.add_parser("model", help="den tränade modellen").add_subparsers(dest="model_command",
                                                                                 required=True)
    model.add_parser("ensure", help="hämta modellen ur cachen, eller träna den om indata har ändrats"
                     ).set_defaults(handler=_model_ensure, starts_rasa=True)

    run = commands.add_parser("run", help="starta Rasa, action-servern och webbservern")
    run.add_argument("--scaled", action="store_true",
                     help="flera Rasa- och webbprocesser med delat lås i Redis (OMBUDSGUIDEN_RASA_PROCESSES, "
                          "OMBUDSGUIDEN_WEB_PROCESSES; 2 och 2 om inget annat sägs)")
    run.set_defaults(handler=_run, starts_rasa=True)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "starts_rasa", False):
        from bot.runtime.telemetry import turn_off_rasa_telemetry

        turn_off_rasa_telemetry()  # in Rasa's own configuration too, not only in the environment
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
