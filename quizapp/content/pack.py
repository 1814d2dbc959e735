"""Load and validate the YAML content pack with line-accurate error messages.

Every mapping read from YAML remembers the file and line it started on, so a bad
reference (unknown topic, glossary term, passage anchor, or a quote missing from
the document) stops the build with ``content/file.yaml:LINE: reason``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from quizapp.enums import Skill
from quizapp.items.normalize import normalize_ws

from .document import Document
from .facts import classify

__all__ = ["Entry", "Pack", "PackError", "load_pack", "load_yaml"]

if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:  # the C loader where libyaml is installed: same behaviour, faster
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Entry(dict[str, Any]):
    """A YAML mapping that knows where it came from (``where`` = ``file:line``)."""

    where: str = "?"


class PackError(Exception):
    """The content pack is invalid; ``problems`` holds ``file:line: reason`` strings."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _LineLoader(_Base):
    """Safe loader whose mappings are :class:`Entry` objects with a start line."""

    filename = "?"


def _construct_entry(loader: _LineLoader, node: yaml.MappingNode) -> Entry:
    loader.flatten_mapping(node)
    entry = Entry()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in entry:
            line = key_node.start_mark.line + 1
            raise PackError([f"{loader.filename}:{line}: duplicate key {key!r}"])
        entry[key] = loader.construct_object(value_node, deep=True)
    entry.where = f"{loader.filename}:{node.start_mark.line + 1}"
    return entry


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_entry)


def load_yaml(text: str, filename: str) -> Any:
    """Parse YAML text; syntax errors become :class:`PackError` with the line."""
    loader = _LineLoader(text)
    loader.filename = filename
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise PackError([f"{filename}:{line}: invalid YAML: {exc.problem or exc}"]) from None
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Topic:
    """A study topic: one thematic area or a cross-cutting theme."""

    slug: str
    title: str
    description: str
    position: int
    area: int | None


@dataclass
class Pack:
    """Validated pack contents, keyed for the generators."""

    topics: dict[str, Topic] = field(default_factory=dict)
    glossary: dict[str, Entry] = field(default_factory=dict)
    tables: dict[str, Entry] = field(default_factory=dict)
    scenarios: list[Entry] = field(default_factory=list)
    questions: list[Entry] = field(default_factory=list)
    cloze: list[Entry] = field(default_factory=list)
    lists: list[Entry] = field(default_factory=list)
    cases: list[Entry] = field(default_factory=list)


CLASSES = {
    "crime",
    "instrument",
    "protocol",
    "ilo_category",
    "micic_principle",
    "micic_guideline",
    "actor",
    "driver_of_migration",
    "trafficking_element",
    "population",
    # the old catch-all "concept", split so that distractors come from the same narrow class
    "development_concept",
    "migration_governance",
    "labour_concept",
    "victim_protection",
    "attitude",
}
_SECTIONS = ("topics", "terms", "tables", "scenarios", "questions", "cloze", "lists", "cases")


class _Validator:
    """Collects problems while checking references of pack entries."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[str] = []
        self.pack = Pack()

    def fail(self, entry: Entry, reason: str) -> None:
        self.problems.append(f"{entry.where}: {reason}")

    def require(self, entry: Entry, *keys: str) -> bool:
        missing = [k for k in keys if entry.get(k) in (None, "", [])]
        for key in missing:
            self.fail(entry, f"missing field {key!r}")
        return not missing

    def topic(self, entry: Entry, key: str = "topic") -> None:
        if entry.get(key) not in self.pack.topics:
            self.fail(entry, f"unknown topic {entry.get(key)!r}")

    def term(self, entry: Entry, key: str) -> None:
        if key not in self.pack.glossary:
            self.fail(entry, f"unknown glossary term {key!r}")

    def skill(self, entry: Entry, *, required: bool) -> None:
        """``skill`` (what the entry's items test) is a :class:`Skill` value."""
        value = entry.get("skill")
        if value is None:
            if required:
                self.fail(entry, f"missing field 'skill' (one of {', '.join(Skill)})")
        elif value not in set(Skill):
            self.fail(entry, f"unknown skill {value!r} (one of {', '.join(Skill)})")

    def distractors(self, entry: Entry) -> None:
        """``distractors`` is a list of texts or a mapping {text: why this option is wrong}."""
        value = entry.get("distractors")
        if isinstance(value, dict):
            for text, why in value.items():
                if not isinstance(why, str) or not why.strip():
                    self.fail(entry, f"distractor {text!r} needs a non-empty 'why not'")
        elif value is not None and not isinstance(value, list):
            self.fail(entry, "distractors must be a list or a mapping {option: why not}")

    def source(self, entry: Entry) -> None:
        """An entry cites a passage + verbatim quote, or an instrument + provision."""
        if entry.get("passage") or entry.get("quote"):
            anchor, quote = entry.get("passage"), entry.get("quote")
            if self.doc.passage(str(anchor)) is None:
                self.fail(entry, f"unknown passage anchor {anchor!r}")
            elif not quote or not self.doc.contains(str(quote), str(anchor)):
                self.fail(
                    entry,
                    f"quote not found verbatim in {anchor}: {normalize_ws(str(quote))[:60]!r}",
                )
        elif not (entry.get("instrument") and entry.get("provision")):
            self.fail(entry, "needs passage+quote or instrument+provision")


def _read(root: Path, validator: _Validator) -> dict[str, list[Entry]]:
    sections: dict[str, list[Entry]] = {name: [] for name in _SECTIONS}
    for path in sorted((root / "content").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        try:
            data = load_yaml(path.read_text(encoding="utf-8"), rel)
        except PackError as exc:
            validator.problems.extend(exc.problems)
            continue
        if data is None:
            continue
        if not isinstance(data, Entry):
            validator.problems.append(f"{rel}:1: top level must be a mapping")
            continue
        for name, value in data.items():
            if name not in sections:
                validator.fail(data, f"unknown section {name!r}")
            elif not isinstance(value, list) or not all(isinstance(v, Entry) for v in value):
                validator.fail(data, f"section {name!r} must be a list of mappings")
            else:
                sections[name].extend(value)
    return sections


def _check_case(v: _Validator, case: Entry) -> None:
    """A case's fields, and each step's source and options (the step graph is the kind's gate)."""
    if not v.require(case, "key", "topic", "title", "intro", "summary", "steps"):
        return
    v.topic(case)
    v.source(case)
    for step in case["steps"]:
        if not isinstance(step, Entry):
            v.fail(case, "each step must be a mapping")
            continue
        if v.require(step, "key", "situation", "question", "options"):
            v.source(step)
            for option in step["options"]:
                if isinstance(option, Entry):
                    v.require(option, "text", "consequence", "feedback")
                else:
                    v.fail(step, "each option must be a mapping")


def load_pack(root: Path, doc: Document) -> Pack:
    """Load every ``content/**/*.yaml`` file and validate all references.

    Raises:
        PackError: listing every problem as ``content/file.yaml:LINE: reason``.
    """
    v = _Validator(doc)
    sections = _read(root, v)
    pack = v.pack
    for pos, t in enumerate(sections["topics"], start=1):
        if v.require(t, "slug", "title", "description"):
            if t["slug"] in pack.topics:
                v.fail(t, f"duplicate topic {t['slug']!r}")
            pack.topics[t["slug"]] = Topic(
                t["slug"], t["title"], normalize_ws(t["description"]), pos, t.get("area")
            )
    for term in sections["terms"]:
        if not v.require(term, "key", "term", "class", "definition", "topic"):
            continue
        if term["key"] in pack.glossary:
            v.fail(term, f"duplicate glossary key {term['key']!r}")
        if term["class"] not in CLASSES:
            v.fail(term, f"unknown glossary class {term['class']!r}")
        v.topic(term)
        v.source(term)
        pack.glossary[term["key"]] = term
    for table in sections["tables"]:
        if not v.require(table, "key", "topic", "columns", "rows"):
            continue
        v.topic(table)
        v.skill(table, required=True)
        pack.tables[table["key"]] = table
        for row in table["rows"]:
            if v.require(row, "key", "value"):
                values = row["value"] if isinstance(row["value"], list) else [row["value"]]
                for val in values:
                    if val not in table["columns"]:
                        v.fail(row, f"unknown column {val!r} in table {table['key']!r}")
            if row.get("topic"):
                v.topic(row)
            v.skill(row, required=False)
            if row.get("passage") or row.get("quote") or not table.get("instrument"):
                v.source(row)
            for ref in row.get("terms", []):
                v.term(row, ref)
    for s in sections["scenarios"]:
        if v.require(s, "key", "topic", "stem", "expected", "explanation"):
            v.topic(s)
            v.skill(s, required=False)
            v.source(s)
            try:
                derived = classify(set(s.get("features") or []))
            except ValueError as exc:
                v.fail(s, str(exc))
            else:
                if derived != s["expected"]:
                    v.fail(
                        s,
                        f"scenario classified as {derived!r} by the fact rules, "
                        f"declared {s['expected']!r}",
                    )
    pack.scenarios = sections["scenarios"]
    for q in sections["questions"]:
        if v.require(q, "key", "topic", "question", "answer", "explanation"):
            v.topic(q)
            v.source(q)
            v.skill(q, required=True)
            v.distractors(q)
            full = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
            if q.get("mr_answer") and not set(q["mr_answer"]) <= set(full):
                v.fail(q, "mr_answer must be a subset of answer")
    pack.questions = sections["questions"]
    for c in sections["cloze"]:
        if v.require(c, "passage", "quote", "gap", "topic"):
            v.topic(c)
            v.source(c)
            v.term(c, c["gap"])
            v.skill(c, required=False)
    pack.cloze = sections["cloze"]
    for lst in sections["lists"]:
        if v.require(lst, "key", "topic", "prompt", "items", "explanation"):
            v.topic(lst)
            v.source(lst)
            v.skill(lst, required=True)
            v.distractors(lst)
    pack.lists = sections["lists"]
    for case in sections["cases"]:
        _check_case(v, case)
    pack.cases = sections["cases"]
    if v.problems:
        raise PackError(v.problems)
    return pack
