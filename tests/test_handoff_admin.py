"""The admin side of contact requests: `ombudsguiden user add`, `handoffs list`, `purge`, and withdrawal.

The commands run as real processes against their own database file and their own Rasa
tracker store, so nothing here can touch the developer's data in var/.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.engine import Engine

from casework import handoffs
from casework.accounts import (
    DEACTIVATED,
    LOGIN,
    LOGIN_FAILED,
    add_account,
    authenticate,
    office_has_inbox,
    signed_in,
)
from casework.handoffs import Account, ChangeResult, ContactRequest
from casework.schema import AuditRow, HandoffNoteRow, HandoffRow
from storage.engine import engine_for, session_scope

OFFICE, OTHER_OFFICE = "cura-blekinge", "norra-dalarna"
PASSWORD = "ett långt lösenord för test"
COMMAND = Path(sys.executable).parent / "ombudsguiden"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('admin') / 'ombudsguiden.db'}"


@pytest.fixture(scope="module")
def engine(database: str) -> Engine:
    return engine_for(database)


@pytest.fixture(scope="module")
def ombud(engine: Engine) -> Account:
    return add_account(OFFICE, "ombud@example.se", PASSWORD, engine)


@pytest.fixture(scope="module")
def tracker_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tracker") / "tracker.db"


def ombudsguiden(database: str, tracker_db: Path, *args: str, password: str | None = None,
                 typed: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database, "TRACKER_STORE_URL": f"sqlite:///{tracker_db}"}
    env.pop("OMBUDSGUIDEN_PASSWORD", None)
    if password is not None:
        env["OMBUDSGUIDEN_PASSWORD"] = password
    # A new session has no terminal, so getpass reads what is "typed" from stdin instead of waiting.
    return subprocess.run([str(COMMAND), *args], env=env, input=typed or "", capture_output=True, text=True,
                          timeout=120, start_new_session=True)


def request(office_id: str, summary: str = "Jag behöver hjälp med Försäkringskassan.",
            transcript: str | None = None, engine: Engine | None = None) -> str:
    return handoffs.create(ContactRequest(
        office_id=office_id, kommun_code=None, summary=summary, contact_method="email",
        contact_value="kim@example.se", contact_time="afternoon", flags=("young_adult",), transcript=transcript,
    ), engine)


def handoff_id(engine: Engine, office_id: str, reference: str) -> int:
    return next(h.id for h in handoffs.for_office(office_id, engine) if h.reference == reference)


def done(account: Account, number: int, action: str, engine: Engine, text: str | None = None) -> bool:
    """One change as the inbox makes it (`handoffs.change`); True when it was made."""
    return handoffs.change(account, number, action, text, engine=engine) is ChangeResult.DONE


def test_user_add_makes_an_account_that_can_log_in(database: str, tracker_db: Path, engine: Engine) -> None:
    made = ombudsguiden(database, tracker_db, "user", "add", "--office", OFFICE, "--email", "Anna@Example.se",
                        password=PASSWORD)
    assert made.returncode == 0, made.stderr
    assert "Konto skapat: anna@example.se" in made.stdout
    account = authenticate("anna@example.se", PASSWORD, engine)
    assert account is not None and account.office_id == OFFICE
    assert authenticate("anna@example.se", "fel lösenord här", engine) is None

    again = ombudsguiden(database, tracker_db, "user", "add", "--office", OFFICE, "--email", "anna@example.se",
                         password=PASSWORD)
    assert again.returncode == 2 and "Det finns redan ett konto för anna@example.se." in again.stderr


def test_user_add_refuses_an_unknown_office_and_a_short_password(database: str, tracker_db: Path,
                                                                 engine: Engine) -> None:
    unknown = ombudsguiden(database, tracker_db, "user", "add", "--office", "finns-inte", "--email", "bo@example.se",
                           password=PASSWORD)
    assert unknown.returncode == 2
    assert "Det finns ingen verksamhet med id 'finns-inte' i kunskapsbasen." in unknown.stderr
    short = ombudsguiden(database, tracker_db, "user", "add", "--office", OFFICE, "--email", "bo@example.se",
                         password="kort")
    assert short.returncode == 2 and "Lösenordet måste ha minst 12 tecken." in short.stderr
    assert authenticate("bo@example.se", PASSWORD, engine) is None


def test_user_add_asks_for_the_password_twice(database: str, tracker_db: Path, engine: Engine) -> None:
    differ = ombudsguiden(database, tracker_db, "user", "add", "--office", OFFICE, "--email", "cay@example.se",
                          typed=f"{PASSWORD}\nnågot annat lösenord\n")
    assert differ.returncode == 2 and "Lösenorden var inte lika." in differ.stderr
    same = ombudsguiden(database, tracker_db, "user", "add", "--office", OFFICE, "--email", "cay@example.se",
                        typed=f"{PASSWORD}\n{PASSWORD}\n")
    assert same.returncode == 0, same.stderr
    assert PASSWORD not in same.stdout + same.stderr
    assert authenticate("cay@example.se", PASSWORD, engine) is not None


def test_handoffs_list_shows_state_and_never_content(database: str, tracker_db: Path, engine: Engine) -> None:
    private = "Jag har ångest och en skuld hos Kronofogden."
    references = {request(OFFICE, summary=private, transcript="Du: hemligt samtal", engine=engine),
                  request(OFFICE, engine=engine)}
    other = request(OTHER_OFFICE, engine=engine)

    listed = ombudsguiden(database, tracker_db, "handoffs", "list", "--office", OFFICE, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {row["reference"] for row in rows} >= references and other not in listed.stdout
    row = next(row for row in rows if row["reference"] in references)
    assert row["status"] == "new" and row["status_label"] == "Ny" and row["age_days"] == 0
    assert row["flags"] == ["18–25 år"] and row["contact_method"] == "E-post"
    assert dt.datetime.fromisoformat(row["created"]).tzinfo is not None
    for secret in (private, "hemligt samtal", "kim@example.se"):
        assert secret not in listed.stdout

    text = ombudsguiden(database, tracker_db, "handoffs", "list", "--office", OFFICE)
    assert all(reference in text.stdout for reference in references) and "0 dagar" in text.stdout


def test_handoffs_list_refuses_an_unknown_office(database: str, tracker_db: Path) -> None:
    typo = ombudsguiden(database, tracker_db, "handoffs", "list", "--office", "cura-blekinnge")
    assert typo.returncode == 2 and typo.stdout == ""
    assert "Det finns ingen verksamhet med id 'cura-blekinnge' i kunskapsbasen." in typo.stderr


def _backdate(engine: Engine, reference: str, created_days: int, closed_days: int | None = None) -> None:
    moment = handoffs.now()
    values = {"created_at": moment - dt.timedelta(days=created_days)}
    if closed_days is not None:
        values |= {"status": handoffs.CLOSED, "closed_at": moment - dt.timedelta(days=closed_days)}
    with session_scope(engine) as session:
        session.execute(update(HandoffRow).where(HandoffRow.reference == handoffs.normalise_reference(reference))
                        .values(**values))


def _save_conversation(tracker_db: Path, sender: str, days_ago: list[float]) -> None:
    """A conversation in Rasa's own SQL tracker store, one user message per entry in `days_ago`."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    now = dt.datetime.now(dt.UTC).timestamp()
    events = [UserUttered("hej", timestamp=now - days * 24 * 60 * 60) for days in days_ago]
    store = SQLTrackerStore(dialect="sqlite", db=str(tracker_db))
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()


def _events_by_sender(tracker_db: Path) -> dict[str, int]:
    events = engine_for(f"sqlite:///{tracker_db}")
    with events.connect() as connection:
        return dict(connection.exec_driver_sql("SELECT sender_id, count(*) FROM events GROUP BY sender_id").all())


def test_purge_deletes_old_requests_and_conversations_and_nothing_younger(
        database: str, tracker_db: Path, engine: Engine, ombud: Account) -> None:
    closed_long_ago = request(OFFICE, engine=engine)
    _backdate(engine, closed_long_ago, created_days=40, closed_days=11)
    done(ombud, handoff_id(engine, OFFICE, closed_long_ago), handoffs.NOTE, engine, "Klar.")
    closed_lately = request(OFFICE, engine=engine)
    _backdate(engine, closed_lately, created_days=40, closed_days=9)
    too_old = request(OFFICE, engine=engine)
    _backdate(engine, too_old, created_days=61)
    old_but_kept = request(OTHER_OFFICE, engine=engine)
    _backdate(engine, old_but_kept, created_days=59)
    _save_conversation(tracker_db, "quiet-since-long", [90, 70])
    _save_conversation(tracker_db, "came-back", [90, 1])  # an old start, but the conversation goes on
    _save_conversation(tracker_db, "today", [0])

    purged = ombudsguiden(database, tracker_db, "purge", "--closed-days", "10", "--max-days", "60")

    assert purged.returncode == 0, purged.stderr
    assert "avslutade för mer än 10 dagar sedan: 1 raderade" in purged.stdout
    assert "Andra förfrågningar äldre än 60 dagar: 1 raderade" in purged.stdout
    assert "Samtal utan nya meddelanden på 60 dagar: 1 raderade (2 händelser)" in purged.stdout
    remaining = {h.reference for office in (OFFICE, OTHER_OFFICE) for h in handoffs.for_office(office, engine)}
    assert closed_long_ago not in remaining and too_old not in remaining
    assert {closed_lately, old_but_kept} <= remaining
    with session_scope(engine) as session:
        orphans = session.scalar(select(func.count()).select_from(HandoffNoteRow).where(
            HandoffNoteRow.handoff_id.not_in(select(HandoffRow.id))))
    assert orphans == 0
    assert _events_by_sender(tracker_db) == {"came-back": 2, "today": 1}


@pytest.mark.parametrize("option", ["--max-days", "--closed-days", "--audit-days"])
@pytest.mark.parametrize("value", ["0", "-1"])
def test_purge_refuses_a_period_shorter_than_a_day(database: str, tracker_db: Path, engine: Engine,
                                                     option: str, value: str) -> None:
    kept = request(OFFICE, engine=engine)
    _backdate(engine, kept, created_days=1, closed_days=1)

    refused = ombudsguiden(database, tracker_db, "purge", f"{option}={value}")

    assert refused.returncode == 2 and "raderade" not in refused.stdout
    assert option in refused.stderr
    assert kept in {h.reference for h in handoffs.for_office(OFFICE, engine)}
    with pytest.raises(ValueError, match="at least one day"):
        handoffs.purge(**{{"--max-days": "any_after_days", "--closed-days": "closed_after_days",
                           "--audit-days": "audit_after_days"}[option]: 0}, engine=engine)


def test_purge_deletes_old_audit_rows(database: str, tracker_db: Path, engine: Engine, ombud: Account) -> None:
    moment = handoffs.now()
    with session_scope(engine) as session:
        for days_ago, action in [(800, "old-login"), (101, "old-open"), (99, "young-open")]:
            session.execute(insert(AuditRow).values(at=moment - dt.timedelta(days=days_ago), account_id=ombud.id,
                                                    action=action))

    purged = ombudsguiden(database, tracker_db, "purge", "--audit-days", "100")

    assert purged.returncode == 0, purged.stderr
    assert "Rader i granskningsloggen äldre än 100 dagar: 2 raderade." in purged.stdout
    with session_scope(engine) as session:
        actions = set(session.scalars(select(AuditRow.action)))
    assert "young-open" in actions and not {"old-login", "old-open"} & actions
    default = ombudsguiden(database, tracker_db, "purge")
    assert "Rader i granskningsloggen äldre än 730 dagar: 0 raderade." in default.stdout


def test_purge_without_a_tracker_store_deletes_only_requests(database: str, tmp_path: Path) -> None:
    missing = tmp_path / "never-made.db"
    purged = ombudsguiden(database, missing, "purge")
    assert purged.returncode == 0, purged.stderr
    assert "0 raderade (0 händelser)" in purged.stdout and not missing.exists()


def test_withdrawal_deletes_the_request_and_its_notes(engine: Engine, ombud: Account) -> None:
    reference = request(OFFICE, engine=engine)
    withdrawn = handoff_id(engine, OFFICE, reference)
    done(ombud, withdrawn, handoffs.NOTE, engine, "Ringer på fredag.")

    assert handoffs.withdraw(reference.lower().replace("-", " "), engine)  # as typed in the chat

    assert handoffs.get(OFFICE, withdrawn, engine) is None
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(HandoffNoteRow)
                              .where(HandoffNoteRow.handoff_id == withdrawn)) == 0
    assert not handoffs.withdraw(reference, engine)


def _audit_rows(engine: Engine, reference: str) -> list[tuple[int | None, str]]:
    with session_scope(engine) as session:
        return [tuple(row) for row in session.execute(  # type: ignore[misc]
            select(AuditRow.account_id, AuditRow.action).order_by(AuditRow.id)
            .where(AuditRow.handoff_reference == handoffs.normalise_reference(reference)))]


def test_a_withdrawal_leaves_an_audit_row_without_an_account(engine: Engine, ombud: Account) -> None:
    reference = request(OFFICE, engine=engine)
    assert done(ombud, handoff_id(engine, OFFICE, reference), handoffs.CLAIM, engine)

    assert handoffs.withdraw(reference, engine)

    assert _audit_rows(engine, reference) == [(ombud.id, "claim"), (None, "withdrawn")]
    assert not handoffs.withdraw(reference, engine)
    assert _audit_rows(engine, reference)[-1] == (None, "withdrawn")  # no second row for a code not found


def test_a_change_and_its_audit_row_are_one_transaction(engine: Engine, ombud: Account,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reference = request(OFFICE, engine=engine)
    number = handoff_id(engine, OFFICE, reference)

    def broken_audit(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(handoffs, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        done(ombud, number, handoffs.CLAIM, engine)
    with pytest.raises(RuntimeError):
        done(ombud, number, handoffs.NOTE, engine, "Ringer i morgon.")
    with pytest.raises(RuntimeError):
        handoffs.withdraw(reference, engine)
    with pytest.raises(RuntimeError):
        handoffs.open_request(ombud, number, engine)
    monkeypatch.undo()

    kept = handoffs.get(OFFICE, number, engine)
    assert kept is not None and kept.status == handoffs.NEW and kept.claimed_by is None and kept.notes == ()
    assert _audit_rows(engine, reference) == []


def test_status_changes_follow_the_rules(engine: Engine, ombud: Account) -> None:
    colleague = add_account(OFFICE, "kollega@example.se", PASSWORD, engine)
    number = handoff_id(engine, OFFICE, request(OFFICE, engine=engine))

    def status() -> tuple[str, str | None]:
        found = handoffs.get(OFFICE, number, engine)
        assert found is not None
        return found.status, found.claimed_by

    assert handoffs.change(ombud, number, handoffs.MARK_CONTACTED, engine=engine) is ChangeResult.REFUSED  # not taken
    assert status() == (handoffs.NEW, None)
    assert done(ombud, number, handoffs.CLAIM, engine)
    assert done(ombud, number, handoffs.CLAIM, engine)  # taking it again changes nothing
    assert not done(colleague, number, handoffs.CLAIM, engine)  # a colleague cannot take it over
    assert status() == (handoffs.CLAIMED, ombud.email)
    assert done(colleague, number, handoffs.MARK_CONTACTED, engine)
    assert not done(ombud, number, handoffs.MARK_CONTACTED, engine)
    assert not done(ombud, number, handoffs.CLAIM, engine)  # nor back to "taken"
    assert status() == (handoffs.CONTACTED, ombud.email)
    assert done(ombud, number, handoffs.CLOSE, engine)
    assert status() == (handoffs.CLOSED, ombud.email)
    for refused in (handoffs.CLAIM, handoffs.MARK_CONTACTED, handoffs.CLOSE):
        assert not done(ombud, number, refused, engine)  # a closed request is not reopened
    assert status() == (handoffs.CLOSED, ombud.email)
    assert done(ombud, number, handoffs.NOTE, engine, "Avslutad efter samtal.")  # notes at any status
    fresh = handoff_id(engine, OFFICE, request(OFFICE, engine=engine))
    assert done(ombud, fresh, handoffs.CLOSE, engine)  # new -> closed

    closed_at = handoffs.get(OFFICE, number, engine)
    assert closed_at is not None and [n.text for n in closed_at.notes] == ["Avslutad efter samtal."]


def test_notes_have_a_length_limit(engine: Engine, ombud: Account) -> None:
    number = handoff_id(engine, OFFICE, request(OFFICE, engine=engine))
    for refused in ("x" * (handoffs.NOTE_MAX_LENGTH + 1), "   "):
        with pytest.raises(handoffs.HandoffError):
            handoffs.change(ombud, number, handoffs.NOTE, refused, engine=engine)
    assert done(ombud, number, handoffs.NOTE, engine, "x" * handoffs.NOTE_MAX_LENGTH)
    found = handoffs.get(OFFICE, number, engine)
    assert found is not None and len(found.notes) == 1


def test_another_office_is_refused_and_audited(engine: Engine, ombud: Account) -> None:
    stranger = add_account(OTHER_OFFICE, "annat-kontor@example.se", PASSWORD, engine)
    reference = request(OFFICE, engine=engine)
    number = handoff_id(engine, OFFICE, reference)

    assert handoffs.open_request(stranger, number, engine) is None
    assert handoffs.change(stranger, number, handoffs.CLOSE, engine=engine) is ChangeResult.NOT_YOURS
    assert handoffs.change(stranger, number, handoffs.NOTE, "hej", engine=engine) is ChangeResult.NOT_YOURS
    assert handoffs.open_request(stranger, 999_999_999, engine) is None

    assert _audit_rows(engine, reference) == [(stranger.id, "denied")] * 3
    with session_scope(engine) as session:
        last = session.execute(select(AuditRow.account_id, AuditRow.action, AuditRow.handoff_reference)
                               .order_by(AuditRow.id.desc()).limit(1)).one()
    assert tuple(last) == (stranger.id, "denied", None)  # no such request: nothing to name
    found = handoffs.get(OFFICE, number, engine)
    assert found is not None and found.status == handoffs.NEW and found.notes == ()

    opened = handoffs.open_request(ombud, number, engine)
    assert opened is not None and opened.reference == reference
    assert _audit_rows(engine, reference)[-1] == (ombud.id, "open")


def test_an_office_list_takes_the_same_few_queries_however_long_it_is(engine: Engine) -> None:
    there = add_account(OTHER_OFFICE, "dalarna@example.se", PASSWORD, engine)
    for _ in range(5):
        number = handoff_id(engine, OTHER_OFFICE, request(OTHER_OFFICE, engine=engine))
        assert done(there, number, handoffs.CLAIM, engine)
        assert done(there, number, handoffs.NOTE, engine, "Ringer i morgon.")
    selects: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        listed = handoffs.for_office(OTHER_OFFICE, engine)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(listed) >= 5 and all(h.claimed_by == there.email for h in listed[:5])
    assert all(n.author == there.email for h in listed[:5] for n in h.notes)
    assert len(selects) == 3, selects  # the requests, their notes, the e-mails of the ombud named


def test_many_logins_at_once_on_a_new_database(tmp_path: Path) -> None:
    """The first data call of every thread migrates a fresh database; they must not trip over each other."""
    fresh = engine_for(f"sqlite:///{tmp_path / 'fresh.db'}")

    def log_in(attempt: int) -> Account | None:
        return authenticate(f"ombud-{attempt}@example.se", "fel lösenord här", fresh)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(log_in, range(20)))  # re-raises any thread's error

    assert results == [None] * 20
    account = add_account(OFFICE, "ny@example.se", PASSWORD, fresh)
    with ThreadPoolExecutor(max_workers=20) as pool:
        mixed = list(pool.map(lambda n: authenticate(account.email, PASSWORD if n % 2 else "fel lösenord här",
                                                      fresh), range(20)))
    assert sum(found == account for found in mixed) == 10 and mixed.count(None) == 10
    with session_scope(fresh) as session:
        audited = list(session.scalars(select(AuditRow.action)))
    assert audited.count(LOGIN_FAILED) == 30 and audited.count(LOGIN) == 10


def test_a_deactivated_ombud_cannot_log_in_and_their_session_ends(database: str, tracker_db: Path,
                                                                     engine: Engine) -> None:
    leaving = add_account("uppsala", "slutar@example.se", PASSWORD, engine)  # the office's only account
    session_began = handoffs.now()
    assert signed_in(leaving.id, session_began, engine) is not None

    closed = ombudsguiden(database, tracker_db, "user", "deactivate", "--email", "Slutar@Example.se ")
    assert closed.returncode == 0, closed.stderr
    assert authenticate("slutar@example.se", PASSWORD, engine) is None
    assert signed_in(leaving.id, session_began, engine) is None
    assert not office_has_inbox("uppsala", engine)  # the chat stops sending requests there
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.account_id == leaving.id, AuditRow.action == DEACTIVATED)) == 1

    again = ombudsguiden(database, tracker_db, "user", "deactivate", "--email", "slutar@example.se")
    assert again.returncode == 2 and "Inget aktivt konto" in again.stderr
