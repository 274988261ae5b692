"""Reading YAML as untrusted input: safe parsing into nodes that remember their line,
and a Reader that turns nodes into checked Python values, collecting every problem."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from heelcli.errors import CatalogError, Problem

# Only the safe loader family: it builds plain data and never runs code from a tag.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_T + n for n in ("str", "int", "float", "bool", "null"))
_ALLOWED_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _T + "map", _T + "seq"}


def parse(file: Path) -> Node:
    """Parse one YAML document into a node tree, or raise CatalogError naming the place."""
    source = str(file)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise CatalogError([Problem(source, 0, 0, "no such file")]) from None
    except IsADirectoryError:
        raise CatalogError([Problem(source, 0, 0, "is a directory, not a file")]) from None
    except OSError as exc:
        raise CatalogError([Problem(source, 0, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError([Problem(source, line, 0, "not valid UTF-8 text")]) from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise CatalogError([Problem(source, line, col, f"invalid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(source, 0, 0, f"invalid YAML: {exc}")]) from None
    if root is None:
        raise CatalogError([Problem(source, 0, 0, "the file is empty")])
    _check_nodes(root, source)
    return root


def _check_nodes(root: Node, source: str) -> None:
    """Refuse tags outside plain data, and aliases (a node reached twice)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise CatalogError([_at(source, node, "anchors and aliases are not allowed")])
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise CatalogError([_at(source, node, f"tag {node.tag!r} is not allowed")])
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _at(source: str, node: Node, message: str) -> Problem:
    return Problem(source, node.start_mark.line + 1, node.start_mark.column + 1, message)


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        _STR: "text",
        _INT: "a whole number",
        _FLOAT: "a number",
        _BOOL: f"true/false ({node.value}); quote it if you mean text",
        _NULL: "nothing",
    }.get(node.tag, "a value")


class Reader:
    """Converts nodes to values. Each method returns None after recording a problem."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, node: Node, message: str) -> None:
        self.problems.append(_at(self.source, node, message))

    def mapping(
        self,
        node: Node | None,
        where: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> dict[str, Node] | None:
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.fail(node, f"{where} must be a mapping, got {_kind(node)}")
            return None
        required = tuple(required)
        known = set(required) | set(optional)
        out: dict[str, Node] = {}
        ok = True
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != _STR:
                self.fail(key_node, f"{where}: keys must be text")
                ok = False
            elif key in out:
                first = out[key].start_mark.line + 1
                self.fail(key_node, f"{where}: key {key!r} given twice (first on line {first})")
                ok = False
            elif key not in known:
                self.fail(key_node, f"{where}: unknown key {key!r}{_suggest(key, known)}")
                ok = False
            else:
                out[key] = value
        missing = [k for k in required if k not in out]
        if missing:
            self.fail(node, f"{where}: missing key {', '.join(repr(k) for k in missing)}")
            return None
        return out if ok else None

    def sequence(self, node: Node | None, where: str, min_items: int = 0) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{where} must be a list, got {_kind(node)}")
            return []
        if len(node.value) < min_items:
            self.fail(node, f"{where} must have at least {min_items} item(s)")
        return list(node.value)

    def string(self, node: Node, where: str) -> str | None:
        if not (isinstance(node, ScalarNode) and node.tag == _STR):
            self.fail(node, f"{where} must be text, got {_kind(node)}")
            return None
        if not node.value.strip():
            self.fail(node, f"{where} must not be empty")
            return None
        return node.value.strip()

    def ident(self, node: Node, where: str) -> str | None:
        value = self.string(node, where)
        if value is not None and (not value.replace("-", "").replace("_", "").isalnum()
                                  or not value.isascii() or value != value.lower()):
            self.fail(node, f"{where} must be lowercase letters, digits and '-', got {value!r}")
            return None
        return value

    def strings(self, node: Node, where: str) -> tuple[str, ...] | None:
        items = self.sequence(node, where, min_items=1)
        if not isinstance(node, SequenceNode) or not items:
            return None
        values = [self.string(n, f"{where}[{i}]") for i, n in enumerate(items)]
        if any(v is None for v in values):
            return None
        return tuple(v for v in values if v is not None)

    def integer(self, node: Node, where: str, low: int, high: int) -> int | None:
        if not (isinstance(node, ScalarNode) and node.tag == _INT):
            self.fail(node, f"{where} must be a whole number from {low} to {high}, "
                            f"got {_kind(node)}")
            return None
        value = _constructor.construct_yaml_int(node)
        if not low <= value <= high:
            self.fail(node, f"{where} must be from {low} to {high}, got {value}")
            return None
        return value

    def number(self, node: Node, where: str, low: float, high: float) -> float | None:
        if not (isinstance(node, ScalarNode) and node.tag in (_INT, _FLOAT)):
            self.fail(node, f"{where} must be a number of seconds from {low:g} to {high:g}, "
                            f"got {_kind(node)}")
            return None
        if node.tag == _INT:
            value = float(_constructor.construct_yaml_int(node))
        else:
            value = _constructor.construct_yaml_float(node)
        if not low <= value <= high:  # also rejects .nan
            self.fail(node, f"{where} must be from {low:g} to {high:g}, got {node.value}")
            return None
        return value

    def raw_id(self, node: Node) -> str | None:
        """The id text of a mapping node, without checking anything else."""
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == "id" and isinstance(value, ScalarNode) and value.tag == _STR:
                    return value.value.strip()
        return None

    def peek_id(self, mapping: dict[str, Node], index: int) -> str:
        """A name for messages: the item's id when it has a usable one, else its position."""
        node = mapping.get("id")
        if isinstance(node, ScalarNode) and node.tag == _STR and node.value.strip():
            return node.value.strip()
        return f"#{index + 1}"


def _suggest(word: str, options: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
