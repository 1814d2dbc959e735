"""A new version of a document: passages matched, stale quotes listed."""

from __future__ import annotations

from quizapp.authoring.extract import extract_pasted
from quizapp.authoring.passages import split_passages
from quizapp.authoring.versions import MatchKind, match_versions, relocated_quotes, stale_quotes
from quizapp.content.spec import ItemSpec

from .conftest import TREATY_TEXT


def split(text: str):
    return split_passages(extract_pasted(text).blocks)


def item(item_id: str, passage: str | None, quote: str | None) -> ItemSpec:
    return ItemSpec(
        id=item_id,
        kind="flashcard",
        topic="t",
        origin="document" if quote else "background",
        prompt="Q",
        body={"front": "Q", "back": "A"},
        explanation="E",
        difficulty=0.3,
        passage=passage,
        quote=quote,
    )


# Version 2: a new Article 2 is inserted and the later articles are renumbered; Article 3 (b)
# (now 4 (b)) is reworded; Article 4 (3) (now 5 (3)) is deleted; Article 3 (a) edited lightly.
NEW = (
    TREATY_TEXT.replace("Article 5\nCooperation", "Article 6\nCooperation")
    .replace("Article 4\nObligations", "Article 5\nObligations")
    .replace("Article 3\nUse of terms", "Article 4\nUse of terms")
    .replace(
        "Article 1\nPurpose",
        "Article 2\nScope\n\nThis Protocol applies to every State Party and to every seasonal "
        "worker in its territory.\n\nArticle 1\nPurpose",
    )
    .replace(
        '"Recruitment fee" means any payment demanded from a worker in exchange for a job '
        "offer or a placement;",
        '"Recruitment fee" means any sum taken from a jobseeker by a recruiter, directly or '
        "through a third person;",
    )
    .replace("carry out work that depends", "carry out work which depends")
)
NEW = "\n".join(
    line for line in NEW.split("\n") if not line.startswith("3. States Parties shall not return")
)


def test_renumbered_passages_are_matched_by_text():
    old, new = split(TREATY_TEXT), split(NEW)
    match = match_versions(old, new)
    pairs = {p.old: p for p in match.pairs}
    assert pairs["art-1-p1"].new == "art-1-p1" and pairs["art-1-p1"].kind is MatchKind.UNCHANGED
    assert pairs["art-4-1"].new == "art-5-1" and pairs["art-4-1"].kind is MatchKind.MOVED
    assert pairs["art-3-a"].new == "art-4-a"  # renumbered and lightly edited
    assert 0.6 <= pairs["art-3-a"].similarity < 1
    assert pairs["art-5-2-c"].new == "art-6-2-c"
    assert "art-4-3" in match.removed
    assert "art-3-b" in match.removed  # reworded beyond recognition
    assert "art-2-p1" in match.added
    assert match.new_anchor("art-4-3") is None


def test_same_anchor_with_similar_text_is_edited():
    old = split(TREATY_TEXT)
    new = split(
        TREATY_TEXT.replace("on wages and working hours", "on wages, on rest and working hours")
    )
    pairs = {p.old: p for p in match_versions(old, new).pairs}
    assert pairs["art-4-2-b"].kind is MatchKind.EDITED
    assert pairs["art-4-2-b"].new == "art-4-2-b"


def test_matching_is_deterministic_and_complete():
    old, new = split(TREATY_TEXT), split(NEW)
    first, second = match_versions(old, new), match_versions(old, new)
    assert first == second
    assert {p.old for p in first.pairs} | set(first.removed) == {p.anchor for p in old}
    assert {p.new for p in first.pairs} | set(first.added) == {p.anchor for p in new}


def test_stale_quotes_lists_items_whose_quote_is_gone():
    items = [
        item("keeps", "art-1-p1", "to protect seasonal workers against abusive recruitment"),
        item("reworded", "art-3-b", "any payment demanded from a worker"),
        item("deleted", "art-4-3", "States Parties shall not return a seasonal worker"),
        item("background", None, None),
        item("reflowed", "art-4-1", "adopt measures  to\nprohibit the charging"),
    ]
    stale = stale_quotes(items, NEW)
    assert [s.item_id for s in stale] == ["reworded", "deleted"]
    assert stale[0].reason == "quote no longer appears verbatim in the new version"
    assert [s.item_id for s in stale_quotes(items, split(NEW))] == ["reworded", "deleted"]
    assert stale_quotes(items, TREATY_TEXT) == ()


def test_relocated_quotes_follow_renumbered_passages():
    old, new = split(TREATY_TEXT), split(NEW)
    items = [
        item("moved", "art-4-1", "adopt measures to prohibit the charging"),
        item("gone", "art-4-3", "shall not return a seasonal worker"),
    ]
    assert relocated_quotes(items, new, match_versions(old, new)) == {"moved": "art-5-1"}


def test_drafts_can_be_checked_against_a_new_version():
    from quizapp.authoring.drafts import draft_items

    drafts = draft_items(split(TREATY_TEXT), title="the Protocol").drafts
    stale = {s.item_id for s in stale_quotes(drafts, NEW)}
    assert "d.def.art-3-b.recruitment-fee.card" in stale  # Article 3 (b) was reworded
    assert "d.ob.art-4-3.1" in stale  # Article 4 (3) was deleted
    assert "d.ob.art-4-1.1" not in stale  # renumbered to 5 (1), same words
