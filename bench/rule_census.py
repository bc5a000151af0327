"""Census of the vocabulary in otkaz: word lists and regular expressions, in code and in data.

    $ python bench/rule_census.py            # counts over src/otkaz
    $ python bench/rule_census.py --detail   # also one line per word list and regex

How it counts (approximately, on purpose: it is a progress meter, not a parser):

- Python code (`src/otkaz/**/*.py`, read with `ast`, never imported):
  * a *word list* is a `words("...")` / `lx.words("...")` call with a string argument anywhere
    (entries: the whitespace-separated words), or a module-level assignment whose value is a
    set/frozenset/tuple/list literal of two or more strings, or a dict literal with string
    keys (entries: its elements or keys);
  * a *regex* is an `re.compile(...)` call, or a string literal that looks like a regex
    (it contains `\\b`, `(?`, `\\d`, `\\s` or `\\w`) and is not itself the argument of a
    counted `re.compile`; implicit concatenation is one literal. Patterns assembled from
    names (`"(?:" + X + ")"`) count as one regex; their alternatives are counted where the
    pieces are literals.
  * *alternatives*: `top` is the number of `|` at nesting depth 0 plus one, per regex;
    `branches` is every `|` outside a character class, plus one. Most patterns are wrapped in
    `\\b(?:...)\\b`, so `top` is 1 for them and `branches` is the better size measure.
- Data files (`src/otkaz/lang/<lang>/*.toml`): a `[words]` value is a word list (a string
  split on whitespace, or an array); a `[phrases]` value is a word list of phrases; an
  `[alternatives]` value is a regex vocabulary (one regex, one branch per element); a
  `[patterns]` value, or the `pattern` of a rule in an array of tables, is a regex (an array
  is concatenated); other tables of tables or strings (`[trigger_verbs]`) are word lists keyed
  by word.
"""

from __future__ import annotations

import argparse
import ast
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src" / "otkaz"
# The files whose English vocabulary moves to src/otkaz/lang (the "scope" rows).
SCOPE = ("otkaz/extract/lexicon.py", "otkaz/extract/components/", "otkaz/extract/sources.py",
         "otkaz/extract/prefilter.py", "otkaz/normalize/forces.py", "otkaz/lang/")
REGEXISH = re.compile(r"\\b|\(\?|\\d|\\s|\\w")


@dataclass
class Tally:
    """Counts for one side (code or data)."""

    lists: int = 0
    entries: int = 0
    regexes: int = 0
    top: int = 0
    branches: int = 0
    detail: list[str] = field(default_factory=list)

    def add_list(self, where: str, n: int) -> None:
        self.lists += 1
        self.entries += n
        self.detail.append(f"list   {n:5d}  {where}")

    def add_regex(self, where: str, pattern: str | None) -> None:
        self.regexes += 1
        top, branches = alternatives(pattern) if pattern is not None else (1, 1)
        self.top += top
        self.branches += branches
        self.detail.append(f"regex  {branches:5d}  {where} top={top}")


def alternatives(pattern: str) -> tuple[int, int]:
    """(`|` at depth 0 + 1, every `|` outside a character class + 1) for one pattern.

    >>> alternatives(r"\\b(?:a|b|[|])\\b|c")
    (2, 3)
    """
    depth, top, branches, i, in_class = 0, 1, 1, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # a leading ] is literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|":
            branches += 1
            top += depth == 0
        i += 1
    return top, branches


def _string(node: ast.expr) -> str | None:
    """The value of a string literal or a `+` of string literals; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left), _string(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _strings(node: ast.expr) -> list[str] | None:
    """The strings of a literal collection of strings (also inside frozenset()/set())."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id in {"frozenset", "set", "tuple"} and len(node.args) == 1:
        node = node.args[0]
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        values = [_string(e) for e in node.elts]
        return [v for v in values if v is not None] if all(
            v is not None for v in values) else None
    if isinstance(node, ast.Dict):
        keys = [_string(k) if k is not None else None for k in node.keys]
        return [k for k in keys if k is not None] if all(k is not None for k in keys) else None
    return None


def _is_call(node: ast.AST, name: str) -> bool:
    func = node.func if isinstance(node, ast.Call) else None
    return (isinstance(func, ast.Name) and func.id == name) or (
        isinstance(func, ast.Attribute) and func.attr == name)


def census_code(root: Path, tally: Tally) -> None:
    """Count word lists and regexes in the Python files under `root`."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(root.parent)
        seen: set[int] = set()  # ids of string nodes already counted (re.compile args, words)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_call(node, "words") and node.args:
                text = _string(node.args[0])
                if text is not None:
                    tally.add_list(f"{rel}:{node.lineno} words()", len(text.split()))
                    seen.update(id(n) for n in ast.walk(node.args[0]))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "compile" and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "re" and node.args:
                tally.add_regex(f"{rel}:{node.lineno} re.compile", _string(node.args[0]))
                seen.update(id(n) for n in ast.walk(node.args[0]))
        for stmt in tree.body:
            value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
            if value is None:
                continue
            items = _strings(value)
            if items is not None and len(items) >= 2 and not any(
                    REGEXISH.search(s) for s in items):
                tally.add_list(f"{rel}:{stmt.lineno} literal", len(items))
                seen.update(id(n) for n in ast.walk(value))
        for node in ast.walk(tree):
            if id(node) in seen or not isinstance(node, ast.Constant | ast.BinOp):
                continue
            text = _string(node)
            if text is not None and REGEXISH.search(text) and "\n" not in text.strip():
                tally.add_regex(f"{rel}:{node.lineno} literal", text)
                seen.update(id(n) for n in ast.walk(node))


def census_data(root: Path, tally: Tally) -> None:
    """Count word lists and regexes in the TOML resource files under `root`."""
    for path in sorted(root.rglob("*.toml")):
        rel = path.relative_to(root.parent)
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        for table, body in data.items():
            where = f"{rel} [{table}]"
            if table in {"words", "phrases"}:
                for key, value in body.items():
                    n = len(value.split()) if isinstance(value, str) else len(value)
                    tally.add_list(f"{where} {key}", n)
            elif table == "alternatives":
                for key, value in body.items():
                    tally.add_regex(f"{where} {key}", "|".join(value))
            elif table == "patterns":
                for key, value in body.items():
                    tally.add_regex(f"{where} {key}", "".join(value))
            elif isinstance(body, list):
                for i, rule in enumerate(body):
                    if isinstance(rule, dict) and "pattern" in rule:
                        tally.add_regex(f"{where} #{i}", "".join(rule["pattern"]))
            elif isinstance(body, dict) and all(isinstance(v, dict | str) for v in body.values()):
                tally.add_list(where, len(body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--detail", action="store_true", help="one line per list and regex")
    args = parser.parse_args()
    code, data = Tally(), Tally()
    census_code(SRC, code)
    census_data(SRC / "lang", data)
    if args.detail:
        for line in code.detail:
            print("code ", line)
        for line in data.detail:
            print("data ", line)
    print(f"{'':26}{'word lists':>11}{'entries':>9}{'regexes':>9}{'top alts':>10}"
          f"{'branches':>10}")
    rows = [("in code", code), ("in data files", data),
            ("in code, refactor scope", _scoped(code)), ("in data, refactor scope", data)]
    for name, t in rows:
        print(f"{name:26}{t.lists:11d}{t.entries:9d}{t.regexes:9d}{t.top:10d}{t.branches:10d}")


def _scoped(tally: Tally) -> Tally:
    """The part of a code tally that comes from the files in SCOPE (re-counted from detail)."""
    out = Tally()
    for line in tally.detail:
        kind, n, where = line.split(maxsplit=2)
        if not where.startswith(SCOPE):
            continue
        if kind == "list":
            out.lists += 1
            out.entries += int(n)
        else:
            out.regexes += 1
            out.branches += int(n)
            out.top += int(line.rsplit(" top=", 1)[1])
        out.detail.append(line)
    return out


if __name__ == "__main__":
    main()
