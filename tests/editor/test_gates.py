"""Saving runs the quality gates of ``quizapp content check``: a bad item is not saved and each
problem is shown next to its field; a quote must be verbatim in the chosen passage."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item, ItemRevision
from tests import factories
from tests.editor.conftest import CourseWorld
from tests.editor.test_round_trip import form_data


def _items(world: CourseWorld) -> list[Item]:
    return list(db.session.scalars(sa.select(Item).where(Item.course_id == world.course.id)))


def test_key_not_among_options_and_duplicates_block_the_save(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(
        world,
        "single_choice",
        b_options_1="recruitment.",  # a duplicate of option 1 after normalising
        b_answer="5",  # the tick of an empty row: no key
    )
    response = client.post("/courses/palermo/items/new?kind=single_choice", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Not saved" in html
    assert "duplicate options after normalising" in html
    assert "no key" in html
    assert 'id="problem-options"' in html  # shown in the options fieldset
    assert _items(world) == []


def test_longest_option_cue_blocks_the_save(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(
        world,
        "single_choice",
        b_options_0="The recruitment, transportation, transfer or harbouring of persons by force",
    )
    response = client.post("/courses/palermo/items/new?kind=single_choice", data=data)
    assert response.status_code == 422
    assert "key is conspicuously the longest option" in response.get_data(as_text=True)


def test_gap_giveaway_and_negative_stem(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(
        world,
        "gap_fill",
        prompt="Fill the gap: recruitment is named; trafficking means the ____ of persons.",
    )
    response = client.post("/courses/palermo/items/new?kind=gap_fill", data=data)
    assert response.status_code == 422
    assert "gap answer appears elsewhere in its own stem" in response.get_data(as_text=True)
    data = form_data(
        world, "single_choice", prompt="Which act is NOT named in the definition of trafficking?"
    )
    response = client.post("/courses/palermo/items/new?kind=single_choice", data=data)
    assert "negative stem" in response.get_data(as_text=True)


def test_near_duplicate_within_the_course_is_refused(client, auth, world):
    auth.login("trainer@example.org")
    first = client.post(
        "/courses/palermo/items/new?kind=single_choice", data=form_data(world, "single_choice")
    )
    assert first.status_code == 302
    again = client.post(
        "/courses/palermo/items/new?kind=single_choice", data=form_data(world, "single_choice")
    )
    assert again.status_code == 422
    assert "near-duplicate of item" in again.get_data(as_text=True)
    assert len(_items(world)) == 1


def test_an_item_of_another_course_is_no_near_duplicate(client, auth, world):
    factories.make_item(
        "single_choice",
        prompt="Which act is named in the definition of trafficking in persons?",
    )  # same prompt, built-in course
    db.session.commit()
    auth.login("trainer@example.org")
    response = client.post(
        "/courses/palermo/items/new?kind=single_choice", data=form_data(world, "single_choice")
    )
    assert response.status_code == 302


def test_quote_not_verbatim_in_the_passage_is_rejected(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "flashcard", quote="Trafficking in persons means the recruitment")
    response = client.post("/courses/palermo/items/new?kind=flashcard", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "quote not found verbatim in art-1" in html
    assert 'id="quote-error"' in html  # next to the quote field
    # The right words, from the other passage, are still not in the chosen one.
    data = form_data(world, "flashcard", quote="Each State Party shall consider")
    assert client.post("/courses/palermo/items/new?kind=flashcard", data=data).status_code == 422
    assert _items(world) == []


def test_quote_whitespace_is_normalised_as_the_content_checks_do(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "flashcard", quote="  Trafficking in\npersons   shall mean  ")
    response = client.post("/courses/palermo/items/new?kind=flashcard", data=data)
    assert response.status_code == 302
    assert _items(world)[0].quote == "Trafficking in persons shall mean"


def test_background_item_needs_instrument_and_provision(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "flashcard", origin="background", passage_id="0", quote="")
    response = client.post("/courses/palermo/items/new?kind=flashcard", data=data)
    assert response.status_code == 422
    assert "background item without instrument and provision" in response.get_data(as_text=True)
    data.update(instrument="Trafficking Protocol", provision="art. 6")
    assert client.post("/courses/palermo/items/new?kind=flashcard", data=data).status_code == 302
    item = _items(world)[0]
    assert (item.origin, item.passage_id, item.quote) == ("background", None, None)


def test_a_passage_of_another_course_cannot_be_cited(client, auth, world):
    other = factories.make_passage(text="Trafficking in persons shall mean the recruitment.")
    db.session.commit()
    auth.login("trainer@example.org")
    data = form_data(world, "flashcard", passage_id=str(other.id))
    response = client.post("/courses/palermo/items/new?kind=flashcard", data=data)
    assert response.status_code == 422  # not among the choices
    assert _items(world) == []


def test_preview_button_checks_without_saving(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "single_choice")
    data.pop("save")
    data["preview"] = "Preview"
    response = client.post("/courses/palermo/items/new?kind=single_choice", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "passes every quality gate" in html
    assert 'id="editor-preview"' in html and "Recruitment" in html
    assert "Article 3 (a). Trafficking in persons" in html  # the quote picker's passage text
    assert _items(world) == []
    assert db.session.scalar(sa.select(sa.func.count(ItemRevision.id))) == 0


def test_live_preview_fragment(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "matching")
    response = client.post("/courses/palermo/items/preview?kind=matching", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="editor-preview"' in html and 'id="passage-panel"' in html
    assert "Assistance to victims" in html and "<html" not in html
    half = client.post("/courses/palermo/items/preview?kind=matching", data={"prompt": ""})
    assert "every field of the item is filled" in half.get_data(as_text=True)
    assert client.post("/courses/palermo/items/preview?kind=bogus", data=data).status_code == 404


def test_unknown_kind_shows_the_kind_chooser(client, auth, world):
    auth.login("trainer@example.org")
    response = client.get("/courses/palermo/items/new?kind=nonsense")
    assert response.status_code == 200
    assert "Single choice" in response.get_data(as_text=True)


def test_bad_input_is_a_message_not_a_500(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "single_choice", difficulty="hard", topic_id="999999999999999")
    response = client.post("/courses/palermo/items/new?kind=single_choice", data=data)
    assert response.status_code == 422
    data = form_data(world, "single_choice", prompt="Bell\x07 character?")
    assert (
        client.post("/courses/palermo/items/new?kind=single_choice", data=data).status_code == 422
    )
    assert _items(world) == []
