"""The step graph of a branching case study: walking it, and checking it is well formed.

A case body holds ``start`` (a step key) and ``steps``, each step a mapping with ``key``,
``situation``, ``question``, ``source`` and ``options``; each option has ``text``, ``correct``,
``consequence``, ``feedback`` and ``next`` (the key of the step it leads to, or None when the
case ends there). Decisions are ``{step key: chosen option text}``.

Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = [
    "MAX_DECISIONS",
    "MIN_DECISIONS",
    "Body",
    "current_step",
    "graph_problems",
    "option",
    "path_of",
    "paths",
    "step",
]

Body = Mapping[str, Any]

#: every way through a case asks this many decisions, at least and at most
MIN_DECISIONS = 3
MAX_DECISIONS = 5
_MIN_OPTIONS, _MAX_OPTIONS = 2, 4


def step(body: Body, key: str) -> Mapping[str, Any]:
    """The step called ``key``; KeyError when there is none."""
    for candidate in body.get("steps", []):
        if candidate.get("key") == key:
            return dict(candidate)
    raise KeyError(key)


def option(body: Body, step_key: str, text: str) -> Mapping[str, Any]:
    """The option of ``step_key`` whose text is ``text``; KeyError when there is none."""
    for candidate in step(body, step_key).get("options", []):
        if candidate.get("text") == text:
            return dict(candidate)
    raise KeyError(text)


def path_of(body: Body, decisions: Mapping[str, str]) -> tuple[list[str], str | None]:
    """Follow ``decisions`` from the start.

    Returns:
        The step keys decided along the way, in order, and the step waiting for a decision
        (None when the path has reached an end). Decisions off the path are ignored.

    Raises:
        KeyError: when a decision names an option its step does not have.
    """
    decided: list[str] = []
    key: str | None = body.get("start")
    while key is not None and key in decisions:
        if key in decided:  # a cycle: the graph checks refuse such a body
            raise KeyError(key)
        decided.append(key)
        key = option(body, key, decisions[key]).get("next")
    return decided, key


def current_step(body: Body, decisions: Mapping[str, str]) -> str | None:
    """The step waiting for a decision, or None when the case is over."""
    return path_of(body, decisions)[1]


def paths(body: Body, limit: int = 1000) -> Iterator[list[str]]:
    """Every way from the start to an end, as lists of step keys (stops at a cycle or an unknown
    step, which :func:`graph_problems` reports)."""
    keys = {s.get("key") for s in body.get("steps", [])}
    stack: list[list[str]] = [[body["start"]]] if body.get("start") in keys else []
    found = 0
    while stack and found < limit:
        trail = stack.pop()
        nexts = [o.get("next") for o in step(body, trail[-1]).get("options", [])]
        for nxt in dict.fromkeys(nexts):
            if nxt is None:
                found += 1
                yield trail
            elif nxt in keys and nxt not in trail:
                stack.append([*trail, nxt])


def _step_problems(s: Mapping[str, Any], keys: set[str]) -> list[str]:
    name = s.get("key")
    p: list[str] = []
    for field in ("situation", "question"):
        if not str(s.get(field) or "").strip():
            p.append(f"step {name}: no {field}")
    source = s.get("source") or {}
    if not (source.get("passage") and source.get("quote")) and not (
        source.get("instrument") and source.get("provision")
    ):
        p.append(f"step {name}: feedback cites no passage+quote nor instrument+provision")
    options = list(s.get("options", []))
    if not _MIN_OPTIONS <= len(options) <= _MAX_OPTIONS:
        p.append(f"step {name}: needs {_MIN_OPTIONS}-{_MAX_OPTIONS} options")
    texts = [str(o.get("text") or "").strip() for o in options]
    if len(set(texts)) != len(texts) or "" in texts:
        p.append(f"step {name}: option texts must be distinct and non-empty")
    if not any(o.get("correct") for o in options):
        p.append(f"step {name}: no key")
    for o in options:
        for field in ("consequence", "feedback"):
            if not str(o.get(field) or "").strip():
                p.append(f"step {name}: option {o.get('text')!r} has no {field}")
        if o.get("next") is not None and o.get("next") not in keys:
            p.append(f"step {name}: option leads to unknown step {o.get('next')!r}")
    return p


def _cycle(body: Body, keys: set[str]) -> bool:
    """True when some step can lead back to itself."""
    edges = {
        s["key"]: {o.get("next") for o in s.get("options", []) if o.get("next") in keys}
        for s in body.get("steps", [])
    }
    done: set[str] = set()
    active: set[str] = set()

    def visit(key: str) -> bool:
        if key in active:
            return True
        if key in done:
            return False
        active.add(key)
        looped = any(visit(nxt) for nxt in edges[key])
        active.discard(key)
        done.add(key)
        return looped

    return any(visit(key) for key in edges)


def graph_problems(body: Body) -> list[str]:
    """What is wrong with a case's steps (empty when every gate passes): a start, distinct step
    keys, every step reachable, no cycle (so every path ends), every path between
    MIN_DECISIONS and MAX_DECISIONS decisions, and per step a key, a source and a consequence and
    feedback on every option."""
    steps = list(body.get("steps", []))
    keys = [s.get("key") for s in steps]
    if not steps:
        return ["case has no steps"]
    p: list[str] = []
    if len(set(keys)) != len(keys) or None in keys:
        return ["step keys must be present and distinct"]
    key_set = set(keys)
    if body.get("start") not in key_set:
        return [f"start {body.get('start')!r} is not a step"]
    for s in steps:
        p.extend(_step_problems(s, key_set))
    if _cycle(body, key_set):
        return [*p, "a step can lead back to itself: some path never ends"]
    all_paths = list(paths(body))
    reached = {key for trail in all_paths for key in trail}
    p.extend(f"step {key}: unreachable from the start" for key in keys if key not in reached)
    for trail in all_paths:
        if not MIN_DECISIONS <= len(trail) <= MAX_DECISIONS:
            p.append(
                f"path {' > '.join(trail)} has {len(trail)} decisions "
                f"(need {MIN_DECISIONS}-{MAX_DECISIONS})"
            )
    return p
