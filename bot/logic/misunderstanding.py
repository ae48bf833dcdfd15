"""How the bot recovers when it does not understand, so that it never loops."""
from __future__ import annotations

from collections.abc import Sequence

MISUNDERSTANDING_ACTION = "action_handle_misunderstanding"
OFFER_MENU_AFTER = 2


def misunderstood_in_a_row(earlier_turns: Sequence[Sequence[str]]) -> int:
    """Count the current miss plus the earlier user turns, newest backwards, that also ended in one.

    `earlier_turns` holds, oldest first, the names of the actions that answered each earlier
    user message.
    """
    count = 1
    for actions in reversed(earlier_turns):
        if MISUNDERSTANDING_ACTION not in actions:
            break
        count += 1
    return count


def should_offer_menu(misses_in_a_row: int) -> bool:
    return misses_in_a_row >= OFFER_MENU_AFTER
