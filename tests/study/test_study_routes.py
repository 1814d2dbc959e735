"""The study session through its routes: showing, revealing, rating once, limits, isolation."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import CardState, ReviewLog
from quizapp.models.base import utcnow
from quizapp.study import services
from tests import factories


def _deck(n=3, **user_fields):
    user = factories.make_user(**user_fields)
    topic = factories.make_topic(title="Trafficking")
    passage = factories.make_passage(text="Trafficking does not require crossing a border.")
    items = [
        factories.make_item(
            "flashcard",
            topic=topic,
            passage=passage,
            body={"front": f"Front {i}", "back": f"Back {i}"},
        )
        for i in range(n)
    ]
    db.session.commit()
    return user, topic, passage, items


def _rate(client, item_id, seq, rating=3, shown=""):
    return client.post(
        "/study/review", data={"item_id": item_id, "seq": seq, "rating": rating, "shown": shown}
    )


def test_front_then_back_then_rating(client, auth):
    _, _, passage, items = _deck()
    auth.login()
    page = client.get("/study").get_data(as_text=True)
    assert "Front 0" in page and "Back 0" not in page
    link = re.search(r'id="reveal"[^>]*href="([^"]+)"', page, re.S).group(1).replace("&amp;", "&")
    back = client.get(link).get_data(as_text=True)
    assert "Back 0" in back and f"/passages/{passage.id}" in back
    for label in ("Again", "Hard", "Good", "Easy"):
        assert label in back
    assert "10 min" in back  # Good on a new card
    shown = re.search(r'name="shown" type="hidden" value="([^"]*)"', back).group(1)
    response = _rate(client, items[0].id, 0, shown=shown)
    assert response.status_code == 302
    log = db.session.scalar(sa.select(ReviewLog))
    assert (log.item_id, log.seq, log.rating) == (items[0].id, 1, 3)
    assert log.duration_ms is not None and 0 <= log.duration_ms < 60_000
    card = db.session.scalar(sa.select(CardState))
    assert card.reps == 1 and card.retained_until is not None
    assert "Front 1" in client.get("/study").get_data(as_text=True)


def test_same_form_twice_is_recorded_once(client, auth):
    _, _, _, items = _deck()
    auth.login()
    _rate(client, items[0].id, 0, rating=4)
    due_after_first = db.session.scalar(sa.select(CardState.due))
    second = client.post(
        "/study/review", data={"item_id": items[0].id, "seq": 0, "rating": 1}, follow_redirects=True
    )
    assert "already saved" in second.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(ReviewLog.id))) == 1
    card = db.session.scalar(sa.select(CardState))
    assert card.reps == 1 and card.due == due_after_first


def test_forged_duration_token_is_ignored(client, auth):
    _, _, _, items = _deck()
    auth.login()
    _rate(client, items[0].id, 0, shown="not-a-token")
    assert db.session.scalar(sa.select(ReviewLog.duration_ms)) is None


def test_bad_rating_is_refused_politely(client, auth):
    _, _, _, items = _deck()
    auth.login()
    response = client.post(
        "/study/review", data={"item_id": items[0].id, "seq": 0, "rating": 9}, follow_redirects=True
    )
    assert response.status_code == 200 and "could not be read" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ReviewLog.id))) == 0


def test_unknown_card_is_404(client, auth):
    _deck()
    auth.login()
    assert _rate(client, 999_999, 0).status_code == 404
    assert client.get("/study?item=999999&reveal=1").status_code == 404


def test_daily_new_card_limit(client, auth):
    _, _, _, items = _deck(n=3, new_cards_per_day=2)
    auth.login()
    _rate(client, items[0].id, 0, rating=4)
    _rate(client, items[1].id, 0, rating=4)
    page = client.get("/study").get_data(as_text=True)
    assert "Front 2" not in page and "Nothing to study right now" in page


def test_due_cards_come_first_in_due_order(app, client, auth):
    user, _, _, items = _deck(n=3)
    now = utcnow()
    db.session.add_all(
        [
            CardState(user_id=user.id, item_id=items[2].id, due=now - timedelta(days=2), reps=1),
            CardState(user_id=user.id, item_id=items[1].id, due=now - timedelta(days=1), reps=1),
        ]
    )
    db.session.commit()
    card = services.next_card(user, services.StudyFilter())
    assert card.item.id == items[2].id
    # New cards come in topic position then id order.
    assert (
        services.next_card(user, services.StudyFilter(), now - timedelta(days=3)).item.id
        == items[0].id
    )


def test_topic_and_background_filters(client, auth):
    factories.make_user()
    first, second = factories.make_topic(title="First"), factories.make_topic(title="Second")
    factories.make_item("flashcard", topic=first, body={"front": "Background card", "back": "b"})
    factories.make_item(
        "flashcard",
        topic=second,
        passage=factories.make_passage(),
        body={"front": "Document card", "back": "d"},
    )
    db.session.commit()
    auth.login()
    assert "Background card" in client.get("/study").get_data(as_text=True)
    assert "Document card" in client.get(f"/study?topic={second.id}").get_data(as_text=True)
    assert "Document card" in client.get("/study?background=0").get_data(as_text=True)
    assert client.get("/study?topic=abc&background=zz").status_code == 200


def test_quiz_item_in_the_deck_shows_prompt_options_and_key(client, auth):
    user = factories.make_user()
    item = factories.make_item("single_choice", prompt="Which one?", explanation="Beta is right.")
    services.make_due_now(user.id, [item.id])
    db.session.commit()
    auth.login()
    front = client.get("/study").get_data(as_text=True)
    assert "Which one?" in front and "Gamma" in front
    back = client.get(f"/study?item={item.id}&reveal=1").get_data(as_text=True)
    assert "Correct answer" in back and "Beta is right." in back and "UNTOC" in back


def test_practise_passage_makes_its_flashcards_due(client, auth):
    user, _, passage, _ = _deck(n=2)
    other = factories.make_passage()
    db.session.commit()
    auth.login()
    reader = client.get("/document", follow_redirects=True).get_data(as_text=True)
    assert "Practise this passage" in reader
    response = client.post(f"/study/passage/{passage.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/study")
    assert (
        db.session.scalar(
            sa.select(sa.func.count(CardState.id)).where(CardState.user_id == user.id)
        )
        == 2
    )
    assert client.post("/study/passage/999999").status_code == 404
    assert client.post(f"/study/passage/{other.id}", follow_redirects=True).status_code == 200


def test_a_learner_cannot_rate_or_see_another_learners_card_state(client, auth):
    owner, _, _, items = _deck()
    intruder = factories.make_user("intruder@example.org")
    _rate_as = services.record_review(owner, items[0].id, seq=0, rating=4, duration_ms=None)
    db.session.commit()
    auth.login("intruder@example.org")
    back = client.get(f"/study?item={items[0].id}&reveal=1").get_data(as_text=True)
    assert "New card" in back and re.search(
        r'name="seq"[^>]*value="0"', back
    )  # their own card, not the owner's
    _rate(client, items[0].id, 0, rating=1)
    owner_card = db.session.scalar(sa.select(CardState).where(CardState.user_id == owner.id))
    assert owner_card.reps == 1 and owner_card.lapses == 0
    intruder_logs = db.session.scalar(
        sa.select(sa.func.count(ReviewLog.id)).where(ReviewLog.user_id == intruder.id)
    )
    assert intruder_logs == 1
    assert _rate_as.recorded


def test_deck_counts_due_now_later_today_and_next_due(app):
    from datetime import timedelta

    from quizapp.models import CardState
    from quizapp.models.base import utcnow
    from quizapp.study import services

    user = factories.make_user("counts@example.org")
    topic = factories.make_topic()
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    dues = [now - timedelta(hours=1), now + timedelta(hours=2), now + timedelta(days=3)]
    for due in dues:
        item = factories.make_item("flashcard", topic=topic)
        db.session.add(CardState(user_id=user.id, item_id=item.id, due=due, state=2, reps=1))
    db.session.commit()
    counts = services.deck_counts(user, services.StudyFilter(include_background=True), now)
    assert (counts.due_now, counts.due_later_today) == (1, 1)
    assert counts.next_due == dues[1] and counts.next_due.tzinfo is not None


def _found(pattern: str, text: str) -> str:
    """The first group of ``pattern`` in ``text`` (the test fails when it is absent)."""
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(1)


def _reveal_link(page: str) -> str:
    return _found(r'id="reveal"[^>]*href="([^"]+)"', page).replace("&amp;", "&")


def _posted_form(page: str) -> dict[str, str]:
    """The hidden fields of the rating form on a revealed page (what a browser would send)."""
    form = page[
        page.index('class="rating-form"') : page.index("</form>", page.index("rating-form"))
    ]
    inputs = re.findall(r"<input\b[^>]*>", form)
    return {
        _found(r'name="([^"]+)"', tag): _found(r'value="([^"]*)"', tag)
        for tag in inputs
        if 'type="hidden"' in tag
    }


def _log_count() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(ReviewLog.id))) or 0


def test_replaying_a_rating_post_stores_it_once(client, auth):
    _, _, _, items = _deck()
    auth.login()
    back = client.get(_reveal_link(client.get("/study").get_data(as_text=True)))
    form = {**_posted_form(back.get_data(as_text=True)), "rating": "3"}
    assert form["item_id"] == str(items[0].id) and form["seq"] == "0"
    first = client.post("/study/review", data=form, follow_redirects=True)
    assert "Saved — next review in" in first.get_data(as_text=True)
    replay = client.post("/study/review", data=form, follow_redirects=True)
    assert "already saved" in replay.get_data(as_text=True)
    assert _log_count() == 1


def test_back_to_the_revealed_card_and_rating_again_stores_nothing(client, auth):
    """Back after a rating reloads the reveal URL; its form must still name the rated showing."""
    _, _, _, items = _deck()
    auth.login()
    reveal_url = _reveal_link(client.get("/study").get_data(as_text=True))
    first = _posted_form(client.get(reveal_url).get_data(as_text=True))
    client.post("/study/review", data={**first, "rating": "3"})
    assert _log_count() == 1
    again = client.get(reveal_url).get_data(as_text=True)  # what Back shows
    assert "already saved" in again
    second = _posted_form(again)
    assert second["seq"] == "0"
    response = client.post("/study/review", data={**second, "rating": "3"}, follow_redirects=True)
    assert "already saved" in response.get_data(as_text=True)
    assert _log_count() == 1
    card = db.session.scalar(sa.select(CardState))
    assert card.reps == 1
    # The next showing of the card is rated normally.
    next_url = f"/study?item={items[0].id}&reveal=1&seq=1"
    client.post(
        "/study/review",
        data={**_posted_form(client.get(next_url).get_data(as_text=True)), "rating": "3"},
    )
    assert _log_count() == 2


def test_a_reveal_link_without_a_usable_seq_rates_the_current_showing(client, auth):
    user, _, _, items = _deck()
    services.record_review(user, items[0].id, seq=0, rating=3, duration_ms=None)
    db.session.commit()
    auth.login()
    for query in ("", "&seq=7", "&seq=-1", "&seq=x"):
        page = client.get(f"/study?item={items[0].id}&reveal=1{query}").get_data(as_text=True)
        assert _posted_form(page)["seq"] == "1" and "already saved" not in page


def test_a_revealed_cloze_shows_its_sentence_once(client, auth):
    factories.make_user()
    sentence = "Trafficking does not require crossing an international border."
    passage = factories.make_passage(text="Some context. " + sentence + " More context.")
    item = factories.make_item(
        "cloze",
        passage=passage,
        quote=sentence,
        body={
            "text": f"From the response: “{sentence.replace('border', '____')}”",
            "answer": "border",
            "accepted": ["border"],
        },
        explanation="A border is a line between states.",
    )
    db.session.commit()
    auth.login()
    front = client.get("/study").get_data(as_text=True)
    assert front.count("crossing an international") == 1 and "border" not in front.split("<main")[1]
    back = client.get(f"/study?item={item.id}&reveal=1&seq=0").get_data(as_text=True)
    assert back.count("crossing an international") == 1
    assert "crossing an international <mark>border</mark>." in back
    assert f"/passages/{passage.id}" in back  # the source link stays without its quote


def test_a_flashcard_keeps_its_front_and_a_quote_that_adds_something(client, auth):
    _, _, passage, items = _deck(n=1)
    auth.login()
    back = client.get(f"/study?item={items[0].id}&reveal=1").get_data(as_text=True)
    assert "Front 0" in back and "Back 0" in back and passage.text in back
