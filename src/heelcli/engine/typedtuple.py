"""TypedTuple: typing.NamedTuple for the type checker, built at run time without compiling.

typing.NamedTuple compiles each field's annotation into a ForwardRef, and
collections.namedtuple compiles a `__new__` for each class: about 100 µs a class on a
fresh start. `heel program` defines 49 such classes, so that was 5 ms of an 80 ms command.
A TypedTuple class is the same kind of class (a tuple subclass with named fields,
defaults, `_replace`, `_asdict`, its own methods and properties), made by one `type()`
call and a closure, in a seventh of the time (15 against 110 µs, bench/typedtuple.py).

Write `class Step(TypedTuple):` with annotated fields, as for typing.NamedTuple.
"""

from __future__ import annotations

import sys
from operator import itemgetter
from typing import TYPE_CHECKING, Any

__all__ = ["TypedTuple"]

_tuple_new = tuple.__new__
# What namedtuple's _replace raises for a field the tuple lacks (TypeError since 3.13).
_REPLACE_ERROR = TypeError if sys.version_info >= (3, 13) else ValueError
_MISSING: Any = object()
# What the class statement puts in a namespace that is not the class's own to keep.
_BOOKKEEPING = frozenset(("__module__", "__qualname__", "__annotations__", "__doc__",
                          "__orig_bases__", "__classcell__", "__static_attributes__",
                          "__firstlineno__"))


def _repr(self: tuple[Any, ...]) -> str:
    fields: tuple[str, ...] = self._fields  # type: ignore[attr-defined]
    shown = ", ".join(f"{name}={value!r}" for name, value in zip(fields, self, strict=True))
    return f"{type(self).__name__}({shown})"


def _asdict(self: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))  # type: ignore[attr-defined]


def _replace(self: tuple[Any, ...], **changes: Any) -> tuple[Any, ...]:
    fields: tuple[str, ...] = self._fields  # type: ignore[attr-defined]
    values = tuple(changes.pop(name, value) for name, value in zip(fields, self, strict=True))
    if changes:
        raise _REPLACE_ERROR(f"{type(self).__name__}._replace: no field {next(iter(changes))!r}")
    return _tuple_new(type(self), values)


def _make(cls: type[tuple[Any, ...]], iterable: Any) -> tuple[Any, ...]:
    values = tuple(iterable)
    if len(values) != len(cls._fields):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__} takes {len(cls._fields)} values, "  # type: ignore[attr-defined]
                        f"not {len(values)}")
    return _tuple_new(cls, values)


def _getnewargs(self: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(self)


def _constructor(typename: str, fields: tuple[str, ...],
                 defaults: tuple[Any, ...]) -> Any:
    """A `__new__` that takes the fields by position or by name, as namedtuple's does."""
    count, first_default = len(fields), len(fields) - len(defaults)
    # Each field with its default (_MISSING: none), to fill what was not given by position.
    pairs = tuple(zip(fields, (*[_MISSING] * first_default, *defaults), strict=True))

    def __new__(cls: type[tuple[Any, ...]], *given: Any, **named: Any) -> tuple[Any, ...]:
        if len(given) == count and not named:
            return _tuple_new(cls, given)
        if len(given) > count:
            raise TypeError(f"{typename}() takes {count} values, not {len(given)}")
        values = [*given, *[named.pop(name, default) for name, default in pairs[len(given):]]]
        if named:
            name = next(iter(named))
            raise TypeError(f"{typename}() got {name!r} twice" if name in fields
                            else f"{typename}() has no field {name!r}")
        for index in range(len(given), first_default):
            if values[index] is _MISSING:
                raise TypeError(f"{typename}() needs {fields[index]!r}")
        return _tuple_new(cls, values)

    return __new__


class _Builder(type):
    """The metaclass that turns `class X(TypedTuple): ...` into a tuple subclass."""

    def __new__(cls, typename: str, bases: tuple[type, ...],
                namespace: dict[str, Any]) -> Any:
        # Every heel module has `from __future__ import annotations`: the annotations are
        # the strings the class statement put in its namespace, never evaluated here.
        annotations: dict[str, Any] = namespace.get("__annotations__", {})
        fields = tuple(annotations)
        if not fields:
            raise TypeError(f"{typename}: a TypedTuple needs annotated fields")
        defaults = tuple(namespace[name] for name in fields if name in namespace)
        if any(name not in namespace for name in fields[len(fields) - len(defaults):]):
            raise TypeError(f"{typename}: a field without a default follows one with")
        body = {key: value for key, value in namespace.items()
                if key not in _BOOKKEEPING and key not in annotations}
        made = type.__new__(type, typename, (tuple,), {
            "__slots__": (),
            "__module__": namespace.get("__module__"),
            "__qualname__": namespace.get("__qualname__", typename),
            "__doc__": namespace.get("__doc__"),
            "__annotations__": annotations,
            "__match_args__": fields,
            "_fields": fields,
            "_field_defaults": dict(zip(fields[len(fields) - len(defaults):], defaults,
                                        strict=True)),
            "__new__": _constructor(typename, fields, defaults),
            "__repr__": _repr,
            "__getnewargs__": _getnewargs,
            "_asdict": _asdict,
            "_replace": _replace,
            "_make": classmethod(_make),
            **{name: property(itemgetter(index)) for index, name in enumerate(fields)},
            **body,
        })
        return made


if TYPE_CHECKING:
    from typing import NamedTuple as TypedTuple
else:
    # The base class statements name; its metaclass builds each class that derives from it.
    TypedTuple = type.__new__(_Builder, "TypedTuple", (), {"__module__": __name__})
