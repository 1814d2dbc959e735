"""Each quality gate catches an item broken on purpose."""

from dataclasses import replace

import pytest

from quizapp.content.bank import build_bank
from quizapp.content.checks import run_checks
from quizapp.items.kinds import get_kind


@pytest.fixture(scope="module")
def bank(root):
    return build_bank(root)


def _swap(bank, item_id, **changes):
    items = [replace(i, **changes) if i.id == item_id else i for i in bank.items]
    return replace(bank, items=tuple(items))


def _problems(bank):
    return run_checks(bank).problems


def _first(bank, kind, origin=None):
    return next(i for i in bank.items if i.kind == kind and (origin is None or i.origin == origin))


def test_clean_bank_passes(bank):
    report = run_checks(bank)
    assert report.problems == ()
    assert report.coverage >= 0.9


def test_quote_not_in_document(bank):
    item = _first(bank, "single_choice", "document")
    broken = _swap(bank, item.id, quote=item.quote + " invented words")
    assert any(p.startswith(item.id) and "quote not found" in p for p in _problems(broken))


def test_duplicate_id(bank):
    broken = replace(bank, items=(*bank.items, bank.items[0]))
    assert any("duplicate id" in p for p in _problems(broken))


def test_key_also_distractor(bank):
    item = _first(bank, "single_choice")
    opts = item.options
    body = {
        **item.body,
        "options": [
            item.keys[0],
            *[o for o in opts if o != item.keys[0]][:-1],
            item.keys[0].upper(),
        ],
    }
    assert any("also a distractor" in p for p in _problems(_swap(bank, item.id, body=body)))


def test_too_few_options(bank):
    item = _first(bank, "single_choice")
    body = {
        **item.body,
        "options": [item.keys[0], next(o for o in item.options if o != item.keys[0])],
    }
    assert any("fewer than 3 options" in p for p in _problems(_swap(bank, item.id, body=body)))


def test_duplicate_options_after_normalising(bank):
    item = _first(bank, "single_choice")
    other = next(o for o in item.options if o != item.keys[0])
    body = {**item.body, "options": [*item.options[:-1], other + "."]}
    if item.options[-1] == other or item.options[-1] == item.keys[0]:
        body = {**item.body, "options": [item.keys[0], other, other.lower() + "!"]}
    assert any("duplicate options" in p for p in _problems(_swap(bank, item.id, body=body)))


def test_all_of_the_above(bank):
    item = _first(bank, "single_choice")
    body = {**item.body, "options": [*item.options[:-1], "All of the above"]}
    if item.keys[0] not in body["options"]:
        body["options"][0] = item.keys[0]
    assert any("all/none of the above" in p for p in _problems(_swap(bank, item.id, body=body)))


def test_false_statement_that_is_true(bank):
    claim = next(c for c in bank.claims.values() if not c.asserted)
    fake = replace(claim, asserted=True)
    broken = replace(
        bank,
        claims={
            **bank.claims,
            claim.item_id: replace(fake, asserted=False, column=_true_col(bank, claim)),
        },
    )
    assert any(
        p.startswith(claim.item_id) and "false statement is true" in p for p in _problems(broken)
    )


def _true_col(bank, claim):
    row = next(r for r in bank.pack.tables[claim.table]["rows"] if r["key"] == claim.row)
    return row["value"] if isinstance(row["value"], str) else row["value"][0]


def test_gap_answer_in_stem(bank):
    item = _first(bank, "gap_fill", "document")
    broken = _swap(bank, item.id, prompt=item.prompt + " (hint: " + item.body["answer"] + ")")
    assert any(p.startswith(item.id) and "appears elsewhere" in p for p in _problems(broken))


def test_topic_with_too_few_items(bank):
    keep = [i for i in bank.items if i.topic != "area-6-decent-work" or i.kind != "single_choice"]
    problems = _problems(replace(bank, items=tuple(keep)))
    assert any("topic area-6-decent-work: only" in p for p in problems)


def test_longest_key_cue(bank):
    items = []
    for i in bank.items:
        if i.kind == "single_choice":
            i = replace(
                i,
                body={
                    **i.body,
                    "answer": [i.keys[0] + " " + "x" * 200],
                    "options": [o + " " + "x" * 200 if o == i.keys[0] else o for o in i.options],
                },
            )
        items.append(i)
    assert any(
        "key is the longest option" in p for p in _problems(replace(bank, items=tuple(items)))
    )


def test_uneven_key_positions(bank):
    items = []
    for i in bank.items:
        if i.kind == "single_choice":
            i = replace(
                i,
                body={**i.body, "options": [i.keys[0], *[o for o in i.options if o != i.keys[0]]]},
            )
        items.append(i)
    assert any("uneven key positions" in p for p in _problems(replace(bank, items=tuple(items))))


def test_near_duplicate(bank):
    item = next(i for i in bank.items if i.id.startswith("qa.sc."))
    twin = replace(item, id=item.id + "-copy", prompt=item.prompt + " Choose one.")
    assert any("near-duplicate" in p for p in _problems(replace(bank, items=(*bank.items, twin))))


def test_negative_stem(bank):
    item = _first(bank, "single_choice", "background")
    broken = _swap(bank, item.id, prompt="Which of these is NOT correct?")
    assert any("negative stem" in p for p in _problems(broken))


def test_unattributed_us_position(bank):
    item = _first(bank, "single_choice", "document")
    broken = _swap(bank, item.id, prompt="What should states do?")
    assert any("not attributed" in p for p in _problems(broken))


def test_undated_four_ilo_categories(bank):
    item = next(i for i in bank.items if i.id == "list.mr.ilo-four-2017")
    prompt = (
        "Which of these belong to the four categories of fundamental principles and rights at "
        "work? Select all that apply."
    )
    problems = _problems(_swap(bank, item.id, prompt=prompt))
    assert any(p.startswith(item.id) and "without a date" in p for p in problems)


def test_dated_four_ilo_categories_pass(bank):
    item = next(i for i in bank.items if i.id == "list.mr.ilo-four-2017")
    prompt = (
        "Which belong to the four categories listed in the 2017 U.S. response (those of "
        "the 1998 Declaration)? Select all that apply."
    )
    problems = _problems(_swap(bank, item.id, prompt=prompt))
    assert not any(p.startswith(item.id) for p in problems)


def test_bank_must_teach_the_2022_category(bank):
    kept = tuple(
        i
        for i in bank.items
        if not (
            "safe and healthy working environment" in " ".join(i.keys).lower()
            or "safe and healthy working environment" in i.prompt.lower()
        )
    )
    assert len(kept) < len(bank.items)
    assert any("2022" in p and p.startswith("bank:") for p in _problems(replace(bank, items=kept)))
    assert not any("2022" in p for p in _problems(bank))


def test_micic_guidelines_cover_all_fifteen(bank):
    guidelines = bank.pack.tables["micic-guidelines"]["rows"]
    assert [r["label"] for r in guidelines] == [f"Guideline {n}" for n in range(1, 16)]


DOC_MATCHES = (
    "areas.match.a1-a2-a3-a4-a5",
    "labour-law-benefits.match.less-vulnerability-wages-playing-field",
    "micic-cited.match.principle-2-principle-7-principle-9-guidelines-6-9-guideline-11",
)


@pytest.mark.parametrize("item_id", DOC_MATCHES)
def test_document_matching_items_cite_every_row(bank, item_id):
    item = bank.item(item_id)
    assert item is not None
    rows = item.body["row_sources"]
    assert len(rows) == len(item.body["pairs"])
    assert len({anchor for anchor, _ in rows}) >= 2  # the rows come from several passages
    for anchor, quote in rows:
        assert bank.document.contains(quote, anchor), (anchor, quote)
    cited = get_kind(item.kind).cited_parts(item.body)
    assert [(left, anchor) for left, anchor, _ in cited] == [
        (pair[0], row[0]) for pair, row in zip(item.body["pairs"], rows, strict=True)
    ]


def test_matching_rows_from_several_passages_without_row_sources(bank):
    item = bank.item(DOC_MATCHES[0])
    body = {k: v for k, v in item.body.items() if k != "row_sources"}
    problems = _problems(_swap(bank, item.id, body=body))
    assert any(p.startswith(item.id) and "no row_sources" in p for p in problems), problems


def test_matching_row_quote_not_in_its_passage(bank):
    item = bank.item(DOC_MATCHES[1])
    rows = [list(r) for r in item.body["row_sources"]]
    rows[2][0] = "area-1-p1"  # the quote is in area-6-p3, not here
    problems = _problems(_swap(bank, item.id, body={**item.body, "row_sources": rows}))
    assert f"{item.id}: quote not found verbatim in area-1-p1" in problems


def test_matching_row_sources_misaligned_with_pairs(bank):
    item = bank.item(DOC_MATCHES[2])
    rows = item.body["row_sources"][:-1]
    problems = _problems(_swap(bank, item.id, body={**item.body, "row_sources": rows}))
    assert any(p.startswith(item.id) and "row_sources must give" in p for p in problems)
