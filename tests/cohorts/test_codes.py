"""Join codes and the "Code or PIN" box, without an app."""

from __future__ import annotations

import random

import pytest

from quizapp.cohorts.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    EntryKind,
    classify_entry,
    format_code,
    generate_code,
    normalise_code,
)


def test_generated_codes_are_eight_unambiguous_letters():
    codes = {generate_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == CODE_LENGTH and code.isalpha() and code.isupper()
        assert not set(code) & set("ILOUV01")
        assert set(code) <= set(CODE_ALPHABET)


def test_generate_code_uses_the_given_chooser():
    rng = random.Random(7)
    assert generate_code(rng.choice) == generate_code(random.Random(7).choice)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("123456", EntryKind.PIN, "123456"),
        (" 123 456 ", EntryKind.PIN, "123456"),
        ("abcd-efgh", EntryKind.COHORT_CODE, "ABCDEFGH"),
        ("ABCD EFGH", EntryKind.COHORT_CODE, "ABCDEFGH"),
        ("1234567", EntryKind.COHORT_CODE, "1234567"),
        ("", EntryKind.INVALID, ""),
        ("  ", EntryKind.INVALID, ""),
        ("ab", EntryKind.INVALID, ""),
        ("<script>", EntryKind.INVALID, ""),
        ("ÄBCDEFGH", EntryKind.INVALID, ""),
    ],
)
def test_classify_entry(text, kind, value):
    entry = classify_entry(text)
    assert (entry.kind, entry.value) == (kind, value)


def test_a_generated_code_is_never_taken_for_a_pin():
    assert all(classify_entry(generate_code()).kind is EntryKind.COHORT_CODE for _ in range(200))


def test_format_and_normalise_round_trip():
    assert format_code("ABCDEFGH") == "ABCD-EFGH"
    assert normalise_code(format_code("ABCDEFGH")) == "ABCDEFGH"
    assert format_code("JOIN1") == "JOIN1"
