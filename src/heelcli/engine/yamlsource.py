"""Reading YAML as untrusted input: safe parsing into nodes that remember their line,
and a Reader that turns nodes into checked Python values, collecting every problem."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from heelcli.engine.errors import (
    CatalogError,
    Problem,
    closest,
    did_you_mean,
    first_control,
    sanitise,
)

# Only the safe loader family: it builds plain data and never runs code from a tag.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ = (
    _T + n for n in ("str", "int", "float", "bool", "null", "map", "seq"))
# YAML's own types. heel never constructs a value from a tag (the Reader reads the text),
# so a date, binary data or a set is harmless: it is reported as the wrong kind of value.
# Any other tag (!!python/..., !custom) is refused as it streams past.
_YAML_TAGS = {_T + n for n in ("str", "int", "float", "bool", "null", "map", "seq",
                               "timestamp", "binary", "set", "omap", "pairs", "merge",
                               "value", "yaml")}


# Typed here: the stubs leave Resolver.resolve untyped. It keeps no state between calls.
_resolve: Callable[[type[Node], str, tuple[bool, bool]], str] = \
    yaml.resolver.Resolver().resolve

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 8  # the format needs 7 (file, exercises, exercise, poses, positions, pose, point)


def parse(source: str) -> Node:
    """Parse one YAML document into a node tree, or raise CatalogError naming the place."""
    return parse_text(read(source), source)


def read(source: str) -> str:
    """The text of a file to parse, or raise CatalogError saying why it cannot be read."""

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
    return text


def parse_text(text: str, source: str) -> Node:
    """Parse the text of `source` into a node tree, or raise CatalogError naming the place."""
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
    resolve = _resolve
    resolved: dict[tuple[str, tuple[bool, bool]], str] = {}
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start = yaml.DocumentStartEvent
    top: list[Node] = []  # the document's root lands here
    children = top  # where the next node goes: a sequence's items, a mapping's keys and values
    open_nodes: list[Node] = []
    open_children: list[list[Node]] = []

    def refuse(event: yaml.Event, message: str) -> CatalogError:
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return CatalogError([Problem(source, line, column, message)])

    documents = 0
    # Dispatch on the exact class: this loop runs once per event, some 100 per exercise.
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is scalar_event:
            assert isinstance(event, yaml.ScalarEvent)  # for mypy; -O drops it
            if event.anchor is not None:
                raise refuse(event, "anchors and aliases (&, *) are not allowed")
            tag = event.tag
            if tag is None or tag == "!":
                # Keys repeat on every item: each text resolved once (resolve's regexes
                # were a fifth of the parse).
                seen = (event.value, event.implicit)
                tag = resolved.get(seen)
                if tag is None:
                    tag = resolved[seen] = resolve(ScalarNode, event.value, event.implicit)
            if tag not in _YAML_TAGS:
                raise refuse(event, f"tag {sanitise(tag)!r} is not allowed")
            # The C parser's marks have the same fields as yaml.Mark; its plain style is "".
            children.append(ScalarNode(tag, event.value, event.start_mark,  # type: ignore[arg-type]
                                       event.end_mark, event.style or None))  # type: ignore[arg-type]
        elif kind is map_start or kind is seq_start:
            assert isinstance(event, yaml.CollectionStartEvent)
            if event.anchor is not None:
                raise refuse(event, "anchors and aliases (&, *) are not allowed")
            tag = event.tag
            if tag is None or tag == "!":
                tag = _MAP if kind is map_start else _SEQ
            if tag not in _YAML_TAGS:
                raise refuse(event, f"tag {sanitise(tag)!r} is not allowed")
            if len(open_nodes) >= MAX_DEPTH:
                raise refuse(event, f"nested more than {MAX_DEPTH} levels deep")
            node: Node = (MappingNode if kind is map_start else SequenceNode)(
                tag, [], event.start_mark, None)  # type: ignore[arg-type]
            children.append(node)
            open_nodes.append(node)
            children = [] if kind is map_start else node.value
            open_children.append(children)
        elif kind is map_end or kind is seq_end:
            node = open_nodes.pop()
            node.end_mark = event.end_mark
            if kind is map_end:  # keys and values alternate
                node.value = list(zip(children[::2], children[1::2], strict=True))
            open_children.pop()
            children = open_children[-1] if open_children else top
        elif kind is alias_event:
            raise refuse(event, "anchors and aliases (&, *) are not allowed")
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise refuse(event, "only one YAML document is allowed in a file")
    return top[0] if top else None


class Plain:
    """A scalar of `plain_values` that YAML does not read as text: a number, true/false,
    null or a date, with its tag and its text as written."""

    __slots__ = ("tag", "text")

    def __init__(self, tag: str, text: str) -> None:
        self.tag, self.text = tag, text


def plain_values(text: str) -> object | None:
    """The document as plain values (text as str, other scalars as Plain, lists, mappings
    as dicts in file order), for a file that is likely fine; None at the first thing that
    may be a problem (any tag, anchor or alias, a key that is not text or is repeated, a
    second document, nesting past MAX_DEPTH, invalid YAML), for `parse_text` to report.

    Without nodes, marks or a Reader it takes half the time; the Reader's checks are on
    values built from it (engine.catalog), which fall back the same way.
    """
    resolve = _resolve
    plain_tags: dict[str, str] = {}
    scalar_event, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, \
        yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    top: list[object] = []
    children = top  # where the next value goes; a mapping's keys and values alternate
    open_children: list[list[object]] = []
    open_kinds: list[bool] = []  # True: a mapping
    documents = 0
    loader = _Loader(text)
    try:
        get_event = loader.get_event  # the parser's own loop, without yaml.parse's generator
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    return None
                value = event.value
                if event.implicit[0]:  # plain: YAML may read it as a number, a date, ...
                    tag = plain_tags.get(value)
                    if tag is None:
                        tag = plain_tags[value] = resolve(ScalarNode, value, (True, False))
                    children.append(value if tag == _STR else Plain(tag, value))
                else:  # quoted, or a block: text, whatever it says
                    children.append(value)
            elif kind is map_start or kind is seq_start:
                if event.anchor is not None or (event.tag is not None and event.tag != "!") \
                        or len(open_children) >= MAX_DEPTH:
                    return None
                open_children.append(children)
                open_kinds.append(kind is map_start)
                children = []
            elif kind is map_end or kind is seq_end:
                done: object = children
                if open_kinds.pop():
                    keys = children[::2]
                    if not all(type(k) is str for k in keys):
                        return None
                    done = dict(zip(keys, children[1::2], strict=True))
                    if len(done) != len(keys):  # a key given twice
                        return None
                children = open_children.pop()
                children.append(done)
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    return None
            elif kind is stream_end:
                break
            elif event is None or kind is yaml.AliasEvent:
                return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return top[0] if len(top) == 1 else None


def plain_text(value: object) -> str | None:
    """Text as Reader.string reads it, or None where it would record a problem."""
    if type(value) is not str or not value.strip() or first_control(value) is not None:
        return None
    return value.strip()


def plain_number(value: object, whole: bool) -> int | float | None:
    """A number as Reader.integer (`whole`) or Reader.number reads it, before the range
    check; None where it might record a problem (text that reads as a number included)."""
    if type(value) is not Plain or (value.tag != _INT and (whole or value.tag != _FLOAT)):
        return None
    return _number(value.text, whole)


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


_KINDS = {
    _STR: "text", _INT: "a whole number", _FLOAT: "a number", _NULL: "nothing",
    _T + "timestamp": "a date", _T + "binary": "binary data",
}


def _kind(node: Node) -> str:
    """What a node is, in words, for messages."""
    if isinstance(node, MappingNode):
        return "a set" if node.tag == _T + "set" else "a mapping"
    if isinstance(node, SequenceNode):
        return "a list" if node.tag == _SEQ else "a list of pairs"  # !!omap, !!pairs
    if node.tag == _BOOL:
        return f"true/false ({node.value})"
    return _KINDS.get(node.tag, "a value")


def _is_id(text: str) -> bool:
    return (text.replace("-", "").replace("_", "").isalnum() and text.isascii()
            and text == text.lower())


def _odd_notation(text: str) -> bool:
    """A leading zero (010 is 8 in YAML 1.1, 10 to a person), 0x, 0o, 0b, '_' or 1:30:
    notation that YAML versions, or people, read differently."""
    body = text.lstrip("+-")
    digits = body.partition(".")[0]
    return "_" in body or ":" in body or (len(digits) > 1 and digits[0] == "0")


def _number(text: str, whole: bool) -> int | float | None:
    """The value of a number written in plain decimal, or None."""
    if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
        return int(text) if whole else float(text)  # most numbers of a file: say so quickly
    body = text.lstrip("+-")
    if not whole and body.lower() in (".inf", ".nan"):
        return float(text.lower().replace(".", ""))
    if not body.isascii() or not any(c.isdigit() for c in body) or _odd_notation(text):
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        return None


def _decimal(text: str) -> tuple[str, str] | None:
    """For a number in odd notation: the same number in decimal, and why it matters."""
    if not _odd_notation(text):
        return None
    sign = "-" if text[:1] == "-" else ""
    body = text.lstrip("+-").replace("_", "")
    if not body.isascii() or not body[:1].isdigit():
        return None
    try:
        if ":" in body:  # YAML 1.1 reads base 60: 1:30 is 90
            value: float = 0.0
            for part in body.split(":"):
                value = value * 60 + float(part)
        elif body[:2].lower() in ("0x", "0o", "0b"):
            value = int(body, 0)
        else:
            value = float(body)
    except ValueError:
        return None
    if not abs(value) < 1e15:  # also inf and nan: no sensible way to write those
        return None
    written = str(int(value)) if value == int(value) else repr(value)
    octal = body[:1] == "0" and body[1:2].isdigit()
    return sign + written, (" (a leading zero can make YAML read it as octal)" if octal else "")


class Reader:
    """Converts nodes to values, collecting every problem.

    Each method returns None after recording a problem, and returns None quietly for a
    missing node (None), whose absence was reported already.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, node: Node | None, message: str) -> None:
        """Record a problem at a node. No node is a value already reported missing or
        misspelt: nothing more is said about it, so one mistake is one problem."""
        if node is not None:
            self.problems.append(_at(self.source, node, message))

    def mapping(
        self,
        node: Node | None,
        where: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> dict[str, Node | None] | None:
        """The known keys of a mapping, or None if it is not one.

        Unknown, repeated and missing keys are reported, and the good keys are still
        returned so their values are checked too. Every required key is in the result: a
        missing one maps to None, as does a key a misspelt one resembles, which is then
        not reported missing too (it was reported once, with the key it resembles).
        """
        if node is None:
            return None
        if not isinstance(node, MappingNode) or node.tag != _MAP:
            self.fail(node, f"{where} must be a mapping, got {_kind(node)}")
            return None
        required = tuple(required)
        known = set(required) | set(optional)
        out: dict[str, Node | None] = {}
        misspelt: set[str] = set()
        for key, key_node, value in self._keys(node, where):
            if key not in known:
                close = closest(key, known)
                self.fail(key_node, f"{where}: unknown key {key!r}{did_you_mean(close)}")
                if close:
                    misspelt.add(close)
            else:
                out[key] = value
        for key in misspelt:
            out.setdefault(key, None)
        missing = [k for k in required if k not in out]
        if missing:
            self.fail(node, f"{where}: missing key {', '.join(repr(k) for k in missing)}")
            out.update(dict.fromkeys(missing))
        return out

    def entries(self, node: Node | None, where: str) -> list[tuple[str, Node, Node]] | None:
        """A mapping whose keys the author names: (key, key node, value node) in file
        order, or None if it is not one. Keys must be text, each given once."""
        if node is None:
            return None
        if not isinstance(node, MappingNode) or node.tag != _MAP:
            self.fail(node, f"{where} must be a mapping, got {_kind(node)}")
            return None
        return list(self._keys(node, where))

    def _keys(self, node: MappingNode, where: str) -> Iterator[tuple[str, Node, Node]]:
        """A mapping's keys that are text and given once, each with its node and value in
        file order; the others are reported, not yielded."""
        lines: dict[str, int] = {}
        for key_node, value in node.value:
            key = key_node.value if key_node.tag == _STR else None
            if not isinstance(key, str):
                self.fail(key_node, f"{where}: keys must be text, got {_kind(key_node)}")
            elif key in lines:
                self.fail(key_node, f"{where}: key {key!r} given twice "
                                    f"(first on line {lines[key]})")
            else:
                lines[key] = key_node.start_mark.line + 1
                yield key, key_node, value

    def sequence(self, node: Node | None, where: str, min_items: int = 0) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode) or node.tag != _SEQ:
            self.fail(node, f"{where} must be a list, got {_kind(node)}")
            return []
        if len(node.value) < min_items:
            self.fail(node, f"{where} must list at least {min_items} item"
                            + ("" if min_items == 1 else "s"))
        return list(node.value)

    def string(self, node: Node | None, where: str) -> str | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == _STR):
            # Plain text that YAML reads as a number, a date or true/false, with no tag.
            quote = "; quote it" if isinstance(node, ScalarNode) and node.style is None \
                and node.tag != _NULL \
                and _resolve(ScalarNode, node.value, (True, False)) == node.tag else ""
            self.fail(node, f"{where} must be text, got {_kind(node)}{quote}")
            return None
        if not node.value.strip():
            self.fail(node, f"{where} must not be empty")
            return None
        control = first_control(node.value)
        if control:
            self.fail(node, f"{where} contains the control character "
                            f"{sanitise(control)}; only plain text is allowed")
            return None
        text: str = node.value
        return text.strip()

    def choice(self, node: Node | None, where: str, options: tuple[str, ...]) -> str | None:
        value = self.string(node, where)
        if node is not None and value is not None and value not in options:
            self.fail(node, f"{where} must be {' or '.join(map(repr, options))}, not {value!r}")
            return None
        return value

    def ident(self, node: Node | None, where: str) -> str | None:
        value = self.string(node, where)
        if node is not None and value is not None and not _is_id(value):
            self.fail(node, f"{where} must be lowercase letters, digits and '-', got {value!r}")
            return None
        return value

    def strings(self, node: Node | None, where: str) -> tuple[str, ...] | None:
        items = self.sequence(node, where, min_items=1)
        if not items:
            return None
        values = [self.string(n, f"{where}[{i}]") for i, n in enumerate(items)]
        if any(v is None for v in values):
            return None
        return tuple(v for v in values if v is not None)

    def integer(self, node: Node | None, where: str, low: int, high: int) -> int | None:
        value = self._number(node, where, f"a whole number from {low} to {high}", whole=True)
        if node is None or value is None:
            return None
        if not low <= value <= high:
            self.fail(node, f"{where} must be from {low} to {high}, got {node.value}")
            return None
        return int(value)

    def number(self, node: Node | None, where: str, low: float, high: float, *,
               wanted: str = "a number of seconds") -> float | None:
        value = self._number(node, where, f"{wanted} from {low:g} to {high:g}", whole=False)
        if node is None or value is None:
            return None
        if not low <= value <= high:  # also rejects .nan
            self.fail(node, f"{where} must be from {low:g} to {high:g}, got {node.value}")
            return None
        return float(value)

    def _number(self, node: Node | None, where: str, wanted: str,
                whole: bool) -> int | float | None:
        if node is None:
            return None
        numeric = (_INT,) if whole else (_INT, _FLOAT)
        if isinstance(node, ScalarNode) and (
                node.tag in numeric or (node.style is None and node.tag == _STR)):
            value = _number(node.value, whole)
            if value is not None:
                return value
            decimal = _decimal(node.value)
            if decimal is not None and (not whole or "." not in decimal[0]):
                self.fail(node, f"{where}: write {decimal[0]}, not {node.value}{decimal[1]}")
                return None
        got = _kind(node)
        if isinstance(node, ScalarNode) and node.tag in (_INT, _FLOAT) and \
                _number(node.value, whole=False) is None:  # !!int on text that is no number
            got = repr(node.value)
        self.fail(node, f"{where} must be {wanted}, got {got}")
        return None

    @staticmethod
    def did_you_mean(word: str, options: Iterable[str]) -> str:
        return did_you_mean(closest(word, options))

    @staticmethod
    def raw_id(node: Node) -> tuple[str, Node] | None:
        """The id text of a mapping node and its node, without checking or reporting."""
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.tag == _STR and key.value == "id" and value.tag == _STR and \
                        isinstance(value, ScalarNode):
                    return value.value.strip(), value
        return None

    @staticmethod
    def is_id(text: str) -> bool:
        return _is_id(text)

