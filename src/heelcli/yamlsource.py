"""Reading YAML as untrusted input: safe parsing into nodes that remember their line,
and a Reader that turns nodes into checked Python values, collecting every problem."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from heelcli.errors import CatalogError, Problem, first_control, sanitise

# Only the safe loader family: it builds plain data and never runs code from a tag.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_T + n for n in ("str", "int", "float", "bool", "null"))
_ALLOWED_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _T + "map", _T + "seq"}


MAX_BYTES = 1024 * 1024
MAX_DEPTH = 8  # the format needs 5 (file, exercises, exercise, phases, phase)

def parse(source: str) -> Node:
    """Parse one YAML document into a node tree, or raise CatalogError naming the place."""

    def refuse(message: str) -> CatalogError:
        return CatalogError([Problem(source, 0, 0, message)])

    try:
        info = os.stat(source)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
            raise refuse("is not a regular file")
        if info.st_size > MAX_BYTES:
            raise refuse("is larger than 1 MiB; refusing to read it")
        with open(source, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise refuse("no such file") from None
    except OSError as exc:
        raise refuse(f"cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise refuse("is larger than 1 MiB; refusing to read it")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CatalogError([Problem(source, line, column, "not valid UTF-8 text")]) from None
    try:
        root = _compose(text, source)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"the character {sanitise(chr(exc.character))} is not allowed in YAML"
        raise CatalogError([Problem(source, line, column, what)]) from None
    except yaml.MarkedYAMLError as exc:
        raise CatalogError([Problem(source, *_explain(exc, text))]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(source, 0, 0, f"invalid YAML: {exc}")]) from None
    if root is None:
        raise CatalogError([Problem(source, 0, 0, "the file is empty")])
    return root


def _compose(text: str, source: str) -> Node | None:
    """Build nodes from the parser's events in one pass, without recursion.

    Composing ourselves lets us refuse anchors, aliases, foreign tags and deep nesting
    as they stream past, before they can cost memory, time or stack.
    """
    resolver = yaml.resolver.Resolver()
    root: Node | None = None
    stack: list[Node] = []  # open collections
    pending_key: list[Node | None] = []  # for each open mapping, a key awaiting its value

    def refuse(event: yaml.Event, message: str) -> CatalogError:
        mark = event.start_mark
        return CatalogError([Problem(source, mark.line + 1, mark.column + 1, message)])

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif pending_key[-1] is None:
            pending_key[-1] = node
        else:
            parent.value.append((pending_key[-1], node))
            pending_key[-1] = None

    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise refuse(event, "only one YAML document is allowed in a file")
        elif isinstance(event, yaml.AliasEvent):
            raise refuse(event, "anchors and aliases (&, *) are not allowed")
        elif isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                raise refuse(event, "anchors and aliases (&, *) are not allowed")
            if isinstance(event, yaml.ScalarEvent):
                kind: type[Node] = ScalarNode
                tag = event.tag if event.tag not in (None, "!") else \
                    resolver.resolve(ScalarNode, event.value, event.implicit)
            else:
                kind = MappingNode if isinstance(event, yaml.MappingStartEvent) else SequenceNode
                tag = event.tag if event.tag not in (None, "!") else \
                    resolver.resolve(kind, None, event.implicit)
            if tag not in _ALLOWED_TAGS:
                raise refuse(event, f"tag {sanitise(str(event.tag))!r} is not allowed")
            if kind is ScalarNode:
                attach(ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                  style=event.style))
            else:
                if len(stack) >= MAX_DEPTH:
                    raise refuse(event, f"nested more than {MAX_DEPTH} levels deep")
                node = kind(tag, [], event.start_mark, None)
                attach(node)
                stack.append(node)
                pending_key.append(None)
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop().end_mark = event.end_mark
            pending_key.pop()
    return root


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """The line, column and a plain account of a YAML syntax error.

    PyYAML has no error codes, and its C and Python parsers word the same problem
    differently, so the problem is recognised by words both use; the likely cause comes
    from looking at the text itself.
    """
    problem, context = (exc.problem or "").lower(), (exc.context or "").lower()
    at, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    if at is None:
        return 0, 0, f"invalid YAML: {exc.problem or exc.context or 'not valid YAML'}"
    lines = text.split("\n")
    line = lines[at.line] if at.line < len(lines) else ""
    char = line[at.column] if at.column < len(line) else ""
    since = f" on line {opened.line + 1}" if opened and opened.line != at.line else ""
    column = opened.column + 1 if opened else 1

    def reading(message: str, where: yaml.Mark = at) -> tuple[int, int, str]:
        return where.line + 1, where.column + 1, f"invalid YAML: {message}"

    if char == "\t":
        return reading("a tab where YAML expects spaces; indent with spaces, not tabs")
    if "expected ':'" in problem and opened:
        return reading("expected 'key: value' but this line has no ': '; add the colon, or "
                       "indent the line further if it continues the text above", opened)
    if "mapping values are not allowed" in problem:
        before = line[: at.column].lstrip(" -")
        if ": " in before:
            return reading("a second ': ' on one line; put a value that contains ': ' in "
                           "quotes, like \"Down: slowly\"")
        return reading("a 'key:' where a value continues; is this line indented more than "
                       "the keys above it? (or quote a value that contains ': ')")
    if "sequence entries are not allowed" in problem:
        return reading("a '- ' list cannot start on the line of its key; put each '- ' item "
                       "on a line of its own, indented under the key")
    if "block collection" in context and ("'-'" in problem or "block end" in problem):
        return reading("this line belongs to no list item: indent it like the keys above, "
                       f"or start an item with '- ' at column {column}"
                       + (f", like the list{since}" if since else ""))
    if "block mapping" in context and ("expected key" in problem or "block end" in problem):
        if char in ("]", "}"):
            return reading(f"'{char}' closes nothing here")
        if line[: at.column].strip():
            return reading("more text after a complete value; put the whole value in quotes")
        if char == "-":
            return reading("a '- ' list item among 'key: value' lines; a list goes under "
                           "its key, indented")
        return reading(f"a key indented like no key above it (the keys{since} are at column "
                       f"{column}); check this line's indentation")
    for close in ("]", "}"):
        if f"',' or '{close}'" in problem:
            opener = "[" if close == "]" else "{"
            return reading(f"the '{opener}'{since} is not closed: expected ',' or '{close}' "
                           "here; quote an item that contains ',', ':' or brackets")
    if "node content" in problem:
        if "flow" in context:
            return reading("expected a value or a closing bracket; is a '[' or '{' not closed?")
        return reading("expected a value here")
    if "end of stream" in problem and "quoted" in context and opened:
        return reading("this quote is never closed", opened)
    if "escape" in problem:
        return reading("an unknown escape after '\\' in double quotes; write '\\\\' for a "
                       "backslash, or use single quotes")
    if "cannot start any token" in problem:
        return reading(f"a value cannot start with {sanitise(char)!r}; put it in quotes")
    if "tag handle" in problem:
        return reading("an unknown tag handle; tags are not allowed")
    if "anchor" in context or "alias" in context:
        return reading("anchors and aliases (&, *) are not allowed")
    if "block scalar" in context:
        return reading("after '|' or '>' only '-', '+', a digit or a comment may follow on "
                       "the line")
    if "incompatible" in problem:
        return reading("only YAML 1.x is supported")
    if "document start" in problem:
        return reading("more text after the end of the document; check this line's "
                       "indentation")
    if "comment or" in problem:
        return reading("more text after a complete value; put the whole value in quotes")
    return reading(" ".join(filter(None, (exc.problem, exc.context))))


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
        control = first_control(node.value)
        if control:
            self.fail(node, f"{where} contains the control character "
                            f"{sanitise(control)}; only plain text is allowed")
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
