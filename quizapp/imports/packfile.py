"""The content-pack zip: write it byte-identically, read and validate it with ``file:line:
reason`` messages. Pure (no Flask, no database); :mod:`quizapp.imports.packs` fills and stores it.

Layout (every YAML file in the style of ``content/``, keys sorted)::

    manifest.yaml             format, course (title, description, language), documents, glossary
    documents/<slug>.txt      each document's current text
    documents/<slug>.yaml     its passages: anchor, position, heading, text
    content/topics.yaml       topics: slug, title, description, area
    content/items.yaml        items: id, kind, topic, status, origin, prompt, body, explanation,
                              difficulty, and document + passage + quote or instrument + provision
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import yaml

from quizapp.content.document import quote_found
from quizapp.content.pack import Entry, PackError, load_yaml
from quizapp.content.spec import ID_PATTERN
from quizapp.enums import ItemOrigin, ItemStatus
from quizapp.items.kinds import get_kind

__all__ = [
    "FORMAT",
    "MAX_PACK_BYTES",
    "PackData",
    "PackDocument",
    "PackError",
    "PackPassage",
    "PackTopic",
    "read_pack",
    "write_pack",
]

FORMAT = "quizapp-course-pack/1"
MAX_PACK_BYTES = 50 * 1024 * 1024  # what a pack may expand to
_STAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so the same course gives the same bytes


@dataclass(frozen=True)
class PackPassage:
    """A passage of a document's current version."""

    anchor: str
    position: int
    heading: str | None
    text: str


@dataclass(frozen=True)
class PackDocument:
    """A document: its current text and passages, and the original file's facts."""

    slug: str
    title: str
    filename: str
    media_type: str
    sha256: str
    text: str
    passages: tuple[PackPassage, ...]


@dataclass(frozen=True)
class PackTopic:
    """A topic of the course."""

    slug: str
    title: str
    description: str
    area: int | None = None


@dataclass
class PackData:
    """Everything a pack holds; ``items`` are plain dicts in the ``content/items.yaml`` shape."""

    title: str
    description: str
    language: str
    documents: list[PackDocument] = field(default_factory=list)
    topics: list[PackTopic] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)


def _dump(data: Any) -> bytes:
    text = yaml.safe_dump(
        data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100
    )
    return text.encode("utf-8")


def write_pack(pack: PackData) -> bytes:
    """The zip of ``pack``: entries in name order, fixed timestamps, so equal packs are equal
    bytes."""
    files: dict[str, bytes] = {
        "manifest.yaml": _dump(
            {
                "format": FORMAT,
                "course": {
                    "title": pack.title,
                    "description": pack.description,
                    "language": pack.language,
                },
                "documents": [
                    {
                        "slug": d.slug,
                        "title": d.title,
                        "filename": d.filename,
                        "media_type": d.media_type,
                        "sha256": d.sha256,
                    }
                    for d in pack.documents
                ],
                "glossary": sorted(pack.glossary, key=str.casefold),
            }
        ),
        "content/topics.yaml": _dump(
            {
                "topics": [
                    {k: v for k, v in vars(t).items() if v is not None or k != "area"}
                    for t in pack.topics
                ]
            }
        ),
        "content/items.yaml": _dump({"items": sorted(pack.items, key=lambda i: i["id"])}),
    }
    for d in pack.documents:
        files[f"documents/{d.slug}.txt"] = d.text.encode("utf-8")
        files[f"documents/{d.slug}.yaml"] = _dump({"passages": [dict(vars(p)) for p in d.passages]})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


class _Reader:
    """Reads the zip's files and collects every problem."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.problems: list[str] = []

    def text(self, name: str) -> str | None:
        try:
            return self.archive.read(name).decode("utf-8")
        except KeyError:
            self.problems.append(f"{name}:0: missing from the pack")
        except UnicodeDecodeError:
            self.problems.append(f"{name}:0: not UTF-8 text")
        return None

    def yaml(self, name: str, section: str) -> list[Entry]:
        text = self.text(name)
        if text is None:
            return []
        try:
            data = load_yaml(text, name)
        except PackError as error:
            self.problems.extend(error.problems)
            return []
        if not isinstance(data, Entry) or not isinstance(data.get(section), list):
            self.problems.append(f"{name}:1: expected a mapping with a list {section!r}")
            return []
        entries = data[section]
        for n, entry in enumerate(entries, start=1):
            if not isinstance(entry, Entry):
                self.problems.append(f"{name}:1: entry {n} of {section!r} is not a mapping")
        return [e for e in entries if isinstance(e, Entry)]

    def fail(self, entry: Entry, reason: str) -> None:
        self.problems.append(f"{entry.where}: {reason}")

    def require(self, entry: Entry, *keys: str) -> bool:
        missing = [k for k in keys if entry.get(k) in (None, "", [])]
        for key in missing:
            self.fail(entry, f"missing field {key!r}")
        return not missing


def _open(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise PackError([f"{name}:0: not a zip file (a content pack is a .zip)"]) from None
    if sum(i.file_size for i in archive.infolist()) > MAX_PACK_BYTES:
        raise PackError([f"{name}:0: the pack expands to more than 50 MB"])
    return archive


def read_pack(data: bytes, name: str = "pack.zip") -> PackData:
    """Read and validate a pack.

    Raises:
        PackError: every problem as ``file:line: reason`` (files named inside the zip).
    """
    reader = _Reader(_open(data, name))
    manifest_text = reader.text("manifest.yaml")
    if manifest_text is None:
        raise PackError(reader.problems)
    manifest = load_yaml(manifest_text, "manifest.yaml")
    if not isinstance(manifest, Entry) or manifest.get("format") != FORMAT:
        raise PackError([f"manifest.yaml:1: not a quizapp course pack (format {FORMAT!r})"])
    course = manifest.get("course")
    if not isinstance(course, Entry) or not reader.require(course, "title"):
        raise PackError([*reader.problems, "manifest.yaml:1: missing the course's title"])
    pack = PackData(
        title=str(course["title"]),
        description=str(course.get("description") or ""),
        language=str(course.get("language") or "en"),
        glossary=[str(t) for t in manifest.get("glossary") or []],
    )
    _read_documents(reader, manifest, pack)
    for entry in reader.yaml("content/topics.yaml", "topics"):
        if reader.require(entry, "slug", "title"):
            area = entry.get("area")
            pack.topics.append(
                PackTopic(
                    str(entry["slug"]),
                    str(entry["title"]),
                    str(entry.get("description") or ""),
                    area if isinstance(area, int) else None,
                )
            )
    _read_items(reader, pack)
    if reader.problems:
        raise PackError(reader.problems)
    return pack


def _read_documents(reader: _Reader, manifest: Entry, pack: PackData) -> None:
    documents = manifest.get("documents") or []
    for entry in documents if isinstance(documents, list) else []:
        if not isinstance(entry, Entry) or not reader.require(entry, "slug", "title", "sha256"):
            continue
        slug = str(entry["slug"])
        text = reader.text(f"documents/{slug}.txt")
        passages = []
        for p in reader.yaml(f"documents/{slug}.yaml", "passages"):
            if reader.require(p, "anchor", "position", "text"):
                heading = p.get("heading")
                passages.append(
                    PackPassage(
                        str(p["anchor"]),
                        int(p["position"]),
                        None if heading is None else str(heading),
                        str(p["text"]),
                    )
                )
        if text is not None:
            pack.documents.append(
                PackDocument(
                    slug=slug,
                    title=str(entry["title"]),
                    filename=str(entry.get("filename") or f"{slug}.txt"),
                    media_type=str(entry.get("media_type") or "text/plain"),
                    sha256=str(entry["sha256"]),
                    text=text,
                    passages=tuple(passages),
                )
            )


def _read_items(reader: _Reader, pack: PackData) -> None:
    topics = {t.slug for t in pack.topics}
    passages = {(d.slug, p.anchor): p.text for d in pack.documents for p in d.passages}
    seen: set[str] = set()
    for entry in reader.yaml("content/items.yaml", "items"):
        if not reader.require(entry, "id", "kind", "topic", "origin", "prompt", "body"):
            continue
        item_id = str(entry["id"])
        if not ID_PATTERN.match(item_id):
            reader.fail(entry, f"id {item_id!r} must be <=120 chars of [a-z0-9.-]")
        if item_id in seen:
            reader.fail(entry, f"duplicate item id {item_id!r}")
        seen.add(item_id)
        if entry["topic"] not in topics:
            reader.fail(entry, f"unknown topic {entry['topic']!r}")
        if entry.get("status", ItemStatus.DRAFT) not in set(ItemStatus):
            reader.fail(entry, f"unknown status {entry.get('status')!r}")
        try:
            kind = get_kind(str(entry["kind"]))
        except KeyError:
            reader.fail(entry, f"unknown kind {entry['kind']!r}")
        else:
            if not isinstance(entry["body"], dict):
                reader.fail(entry, "body must be a mapping")
                continue
            for problem in kind.problems(str(entry["prompt"]), entry["body"]):
                reader.fail(entry, problem)
        _check_source(reader, entry, passages)
        pack.items.append(_plain(entry))


def _check_source(reader: _Reader, entry: Entry, passages: dict[tuple[str, str], str]) -> None:
    if entry["origin"] == ItemOrigin.DOCUMENT:
        if not reader.require(entry, "document", "passage", "quote"):
            return
        where = (str(entry["document"]), str(entry["passage"]))
        if where not in passages:
            reader.fail(entry, f"unknown passage {where[0]}#{where[1]}")
        elif not entry.get("needs_review") and not quote_found(
            str(entry["quote"]), [passages[where]]
        ):
            reader.fail(entry, f"quote not found verbatim in {where[0]}#{where[1]}")
    elif entry["origin"] == ItemOrigin.BACKGROUND:
        reader.require(entry, "instrument", "provision")
    else:
        reader.fail(entry, f"unknown origin {entry['origin']!r}")


def _plain(value: Any) -> Any:
    """Entries as plain dicts (so writing them again gives the same YAML)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
