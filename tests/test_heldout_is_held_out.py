"""The evaluation corpora stay held out: no message in them is a near copy of a training example."""
from evaluation.similarity import TOO_SIMILAR, near_copies


def test_no_held_out_message_is_a_near_copy_of_a_training_example() -> None:
    copies = [f"{c.held_out_id} ({c.score}): {c.held_out!r} ~ {c.training!r}" for c in near_copies()]
    assert copies == [], f"held-out text at or above {TOO_SIMILAR} similarity to training text:\n" + "\n".join(copies)


def test_the_check_would_see_a_copy() -> None:
    from evaluation import similarity

    planted = similarity.held_out()[0][1]
    original = similarity.training_examples
    try:
        similarity.training_examples = lambda: [*original(), planted + "!"]  # type: ignore[assignment]
        assert any(c.held_out == planted for c in near_copies())
    finally:
        similarity.training_examples = original  # type: ignore[assignment]
