"""Deterministic item generators, one module per family.

Each module exposes ``generate(doc, pack) -> Iterator[ItemSpec | Rejected | Claim]``.
"""

from . import cases, cloze, glossary, lists, questions, scenarios, tables

FAMILIES = (glossary, questions, lists, cloze, tables, scenarios, cases)

__all__ = ["FAMILIES"]
