"""The `ombudsguiden` command: knowledge base, language pipeline, and running the bot."""
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
        f"{report.authorities} myndigheter, {report.facts} fakta."
    )
    return 0


def _kb_check(args: argparse.Namespace) -> int:
    from collections import Counter

    from knowledge.checks import find_problems
    from knowledge.datafiles import DATA_DIR, read_raw

    raw = read_raw(args.data_dir or DATA_DIR)
    problems = find_problems(raw, today=dt.date.today(), max_age_days=args.max_age_days)
    for problem in problems:
        print(problem)
    active = sum(1 for office in raw.offices if office.get("active") is True)
    covered = {code for office in raw.offices if office.get("active") is True for code in office.get("kommuner") or ()}
    counts = Counter(problem.severity for problem in problems)
    print(
        f"{len(raw.kommuner)} kommuner, {len(raw.offices)} verksamheter ({active} aktiva, "
        f"{len(covered)} kommuner med känt ombud), {len(raw.authorities)} myndigheter, {len(raw.facts)} fakta."
    )
    if problems:
        print(f"{len(problems)} problem: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        return 1
    print("Inga problem.")
    return 0


def _office_find(args: argparse.Namespace) -> int:
    from knowledge.report import format_office_answer, office_answer

    answer = office_answer(" ".join(args.text))
    print(json.dumps(answer, ensure_ascii=False, indent=2, default=str) if args.json else format_office_answer(answer))
    return 0 if answer["candidates"] else 1


def _report_brister(args: argparse.Namespace) -> int:
    from knowledge.obstacles import count_notes, counts_as_dict, format_counts

    if args.first_day > args.last_day:
        print("--from måste vara samma dag som --to eller tidigare.", file=sys.stderr)
        return 2
    counts = count_notes(args.first_day, args.last_day)
    print(json.dumps(counts_as_dict(counts), ensure_ascii=False, indent=2) if args.json else format_counts(counts))
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett datum som 2026-01-31: {text!r}") from None


def _nlp_build(_args: argparse.Namespace) -> int:
    from bot.nlp_pipeline import PIPELINE_DIR, build, wanted_recipe

    written = build()
    state = "byggd" if written else "redan aktuell"
    print(f"spaCy-pipeline {state}: {PIPELINE_DIR} ({wanted_recipe()['base']})")
    return 0


def _run(_args: argparse.Namespace) -> int:
    from bot.processes import run_all

    return run_all()


def parser() -> argparse.ArgumentParser:
    from pathlib import Path

    from knowledge.checks import DEFAULT_MAX_AGE_DAYS

    root = argparse.ArgumentParser(prog="ombudsguiden", description="Ombudsguiden – verktyg")
    commands = root.add_subparsers(dest="command", required=True)

    kb = commands.add_parser("kb", help="kunskapsbasen").add_subparsers(dest="kb_command", required=True)
    kb.add_parser("load", help="bygg om tabellerna från knowledge/data").set_defaults(handler=_kb_load)
    check = kb.add_parser("check", help="granska datafilerna: källor, datum, dubbletter, kommunkoder")
    check.add_argument("--max-age-days", type=int, default=DEFAULT_MAX_AGE_DAYS,
                       help=f"äldsta tillåtna kontrolldatum i dagar (standard {DEFAULT_MAX_AGE_DAYS})")
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

    nlp = commands.add_parser("nlp", help="svensk språkpipeline").add_subparsers(dest="nlp_command", required=True)
    nlp.add_parser("build", help="bygg spaCy-pipelinen som Rasa använder").set_defaults(handler=_nlp_build)

    commands.add_parser("run", help="starta Rasa, action-servern och webbservern").set_defaults(handler=_run)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
