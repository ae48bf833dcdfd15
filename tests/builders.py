"""Records for tests that need one that is not in the shipped data, and edited copies of the data files."""
from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from knowledge.datafiles import DATA_DIR
from knowledge.records import Office, SourceDate

if TYPE_CHECKING:
    from rasa_sdk import Tracker


CRISIS_TRAINING = Path(__file__).resolve().parents[1] / "bot" / "data" / "nlu" / "crisis.yml"


NLU_DATA = Path(__file__).resolve().parents[1] / "bot" / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def training_examples(intent: str) -> list[str]:
    """Every example of `intent` in the NLU training data, entity annotations taken out."""
    return list(_examples_by_intent().get(intent, ()))


@functools.cache
def _examples_by_intent() -> dict[str, tuple[str, ...]]:
    # Read once per test run: the files are large, and many tests go through every intent.
    examples: dict[str, list[str]] = {}
    for path in sorted(NLU_DATA.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" in block:
                examples.setdefault(block["intent"], []).extend(
                    _ANNOTATION.sub(r"\1", line.strip()[2:]) for line in block["examples"].splitlines()
                    if line.strip().startswith("- "))
    return {intent: tuple(texts) for intent, texts in examples.items()}


def crisis_training_examples() -> list[str]:
    """Every example of the crisis intent the bot is trained on."""
    blocks = yaml.safe_load(CRISIS_TRAINING.read_text(encoding="utf-8"))["nlu"]
    return [line[2:].strip() for block in blocks if block.get("intent") == "crisis"
            for line in block["examples"].splitlines() if line.strip().startswith("- ")]


def make_office(**changes: Any) -> Office:
    """An active office in Stockholm with no contact details, unless `changes` says otherwise."""
    base: dict[str, Any] = dict(
        id="test", name="Personligt ombud Test", lan="Testlän", kommun_codes=("0180",), areas=(), target=None,
        operator_type="kommun", operator_name="Testkommun", phone=None, phone_kind=None, phone_owner=None, email=None,
        web=None, hours=None, age_min=18, age_max=None, requirements=(), priority_groups=(), queue=None, active=True,
        status_note=None, confidence="high", source="https://example.se/po", source_date=SourceDate(2019, 3),
        extra_sources=(), verified=dt.date(2026, 11, 24),
    )
    return Office(**{**base, **changes})


def broken_copy(tmp_path: Path, file: str, edit: Callable[[Any], None]) -> Path:
    """A copy of the data files in `tmp_path` with one file changed by `edit` (a YAML document or CSV lines)."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    if path.suffix == ".csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        edit(lines)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(document)
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return data


def tracker_for(text: str = "", intent: str = "greet", slots: dict[str, Any] | None = None,
                events: list[dict[str, Any]] | None = None, entities: list[dict[str, Any]] | None = None,
                active_loop: str | None = None, confidence: float = 1.0,
                extra: dict[str, Any] | None = None) -> Tracker:
    """A rasa-sdk Tracker whose latest message is `text`, understood as `intent`."""
    from rasa_sdk import Tracker

    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
              "intent_ranking": [{"name": intent, "confidence": confidence}], **(extra or {})}
    return Tracker.from_dict({"sender_id": "test", "slots": slots or {}, "latest_message": latest,
                              "events": events or [], "paused": False, "followup_action": None,
                              "active_loop": {"name": active_loop} if active_loop else {},
                              "latest_action_name": "action_listen"})


def user_event(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}
