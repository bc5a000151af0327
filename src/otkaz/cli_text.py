"""How the command line words what it prints: counts with their nouns, and plain help.

    >>> plural(1, "case"), plural(2, "case"), plural(0, "person", "people")
    ('1 case', '2 cases', '0 people')
    >>> shown_of(3, 7, "case")
    '3 of 7 cases'
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

# nouns whose plural is not NOUN + "s"
_IRREGULAR = {"person": "people", "entry": "entries", "body": "bodies", "summary": "summaries"}


def noun(n: int, singular: str, plural_form: str | None = None) -> str:
    """`singular` or its plural, as `n` asks: noun(1, "case") -> "case"."""
    if n == 1:
        return singular
    return plural_form or _IRREGULAR.get(singular) or singular + "s"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`n` with its noun: "1 case", "2 cases", "1 API token"."""
    return f"{n} {noun(n, singular, plural_form)}"


def shown_of(shown: int, total: int, singular: str) -> str:
    """A count that a limit may cut: "3 of 7 cases" when it did, else "7 cases"."""
    if shown >= total:
        return plural(total, singular)
    return f"{shown} of {total} {noun(total, singular)}"


# --- help without Typer's type labels ----------------------------------------------------
#
# Typer labels every value with its Python type ("--since <str>", "--all <bool>", usage
# "{name}"). Help reads better with what the value is: "--since DATE", "--all", "NAME".
# Typer has no setting for this, so `plain_help` gives the commands' parameters
# subclasses that say it, leaving parsing as it is.

# what an option's value is, where its type alone says little; the rest by type
VALUE_NAMES = {
    "db": "URL", "since": "DATE", "until": "DATE", "published": "DATE", "output": "FILE",
    "include": "GLOB", "exclude": "GLOB", "user": "NAME", "host": "ADDRESS", "port": "PORT",
    "limit": "N", "workers": "N", "format": "FORMAT", "status": "STATUS", "sort": "FIELD",
    "order": "ORDER", "by": "FIELD", "lang": "LANG", "type": "TYPE", "force": "FORCE",
    "place": "PLACE",
}
TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH"}


def value_name(name: str | None, type_name: str) -> str:
    """What an option's value is called in help: `VALUE_NAMES`, else by its type.

        >>> value_name("since", "str"), value_name("min_confidence", "float")
        ('DATE', 'NUMBER')
    """
    return VALUE_NAMES.get(name or "") or TYPE_NAMES.get(type_name, "VALUE")


class PlainOption(TyperOption):
    """An option whose help names its value ("--since DATE"), and nothing for a flag."""

    __slots__ = ()  # the same layout as TyperOption's, so that an instance can become one

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag:
            return None
        annotation = self.type_descriptor.annotation
        type_name = self._bare_type(annotation)
        if type_name.startswith("list["):
            type_name = type_name[5:-1]
        return value_name(self.name, type_name)


class PlainArgument(TyperArgument):
    """An argument named in capitals, in the usage line too ("SOURCES...", "[NAME]")."""

    __slots__ = ()

    @property
    def display_name_raw(self) -> str:
        return self.metavar if self.metavar is not None else (self.name or "").upper()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name says it

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


def _get_params(self: Any, ctx: Any) -> list[Any]:
    """A command's get_params, with its options and arguments shown the plain way."""
    params: list[Any] = super(self.__class__, self).get_params(ctx)
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = PlainOption
        elif type(param) is TyperArgument:
            param.__class__ = PlainArgument
    return params


_PLAIN: dict[type, type] = {}


def plain_help(command: Any) -> None:
    """Show the parameters of `command`, and of every command under it, the plain way.

    Each command becomes an instance of a subclass of its own class whose get_params
    hands out PlainOption/PlainArgument (a subclass of one base: the instance keeps its
    layout, which the assignment needs).
    """
    cls = type(command)
    if not getattr(cls, "_plain_help", False):
        if cls not in _PLAIN:
            _PLAIN[cls] = type(f"Plain{cls.__name__}", (cls,),
                               {"get_params": _get_params, "_plain_help": True,
                                "__slots__": ()})
        command.__class__ = _PLAIN[cls]
    for sub in (getattr(command, "commands", None) or {}).values():
        plain_help(sub)


# --- what an interrupted run kept --------------------------------------------------------

def interrupted_ingest(stored: int, cases: int | None, waiting: int | None) -> str:
    """The one line Ctrl-C during `otkaz ingest` (or reextract) ends with.

        >>> interrupted_ingest(12, 3, 31)
        'Interrupted: 12 documents stored, 3 cases; 31 mentions wait to be linked; run again to continue (what is stored is skipped)'
    """  # noqa: E501 - a doctest line is as long as the message
    kept = plural(stored, "document") + " stored"
    if cases is not None:
        kept += f", {plural(cases, 'case')}"
    wait = f"; {plural(waiting, 'mention')} {'waits' if waiting == 1 else 'wait'} to be linked" \
        if waiting else ""
    return f"Interrupted: {kept}{wait}; run again to continue (what is stored is skipped)"


def interrupted_extract(extracted: int, read: int, written: int, output: str,
                        linking: bool) -> str:
    """The one line Ctrl-C during `otkaz extract` ends with: what was written, and where.

        >>> interrupted_extract(12, 40, 12, "out.jsonl", linking=False)
        'Interrupted: 12 of 40 documents extracted, 12 reports written to out.jsonl; run again to extract them all'
    """  # noqa: E501
    where = "stdout" if output == "-" else output
    done = f"{extracted} of {plural(read, 'document')} extracted"
    if linking and not written:
        return (f"Interrupted: {done}; no reports written (--link writes them once all are "
                "read); run again to extract them all")
    return f"Interrupted: {done}, {plural(written, 'report')} written to {where}; run again " \
           "to extract them all"
