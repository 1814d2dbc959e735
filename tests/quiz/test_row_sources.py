"""Issue 12 follow-up: a matching item whose rows come from several passages shows each row's
quote and passage link wherever its source is shown (practice feedback and results)."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import Item
from tests.quiz.conftest import answer_data, item_at
from tests.quiz.test_routes import start


def _cite_rows(bank) -> tuple[Item, list[tuple[str, int, str]]]:
    """Make the bank's matching item a document item whose rows cite two passages."""
    item = next(i for i in bank["items"] if i.kind == "matching")
    passages = {i.passage.id: i.passage for i in bank["items"] if i.passage is not None}
    first, second = sorted(passages.values(), key=lambda p: p.id)[:2]
    rows = [
        (first, "All workers, regardless of immigration status"),
        (second, "Trafficking in persons does not require movement"),
        (first, "federal wage and hour laws"),
    ]
    item.origin, item.instrument, item.provision = "document", None, None
    item.passage, item.quote = first, rows[0][1]
    item.body = {**item.body, "row_sources": [[p.anchor, q] for p, q in rows]}
    db.session.commit()
    lefts = [left for left, _ in item.body["pairs"]]
    return item, [(left, p.id, q) for left, (p, q) in zip(lefts, rows, strict=True)]


def _assert_rows_cited(page: str, rows: list[tuple[str, int, str]]) -> None:
    assert "Each row comes from its own passage" in page
    for left, passage_id, quote in rows:
        assert f"<strong>{left}</strong>: “{quote}”" in page
        assert f'href="/passages/{passage_id}"' in page


def test_matching_feedback_and_results_cite_every_row(client, learner, bank):
    item, rows = _cite_rows(bank)
    attempt = start(learner, kinds=["matching"], length=5)
    assert attempt.item_ids == [item.id]
    client.post(f"/quiz/{attempt.id}/q/1", data=answer_data(attempt, item, "partial"))
    _assert_rows_cited(client.get(f"/quiz/{attempt.id}/q/1").text, rows)
    _assert_rows_cited(client.get(f"/quiz/{attempt.id}/results").text, rows)


def test_single_source_items_keep_the_one_passage_link(client, learner, bank):
    attempt = start(learner, kinds=["single_choice"], length=5)
    item = item_at(attempt, 1)
    client.post(f"/quiz/{attempt.id}/q/1", data=answer_data(attempt, item))
    page = client.get(f"/quiz/{attempt.id}/q/1").text
    assert "Each row comes from its own passage" not in page
    if item.passage is not None:
        assert f'href="/passages/{item.passage.id}"' in page
