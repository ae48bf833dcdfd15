"""The `ombudsguiden` command: `kb load`, `nlp build`, `run`."""
from __future__ import annotations

import argparse
import os
import sys

# No call may leave the machine, whichever entry point starts Rasa code.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"


def _kb_load(_args: argparse.Namespace) -> int:
    from knowledge.loader import load

    report = load()
    print(f"Kunskapsbasen laddad: {report.facts} fakta.")
    return 0


def _nlp_build(_args: argparse.Namespace) -> int:
    from bot.nlp_pipeline import PIPELINE_DIR, build, wanted_recipe

    written = build()
    state = "byggd" if written else "redan aktuell"
    print(f"spaCy-pipeline {state}: {PIPELINE_DIR} ({wanted_recipe()['base']})")
    return 0


def _run(_args: argparse.Namespace) -> int:
    from bot.processes import run_all

    return run_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ombudsguiden", description="Ombudsguiden – verktyg")
    commands = parser.add_subparsers(dest="command", required=True)

    kb = commands.add_parser("kb", help="kunskapsbasen").add_subparsers(dest="kb_command", required=True)
    kb.add_parser("load", help="bygg om tabellerna från knowledge/data").set_defaults(handler=_kb_load)

    nlp = commands.add_parser("nlp", help="svensk språkpipeline").add_subparsers(dest="nlp_command", required=True)
    nlp.add_parser("build", help="bygg spaCy-pipelinen som Rasa använder").set_defaults(handler=_nlp_build)

    commands.add_parser("run", help="starta Rasa, action-servern och webbservern").set_defaults(handler=_run)

    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
