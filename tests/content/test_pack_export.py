"""Pack loading errors carry file:line; export and ids are stable."""

import json
import shutil
from dataclasses import replace

import pytest

from quizapp.content.bank import build_bank
from quizapp.content.export import export_json
from quizapp.content.facts import classify
from quizapp.content.pack import PackError, load_yaml
from quizapp.items.normalize import normalize_answer


def _copy(root, tmp_path):
    shutil.copytree(root / "content", tmp_path / "content")
    shutil.copytree(root / "seeds", tmp_path / "seeds")
    return tmp_path


def test_bad_yaml_reports_line():
    with pytest.raises(PackError) as exc:
        load_yaml("a: 1\nb: [unclosed\n", "content/x.yaml")
    assert exc.value.problems[0].startswith("content/x.yaml:")


def test_duplicate_yaml_key_reports_line():
    with pytest.raises(PackError) as exc:
        load_yaml("a: 1\na: 2\n", "content/x.yaml")
    assert exc.value.problems == ["content/x.yaml:2: duplicate key 'a'"]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            "topic: area-2-drivers\n    skill: definition\n    passage: area-2-p1\n    quote: All",
            "topic: area-9-nowhere\n    skill: definition\n    passage: area-2-p1\n    quote: All",
            "unknown topic",
        ),
        (
            (
                "passage: area-3-p1\n"
                "    quote: to detain and return individuals to their country of origin when"
            ),
            (
                "passage: area-3-p9\n"
                "    quote: to detain and return individuals to their country of origin when"
            ),
            "unknown passage anchor",
        ),
        (
            "quote: Temporary or permanent migration should also",
            "quote: Temporary or lasting migration should also",
            "quote not found",
        ),
        ("gap: disaster-risk-reduction", "gap: no-such-term", "unknown glossary term"),
    ],
)
def test_broken_reference_stops_build_with_line(root, tmp_path, old, new, reason):
    base = _copy(root, tmp_path)
    path = base / "content/items/area-2-4.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as exc:
        build_bank(base)
    assert any(
        p.startswith("content/items/area-2-4.yaml:") and reason in p for p in exc.value.problems
    )


def test_scenario_contradicting_fact_rules(root, tmp_path):
    base = _copy(root, tmp_path)
    path = base / "content/scenarios.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("expected: smuggling", "expected: trafficking", 1), encoding="utf-8"
    )
    with pytest.raises(PackError) as exc:
        build_bank(base)
    assert any(p.startswith("content/scenarios.yaml:") for p in exc.value.problems)


def test_export_is_byte_identical(root):
    a, b = export_json(build_bank(root)), export_json(build_bank(root))
    assert a == b and a.endswith("\n")
    data = json.loads(a)
    ids = [i["id"] for i in data["items"]]
    assert ids == sorted(ids)
    assert data["document"]["sha256"]


def test_rewording_keeps_id_but_changes_hash(root):
    bank = build_bank(root)
    item = bank.item("tvs.tf.border-required.smuggling")
    assert item is not None
    reworded = replace(item, prompt=item.prompt + " (reworded)")
    assert reworded.id == item.id and reworded.content_hash != item.content_hash


def test_classify():
    assert classify({"illegal_entry", "material_benefit"}) == "smuggling"
    assert classify({"act", "means", "exploitation"}) == "trafficking"
    assert classify({"act", "exploitation", "child"}) == "trafficking"
    assert classify({"act", "exploitation"}) == "neither"
    assert classify({"act", "means", "exploitation", "illegal_entry", "material_benefit"}) == "both"


def test_normalize_answer():
    assert normalize_answer("  Trafficking-in-Persons. ") == normalize_answer(
        "trafficking in persons"
    )
    assert normalize_answer("Forced labour & services") == "forced labour and services"


def test_pure_modules_do_not_import_flask_or_the_database(root):
    """Building, checking and exporting the bank loads neither the framework nor the database."""
    import subprocess
    import sys

    probe = (
        "import sys; import quizapp.content.bank, quizapp.content.checks, quizapp.content.export; "
        "print(sorted(m for m in ('flask', 'sqlalchemy', 'quizapp.extensions') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
