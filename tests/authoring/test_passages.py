"""Passages and their anchors: deterministic, unique, following the document's numbering."""

from __future__ import annotations

from quizapp.authoring.extract import extract_pasted
from quizapp.authoring.passages import PassageKind, split_passages

from .conftest import TREATY_TEXT


def split(text: str):
    return split_passages(extract_pasted(text).blocks)


def test_treaty_article_3_a_is_a_citable_passage():
    passages = {p.anchor: p for p in split(TREATY_TEXT)}
    a = passages["art-3-a"]
    assert a.label == "Article 3 (a)"
    assert a.heading == "Article 3 Use of terms"
    assert a.kind is PassageKind.LIST_ITEM and a.marker == "a"
    assert a.parent == "art-3-p1"
    assert a.text.startswith('"Seasonal worker" shall mean')
    assert passages["art-4-2-b"].label == "Article 4 (2) (b)"
    assert passages["art-4-2-b"].parent == "art-4-2"
    assert passages["art-4-1"].kind is PassageKind.PARAGRAPH


def test_anchors_are_deterministic_unique_and_positions_ordered():
    first, second = split(TREATY_TEXT), split(TREATY_TEXT)
    assert first == second
    anchors = [p.anchor for p in first]
    assert len(anchors) == len(set(anchors))
    assert [p.position for p in first] == list(range(1, len(first) + 1))


def test_reflowing_the_text_keeps_the_anchors():
    reflowed = TREATY_TEXT.replace(" that depends on", "\nthat depends on")
    assert [p.anchor for p in split(reflowed)] == [p.anchor for p in split(TREATY_TEXT)]


def test_repeated_article_numbers_in_parts_get_the_part_in_front():
    text = (
        "PART I\n\nArticle 1\n\nStates Parties shall protect seasonal workers at all times.\n\n"
        "PART II\n\nArticle 1\n\nStates Parties shall report to the committee every year.\n"
    )
    assert [p.anchor for p in split(text)] == ["art-1-p1", "part-ii-art-1-p1"]


def test_roman_sub_paragraphs_and_the_letter_i():
    text = (
        "Article 9\n\n1. Each State Party shall ensure:\n"
        "(a) that employers keep records of:\n(i) the hours worked by each worker;\n"
        "(ii) the wages paid to each worker;\n(b) that inspectors may visit farms.\n"
        "(c) c\n(d) d\n(e) e\n(f) f\n(g) g\n(h) that inspectors report every year;\n"
        "(i) that reports are published.\n"
    )
    anchors = [p.anchor for p in split(text)]
    assert anchors[:5] == ["art-9-1", "art-9-1-a", "art-9-1-a-i", "art-9-1-a-ii", "art-9-1-b"]
    assert anchors[-1] == "art-9-1-i"  # (i) after (h) is a letter
    passages = {p.anchor: p for p in split(text)}
    assert passages["art-9-1-a-ii"].parent == "art-9-1-a"
    assert passages["art-9-1-a-ii"].label == "Article 9 (1) (a) (ii)"


def test_unnumbered_headings_and_front_matter():
    text = "Some opening words before any heading at all.\n\nBACKGROUND\n\nA paragraph under it.\n"
    assert [p.anchor for p in split(text)] == ["front-p1", "background-p1"]


def test_article_title_on_the_same_line_and_bis_articles():
    text = "Article 12 bis - Data protection\n\nPersonal data shall be kept safe by the Parties.\n"
    (p,) = split(text)
    assert p.anchor == "art-12-bis-p1"
    assert p.label == "Article 12 bis"
    assert p.heading == "Article 12 bis - Data protection"


def test_short_passages_are_not_teachable():
    passages = {p.anchor: p for p in split(TREATY_TEXT)}
    assert not passages["art-4-2-c"].teachable  # "access to a complaint desk."
    assert passages["art-3-p1"].teachable  # "For the purposes of this Protocol:" (6 words)


def test_run_in_sub_paragraphs_are_split_into_passages():
    text = (
        "Article 3\n\nFor the purposes of this Protocol: (a) \u201cSeasonal worker\u201d "
        "shall mean a person who moves to another State for seasonal work; "
        "(b) \u201cRecruitment fee\u201d means any payment demanded from a worker "
        "for a job offer.\n"
    )
    passages = split(text)
    assert [p.anchor for p in passages] == ["art-3-p1", "art-3-a", "art-3-b"]
    assert passages[0].text == "For the purposes of this Protocol:"
    assert passages[1].label == "Article 3 (a)"
    assert passages[1].text.startswith("\u201cSeasonal worker\u201d shall mean")
    # a parenthesis inside prose is left alone
    (prose,) = split("Article 4\n\nStates Parties shall act (a) promptly and (b) fairly.\n")
    assert prose.anchor == "art-4-p1"


def test_titles_on_the_line_after_parts_and_upper_case_articles():
    text = (
        "PART II\n\nGeneral provisions\n\nARTICLE 7\nRemedies\n"
        "States Parties shall provide remedies to all workers.\n\n"
        "PART-TIME WORK\n\nWorkers on part-time contracts shall be paid for every hour.\n"
    )
    passages = split(text)
    assert [(p.anchor, p.heading, p.label) for p in passages] == [
        ("art-7-p1", "ARTICLE 7 Remedies", "Article 7"),
        ("part-time-work-p1", "PART-TIME WORK", "PART-TIME WORK"),
    ]
