"""Work every test's new app would repeat, done once per test process instead.

Each test builds its own app (``create_app``), which is right for isolation but repeats two pure
compilations hundreds of times: Jinja compiles every template it renders, and werkzeug compiles a
URL-builder function for every rule. Both outputs depend only on their inputs, so sharing them
between apps changes nothing a test can observe:

- templates: Jinja's own bytecode-cache hook, kept in memory; a cached template is used only while
  its source's checksum matches, so an edited template is compiled again;
- URL builders: werkzeug's ``Rule._compile_builder`` builds the same code for the same rule text,
  trace and default names; the function is cached by exactly those and bound to each rule as
  before. It is a private method, so the cache is installed only on the werkzeug series it was
  written against (3.1); any other version simply compiles as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from typing import Any

import jinja2
from werkzeug.routing.rules import Rule

__all__ = ["TEMPLATE_BYTECODE", "install_url_builder_cache"]


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in this process's memory, keyed by template and source checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from the cache (Jinja ignores it if the source changed since)."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = MemoryBytecodeCache()

_Builder = Callable[..., tuple[str, str]]
_builders: dict[tuple[Any, ...], _Builder] = {}


def install_url_builder_cache() -> bool:
    """Share werkzeug's compiled URL builders between apps; False when werkzeug is not 3.1."""
    if not version("werkzeug").startswith("3.1.") or getattr(Rule, "_builder_cache", False):
        return False
    compile_builder = Rule._compile_builder

    def cached_compile_builder(self: Rule, append_unknown: bool = True) -> _Builder:
        defaults = self.defaults or {}
        if any(is_dynamic and name in defaults for is_dynamic, name in self._trace):
            # A default folded into the URL goes through the rule's own converter: not shared.
            return compile_builder(self, append_unknown)
        key = (append_unknown, self.rule, tuple(self._trace), tuple(map(str, defaults)))
        builder = _builders.get(key)
        if builder is None:
            builder = _builders[key] = compile_builder(self, append_unknown)
        return builder

    # Replacing a method and marking the class are what this function is for.
    Rule._compile_builder = cached_compile_builder  # type: ignore[method-assign]
    Rule._builder_cache = True  # type: ignore[attr-defined]
    return True
