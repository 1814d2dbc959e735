"""Drafts from any document: each family, verbatim quotes, gates, report, determinism (§3)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quizapp.authoring.drafts import DraftFamily, draft_items
from quizapp.authoring.extract import extract, extract_pasted
from quizapp.authoring.gates import item_problems, longest_key_problem, near_duplicates
from quizapp.authoring.keyterms import TermSource
from quizapp.authoring.passages import split_passages
from quizapp.items.normalize import normalize_ws

from .conftest import TREATY_TEXT, treaty_docx

TITLE = "the Seasonal Workers Protocol"


@pytest.fixture(scope="module")
def passages():
    return split_passages(extract_pasted(TREATY_TEXT).blocks)


@pytest.fixture(scope="module")
def report(passages):
    return draft_items(passages, title=TITLE)


def by_id(report):
    return {d.id: d for d in report.drafts}


def test_every_draft_quotes_its_passage_verbatim_and_passes_the_gates(passages, report):
    texts = {p.anchor: p.text for p in passages}
    assert len(report.drafts) >= 15
    for d in report.drafts:
        assert d.item.origin == "document"
        assert d.passage in texts
        assert normalize_ws(d.quote) in texts[d.passage], d.id
        assert item_problems(d.item, texts[d.passage]) == [], d.id


def test_definitions_give_flashcards_and_which_term_items(report):
    drafts = by_id(report)
    card = drafts["d.def.art-3-a.seasonal-worker.card"].item
    assert card.kind == "flashcard" and card.passage == "art-3-a"
    assert card.body["front"] == f"Define, as used in {TITLE}: Seasonal worker"
    assert card.body["back"].startswith("A person who moves to another State")
    sc = drafts["d.def.art-3-b.recruitment-fee.sc"].item
    assert sc.kind == "single_choice" and sc.keys == ["Recruitment fee"]
    # the distractors are the document's other defined terms
    assert set(sc.options) - {"Recruitment fee"} <= {
        "Seasonal worker",
        "Labour intermediary",
        "Complaint desk",
    }
    assert len(sc.options) == 4
    assert "Recruitment fee" not in sc.prompt
    assert {drafts[i].family for i in drafts if i.startswith("d.def.")} == {DraftFamily.DEFINITION}


def test_enumerations_give_list_recall_and_select_all(report):
    drafts = by_id(report)
    card = drafts["d.list.art-4-2.card"].item
    assert card.passage == "art-4-2"
    assert card.quote == "States Parties shall ensure that every seasonal worker receives:"
    assert card.body["back"] == (
        "a written contract in a language the worker understands; "
        "information on wages and working hours; access to a complaint desk"
    )
    mr = drafts["d.list.art-4-2.mr"].item
    assert mr.kind == "multiple_response" and "Select all that apply" in mr.prompt
    own = {"a written contract in a language the worker understands",
           "information on wages and working hours", "access to a complaint desk"}  # fmt: skip
    assert set(mr.keys) <= own and len(mr.keys) >= 2
    wrong = set(mr.options) - set(mr.keys)
    assert wrong and not wrong & own  # distractors come from the other list (Article 5 (2))


def test_the_list_of_definitions_is_not_drafted_twice(report):
    art3 = next(p for p in report.passages if p.anchor == "art-3-p1")
    assert any(r.reason == "a list of definitions (drafted as such)" for r in art3.rejected)
    assert "d.list.art-3-p1.card" not in by_id(report)


def test_obligations_give_flashcards(report):
    drafts = by_id(report)
    shall = drafts["d.ob.art-4-1.1"].item
    assert shall.prompt == f"According to Article 4 (1) of {TITLE}, what shall each State Party do?"
    assert shall.body["back"] == (
        "Adopt measures to prohibit the charging of a recruitment fee to seasonal workers."
    )
    shall_not = drafts["d.ob.art-4-3.1"].item
    assert "what shall States Parties not do?" in shall_not.prompt
    assert drafts["d.ob.art-4-1.1"].family is DraftFamily.OBLIGATION


def test_cloze_and_gap_fill_from_key_terms(report):
    drafts = by_id(report)
    cloze = drafts["d.cz.art-4-1.s1.recruitment-fee.cloze"].item
    assert cloze.kind == "cloze" and cloze.body["answer"] == "recruitment fee"
    assert cloze.body["text"].count("____") == 1
    assert "recruitment fee" not in cloze.body["text"].lower()
    gap = drafts["d.cz.art-4-1.s1.recruitment-fee.gap"].item
    assert gap.kind == "gap_fill" and set(gap.body["accepted"]) == {
        "recruitment fee",
        "Recruitment fee",
    }


def test_author_glossary_terms_come_first(passages):
    text = TREATY_TEXT + (
        "\nArticle 6\nReview\n\nThe Parties shall meet every two years to review the "
        "seasonal quota in the light of harvest reports.\n"
    )
    ps = split_passages(extract_pasted(text).blocks)
    report = draft_items(ps, ["seasonal quota"], title=TITLE)
    assert report.key_terms[0].term == "seasonal quota"
    assert report.key_terms[0].source is TermSource.GLOSSARY
    assert by_id(report)["d.cz.art-6-p1.s1.seasonal-quota.cloze"].item.body["answer"] == (
        "seasonal quota"
    )


def test_report_says_per_passage_what_was_drafted_and_rejected(passages, report):
    assert [p.anchor for p in report.passages] == [p.anchor for p in passages]
    rows = {p.anchor: p for p in report.passages}
    assert "d.def.art-3-a.seasonal-worker.card" in rows["art-3-a"].drafted
    assert any(
        r.family is DraftFamily.OBLIGATION
        and r.reason == "obligation continues in a list (drafted as a list)"
        for r in rows["art-4-2"].rejected
    )
    assert any(r.reason == "passage too short to teach" for r in rows["art-4-2-c"].rejected)
    drafted = {i for p in report.passages for i in p.drafted}
    assert drafted == {d.id for d in report.drafts}
    assert "Rejected candidates:" in report.summary()


def test_drafting_is_deterministic_and_ids_are_unique(passages, report):
    again = draft_items(passages, title=TITLE)
    assert again == report
    ids = [d.id for d in report.drafts]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)


def test_the_same_document_as_docx_drafts_the_same_items(report):
    ps = split_passages(extract("protocol.docx", treaty_docx()).blocks)
    assert [d.id for d in draft_items(ps, title=TITLE).drafts] == [d.id for d in report.drafts]


def test_gates_catch_broken_drafts(passages, report):
    texts = {p.anchor: p.text for p in passages}
    sc = by_id(report)["d.def.art-3-b.recruitment-fee.sc"].item
    bad_quote = replace(sc, quote="a payment nobody wrote")
    assert "quote not found verbatim in art-3-b" in item_problems(bad_quote, texts["art-3-b"])
    no_key = replace(sc, body={**sc.body, "answer": ["Not an option"]})
    assert "key 'Not an option' is not an option" in item_problems(no_key, texts["art-3-b"])
    dup = replace(sc, body={**sc.body, "options": ["Recruitment fee", "recruitment-fee", "Other"]})
    assert "duplicate options after normalising" in item_problems(dup, texts["art-3-b"])
    long_key = replace(
        sc,
        body={
            **sc.body,
            "options": ["Recruitment fee charged to a worker for a placement abroad", "A", "B"],
            "answer": ["Recruitment fee charged to a worker for a placement abroad"],
        },
    )
    assert "key is conspicuously the longest option" in item_problems(long_key, texts["art-3-b"])
    cloze = by_id(report)["d.cz.art-4-1.s1.recruitment-fee.cloze"].item
    leak = replace(cloze, body={**cloze.body, "text": cloze.body["text"] + " recruitment fee"})
    assert "gap answer appears elsewhere in its own stem" in item_problems(leak, texts["art-4-1"])


def test_near_duplicate_prompts_are_found():
    report = draft_items(split_passages(extract_pasted(TREATY_TEXT).blocks), title=TITLE)
    sc = by_id(report)["d.def.art-3-b.recruitment-fee.sc"].item
    twin = replace(sc, id="d.twin", prompt=sc.prompt + " Choose one.")
    assert near_duplicates([sc, twin]) == {"d.twin": sc.id}
    assert near_duplicates([sc, by_id(report)["d.def.art-3-a.seasonal-worker.sc"].item]) == {}


def test_run_in_definitions_for_the_purposes_of_this_protocol():
    text = (
        "Article 2\n\nFor the purposes of this Protocol: (a) \u2018Harvest visa\u2019 shall mean "
        "a permit to enter a State for seasonal farm work; (b) \u2018Sponsor\u2019 means the "
        "employer who applies for a harvest visa on behalf of a worker; (c) \u2018Quota\u2019 "
        "refers to the number of harvest visas a State issues in one year.\n"
    )
    report = draft_items(split_passages(extract_pasted(text).blocks), title=TITLE)
    drafts = by_id(report)
    sc = drafts["d.def.art-2-b.sponsor.sc"].item
    assert sc.quote == (
        "\u2018Sponsor\u2019 means the employer who applies for a harvest visa on behalf of a "
        "worker;"
    )
    assert set(sc.options) == {"Sponsor", "Harvest visa", "Quota"}
    assert "d.def.art-2-a.harvest-visa.card" in drafts


def test_longest_key_cue_over_the_whole_set(report):
    sc = [d.item for d in report.drafts if d.item.kind == "single_choice"]
    assert longest_key_problem(sc) is None
    long_keys = [
        replace(i, body={**i.body, "options": ["A much longer correct answer", "B", "C"],
                         "answer": ["A much longer correct answer"]})
        for i in sc
    ]  # fmt: skip
    problem = longest_key_problem(long_keys)
    assert problem is not None and problem.startswith("the key is the longest option in 4/4")
    assert report.notes == ()


def test_near_duplicate_drafts_are_rejected_and_reported():
    sentence = "Each State Party shall keep a public register of every recruitment fee it allows."
    text = f"Article 8\n\n1. {sentence}\n2. {sentence.replace('public', 'national')}\n"
    report = draft_items(split_passages(extract_pasted(text).blocks), ["recruitment fee"])
    rows = {p.anchor: p for p in report.passages}
    assert rows["art-8-1"].drafted  # the first one is kept
    assert any(r.reason == "near-duplicate of an earlier draft" for r in rows["art-8-2"].rejected)


def test_bulleted_lists_are_drafted_too():
    md = (
        "## Article 9 Inspection\n\n"
        "Labour inspectors shall have the power to:\n\n"
        "- enter any farm at any hour\n- examine wage records\n- interview workers in private\n\n"
        "Employers shall display the following:\n\n"
        "- the minimum wage\n- the address of the complaint desk\n- the hours of rest\n"
    )
    report = draft_items(split_passages(extract("guide.md", md.encode()).blocks), title=TITLE)
    drafts = by_id(report)
    card = drafts["d.list.art-9-p1.card"].item
    assert card.body["back"] == (
        "enter any farm at any hour; examine wage records; interview workers in private"
    )
    assert card.quote == "Labour inspectors shall have the power to:"
    mr = drafts["d.list.art-9-p2.mr"].item
    assert set(mr.options) - set(mr.keys) <= {
        "enter any farm at any hour",
        "examine wage records",
        "interview workers in private",
    }
