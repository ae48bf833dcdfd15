"""The evaluation corpora stay held out: no message in them is a near copy of a training example."""
from evaluation.similarity import CONTAINED, MIN_CONTAINED_WORDS, TOO_SIMILAR, contained_copies, near_copies


def test_no_held_out_message_is_a_near_copy_of_a_training_example() -> None:
    # Ids and scores only: the fresh corpus must stay unread (evaluation/README.md).
    copies = [f"{c.held_out_id} ({c.score})" for c in near_copies()]
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


def test_no_held_out_message_hides_a_training_example_or_hides_in_one() -> None:
    copies = [f"{c.held_out_id} ({c.score})" for c in contained_copies()]
    assert copies == [], (f"held-out and training text share a span of {MIN_CONTAINED_WORDS}+ words "
                          f"at {CONTAINED} or above:\n" + "\n".join(copies))


def test_the_containment_check_would_see_a_sentence_written_into_a_longer_one() -> None:
    from evaluation import similarity

    held_id, planted = next(m for m in similarity.held_out() if len(m[1].split()) >= MIN_CONTAINED_WORDS)
    original_training, original_held_out = similarity.training_examples, similarity.held_out
    try:
        similarity.training_examples = lambda: [*original_training(), f"hej, jag undrar en sak. {planted} tack"]  # type: ignore[assignment]
        similarity.held_out = lambda: [(held_id, planted)]  # type: ignore[assignment]
        assert [c.held_out_id for c in contained_copies()] == [held_id]
    finally:
        similarity.training_examples, similarity.held_out = original_training, original_held_out  # type: ignore[assignment]
