"""The answer side of a card shows each text once (pure, no app)."""

from __future__ import annotations

from quizapp.items.kinds import card_faces
from quizapp.study.reveal import answer_side

SENTENCE = "Human rights defenders play a critical role in advocating for migrants."


def test_a_cloze_shows_its_filled_sentence_instead_of_front_back_list_and_quote():
    text = "From the response: “____ play a critical role in advocating for migrants.”"
    faces = card_faces("cloze", text, {"text": text, "answer": "Human rights defenders"})
    side = answer_side(faces, SENTENCE)
    assert side.filled == (
        "From the response: “",
        "Human rights defenders",
        " play a critical role in advocating for migrants.”",
    )
    assert (side.show_front, side.back, side.answer_lines, side.show_quote) == (
        False,
        "",
        (),
        False,
    )


def test_a_quote_that_adds_something_is_kept():
    text = "Trafficking does not require crossing an international ____."
    faces = card_faces("cloze", text, {"text": text, "answer": "border"})
    assert answer_side(faces, "A longer passage. " + text.replace("____", "border")).show_quote


def test_a_flashcard_keeps_front_back_and_quote():
    faces = card_faces("flashcard", "Define: civil society", {"front": "Define", "back": "NGOs."})
    side = answer_side(faces, SENTENCE)
    assert (side.show_front, side.filled, side.back, side.show_quote) == (True, None, "NGOs.", True)


def test_a_choice_card_keeps_its_key_although_the_options_name_it():
    faces = card_faces(
        "single_choice", "Which?", {"options": ["Alpha", "Beta"], "answer": ["Beta"]}
    )
    side = answer_side(faces, None)
    assert side.show_front and side.answer_lines == ("Beta",) and not side.show_quote


def test_a_back_that_restates_the_front_replaces_it():
    faces = card_faces("cloze", "No blank here", {"text": "No blank here", "answer": "x"})
    side = answer_side(faces, "No blank here")
    assert not side.show_front and side.back == "No blank here — x" and not side.show_quote
