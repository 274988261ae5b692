"""heel's records are TypedTuples: they must behave as typing.NamedTuple's would."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from heelcli.engine.typedtuple import TypedTuple

SRC = Path(__file__).resolve().parents[1] / "src" / "heelcli"


class Typing(NamedTuple):
    """A step."""

    kind: str
    seconds: float
    side: int | None = None
    cues: tuple[str, ...] = ()

    def long(self) -> bool:
        return self.seconds > 10

    @property
    def sided(self) -> bool:
        return self.side is not None


class Ours(TypedTuple):
    """A step."""

    kind: str
    seconds: float
    side: int | None = None
    cues: tuple[str, ...] = ()

    def long(self) -> bool:
        return self.seconds > 10

    @property
    def sided(self) -> bool:
        return self.side is not None


CALLS = [(("rep", 3.0), {}), (("rep", 30.0, 1), {}), (("rest",), {"seconds": 5.0}),
         ((), {"cues": ("heel",), "kind": "rep", "seconds": 1.5}), (("a", 1, 2, ("x",)), {})]


@pytest.mark.parametrize(("args", "named"), CALLS)
def test_a_record_holds_what_a_named_tuple_holds(args, named):
    theirs, ours = Typing(*args, **named), Ours(*args, **named)
    assert ours == theirs and tuple(ours) == tuple(theirs) and hash(ours) == hash(theirs)
    assert repr(ours) == repr(theirs).replace("Typing(", "Ours(")
    assert ours._asdict() == theirs._asdict()
    assert ours._replace(seconds=9.0) == theirs._replace(seconds=9.0)
    assert type(ours._replace(seconds=9.0)) is Ours
    assert (ours.long(), ours.sided) == (theirs.long(), theirs.sided)
    assert pickle.loads(pickle.dumps(ours)) == ours
    kind, *_ = ours
    assert kind == theirs.kind and ours[1] == theirs[1] and len(ours) == 4


def test_a_record_class_describes_itself_as_a_named_tuple_class_does():
    assert Ours._fields == Typing._fields and Ours._field_defaults == Typing._field_defaults
    assert Ours.__doc__ == "A step." and Ours.__module__ == __name__
    assert Ours.__match_args__ == Typing.__match_args__
    assert isinstance(Ours("a", 1), tuple)
    with pytest.raises(AttributeError):
        Ours("a", 1).kind = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Ours("a", 1).other = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("call", [
    lambda c: c(), lambda c: c("a"), lambda c: c("a", 1, kind="b"), lambda c: c("a", 1, x=2),
    lambda c: c("a", 1, 2, (), 5)])
def test_a_wrong_call_is_refused_as_a_named_tuple_refuses_it(call):
    with pytest.raises(TypeError):
        call(Typing)
    with pytest.raises(TypeError):
        call(Ours)


def test_replacing_a_field_a_record_lacks_is_refused_as_a_named_tuple_refuses_it():
    with pytest.raises((TypeError, ValueError)) as theirs:  # TypeError since Python 3.13
        Typing("a", 1)._replace(x=1)
    with pytest.raises(type(theirs.value)):
        Ours("a", 1)._replace(x=1)


def test_a_field_without_a_default_after_one_with_is_refused():
    with pytest.raises(TypeError):
        class Wrong(TypedTuple):
            first: int = 1
            second: int


def test_every_record_in_heel_is_a_typed_tuple():
    # typing.NamedTuple costs a fresh start some 100 µs a class (bench/typedtuple.py): one
    # more in a command's path would undo the start-up this base bought back.
    uses = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
            if p.name != "typedtuple.py" and re.search(r"\bNamedTuple\b|\bnamedtuple\(",
                                                       p.read_text(encoding="utf-8"))]
    assert uses == []
