"""Move reader-facing ``(zh, en)`` pairs from code into the word catalogs (`compare.words`).

Run ``python -m compare_dev.words_extract [FILE ...]`` (default: every module of
``src/compare``) from the repository root, with ``dev`` on the path (``PYTHONPATH=dev``). It
finds, with the AST:

- module-level dicts whose values are ``(zh, en)`` string pairs (``NAME = {"key": ("中文",
  "English")}``), dicts of such dicts, tuples of pairs, and single pairs; each becomes a
  group of the catalogs (``NAME`` -> group ``name`` in ``figures/labels.py``, ``module.name``
  elsewhere; a dict inside a function ``f`` is group ``module.f.name``) and the literal becomes ``word_group("name")`` / ``word_groups(...)`` / ``word_pair(...)``;
  an entry whose group already exists is added to it (new keys after its last key, changed
  texts replaced); a second assignment of a name already bound to the same group is
  removed;
- calls ``label(lang, "中文", "English")`` whose two texts are string literals or f-strings
  with the same fields; each becomes ``word("text.module.slug", lang, field=expr, ...)``.

Then it writes ``src/compare/words/locale/{zh,en}/LC_MESSAGES/compare.po`` (ids keep their
order; new ids follow their group) and runs ``ruff check --fix`` and ``ruff format`` on the
changed modules. Whatever it cannot move (a call whose two texts use different fields, a
pair built at run time) it lists, for a person to move by hand. Running it twice changes
nothing the second time.
"""

from __future__ import annotations

import argparse
import ast
import keyword
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "compare"
LOCALE = PACKAGE / "words" / "locale"
LANGS = ("zh", "en")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]")
PUNCT = {":": "colon", "：": "colon", ";": "semicolon", "；": "semicolon", ",": "comma", "、": "comma"}
PUNCT |= {".": "stop", "。": "stop", "(": "paren", "（": "paren", "—": "dash", "-": "dash"}
HEADER = """# Reader-facing words of the compare suite: {name}.
# One message per word. msgctxt is its group, msgid the id the code asks for (never change
# them here); translate msgstr only, keeping every {{placeholder}} exactly as it is.
msgid ""
msgstr ""
"Project-Id-Version: compare\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""


# ------------------------------------------------------------------------------ catalogs
@dataclass
class Catalogs:
    """Both catalogs as one ordered list of messages: id -> [group, zh, en]."""

    entries: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, locale: Path = LOCALE) -> Catalogs:
        from babel.messages.pofile import read_po

        out = cls()
        for i, lang in enumerate(LANGS):
            path = locale / lang / "LC_MESSAGES" / "compare.po"
            if not path.exists():
                continue
            with path.open("rb") as fh:
                for m in read_po(fh):
                    if m.id:
                        row = out.entries.setdefault(str(m.id), [m.context or "", "", ""])
                        row[1 + i] = str(m.string)
        return out

    def put(self, group: str, key: str, zh: str, en: str) -> str:
        """Add or update one message; new ids go after the last id of their group."""
        ident = f"{group}.{key}"
        old = self.entries.get(ident)
        if old == [group, zh, en]:
            return ident
        self.changed = True
        if old is not None:
            print(f"  changed {ident}: {old[1:]} -> {[zh, en]}")
            old[1:] = [zh, en]
            return ident
        items = list(self.entries.items())
        last = max((n for n, (_, row) in enumerate(items) if row[0] == group), default=len(items) - 1)
        items.insert(last + 1, (ident, [group, zh, en]))
        self.entries = dict(items)
        return ident

    def find(self, group: str, zh: str, en: str) -> str | None:
        """The id of an identical message of ``group``, if there is one."""
        return next((i for i, row in self.entries.items() if row == [group, zh, en]), None)

    def write(self, locale: Path = LOCALE) -> None:
        from babel.messages.catalog import Catalog
        from babel.messages.pofile import write_po

        for i, lang in enumerate(LANGS):
            catalog = Catalog(locale=None, domain="compare", charset="utf-8")
            for ident, row in self.entries.items():
                catalog.add(ident, row[1 + i], context=row[0])
            path = locale / lang / "LC_MESSAGES" / "compare.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            import io

            buf = io.BytesIO()
            write_po(buf, catalog, omit_header=True, sort_output=False, width=100)
            name = {"zh": "Chinese", "en": "English"}[lang]
            path.write_text(HEADER.format(name=name, lang=lang) + buf.getvalue().decode("utf-8"), "utf-8")


# ------------------------------------------------------------------------------- literals
def _pair(node: ast.AST) -> tuple[str, str] | None:
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        a, b = node.elts
        if all(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in (a, b)):
            return a.value, b.value  # type: ignore[attr-defined]
    return None


def _is_words(pairs: list[tuple[str, str]]) -> bool:
    return bool(pairs) and any(CJK.search(zh) and not CJK.search(en) for zh, en in pairs)


def _dict_pairs(node: ast.AST) -> dict[str, tuple[str, str]] | None:
    if not isinstance(node, ast.Dict) or not node.keys:
        return None
    out = {}
    for k, v in zip(node.keys, node.values):
        p = _pair(v)
        if p is None or not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            return None
        out[k.value] = p
    return out if _is_words(list(out.values())) else None


def _nested_pairs(node: ast.AST) -> dict[str, dict[str, tuple[str, str]]] | None:
    if not isinstance(node, ast.Dict) or not node.keys:
        return None
    out = {}
    for k, v in zip(node.keys, node.values):
        d = _dict_pairs(v)
        if d is None or not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            return None
        out[k.value] = d
    return out


def _tuple_pairs(node: ast.AST) -> list[tuple[str, str]] | None:
    if not isinstance(node, ast.Tuple) or not node.elts:
        return None
    out = [_pair(e) for e in node.elts]
    return out if all(out) and _is_words(out) else None  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- f-strings
def _field_name(expr: ast.expr) -> str:
    if isinstance(expr, ast.Name):
        name = expr.id
    elif isinstance(expr, ast.Attribute):
        name = expr.attr
    elif isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant):
        name = str(expr.slice.value)
    elif isinstance(expr, ast.Call):
        name = _field_name(expr.func)
    else:
        name = "value"
    name = name.strip("_")
    return name if name.isidentifier() and not keyword.iskeyword(name) else "value"


def _template(node: ast.expr, fields: dict[str, str]) -> str | None:
    """A literal or f-string as a `str.format` template; ``fields``: expression -> name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if not isinstance(node, ast.JoinedStr):
        return None
    out = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(part, ast.FormattedValue)
        spec = _template(part.format_spec, {}) if part.format_spec else ""
        if spec is None or "{" in spec:
            return None
        src = ast.unparse(part.value)
        if src not in fields:
            base = _field_name(part.value)
            name, n = base, 2
            while name in fields.values():
                name, n = f"{base}{n}", n + 1
            fields[src] = name
        conv = f"!{chr(part.conversion)}" if part.conversion > 0 else ""
        out.append("{" + fields[src] + conv + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def _slug(en: str, zh: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", re.sub(r"[{}]", "", en.lower())).strip("_")
    if not words:
        words = "_".join(dict.fromkeys(PUNCT[c] for c in en + zh if c in PUNCT)) or "word"
    return words[:40].rstrip("_")


# ------------------------------------------------------------------------------ modules
@dataclass
class Module:
    """One source file and the edits the extraction makes to it."""

    path: Path
    text: str
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    left: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.stem

    def offset(self, line: int, col: int) -> int:
        """Character offset of an AST position (``col`` counts UTF-8 bytes)."""
        lines = self.text.splitlines(keepends=True)
        before = sum(len(x) for x in lines[: line - 1])
        return before + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8"))

    def replace(self, node: ast.AST, new: str) -> None:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        self.edits.append((start, end, new))

    def group_name(self, name: str) -> str:
        name = name.lower().lstrip("_")
        return name if self.stem == "labels" else f"{self.stem}.{name}"

    def applied(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _assignments(
    tree: ast.Module | ast.FunctionDef, prefix: str = ""
) -> list[tuple[ast.stmt, str, ast.expr]]:
    """Single-name assignments of a module's or a function's body (``prefix``: the function)."""
    out = []
    body = (
        tree.body if isinstance(tree, ast.Module) else [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]
    )
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out.append((node, prefix + node.targets[0].id, node.value))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            out.append((node, prefix + node.target.id, node.value))
    return out


def _move_assignment(
    mod: Module, cat: Catalogs, stmt: ast.stmt, name: str, value: ast.expr, bound: set[str]
) -> None:
    grp = mod.group_name(name)
    if (d := _dict_pairs(value)) is not None:
        for key, (zh, en) in d.items():
            cat.put(grp, key, zh, en)
        new, helper = f'word_group("{grp}")', "word_group"
    elif (nd := _nested_pairs(value)) is not None:
        for sub, d in nd.items():
            for key, (zh, en) in d.items():
                cat.put(f"{grp}.{sub}", key, zh, en)
        new, helper = f'word_groups("{grp}")', "word_groups"
    elif (t := _tuple_pairs(value)) is not None:
        for n, (zh, en) in enumerate(t):
            cat.put(grp, str(n), zh, en)
        new, helper = f'tuple(word_group("{grp}").values())', "word_group"
    elif (p := _pair(value)) is not None and _is_words([p]):
        owner = "labels" if mod.stem == "labels" else mod.stem
        ident = cat.put(owner, name.lower().lstrip("_"), *p)
        new, helper = f'word_pair("{ident}")', "word_pair"
    else:
        return
    mod.names.add(helper)
    if name in bound:  # the name is already read from the catalogs: drop the second literal
        mod.replace(stmt, "")
    else:
        mod.replace(value, new)
    print(f"  {mod.path.name}: {name} -> {new}")


def _is_label_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "label"
        and len(node.args) == 3
        and not node.keywords
    )


def _move_call(mod: Module, cat: Catalogs, call: ast.Call, quote: str = '"') -> None:
    lang, zh_node, en_node = call.args
    fields: dict[str, str] = {}
    zh, en = _template(zh_node, fields), _template(en_node, fields)
    where = f"{mod.path.relative_to(ROOT)}:{call.lineno}"
    if zh is None or en is None:
        if isinstance(zh_node, (ast.Constant, ast.JoinedStr)):
            mod.left.append(f"{where}: label() with a text that is not a plain literal or f-string")
        return
    if _fields(zh) != _fields(en):
        mod.left.append(f"{where}: the two texts use different fields ({zh!r} / {en!r})")
        return
    grp = f"text.{mod.stem}"
    ident = cat.find("punct", zh, en) or cat.find(grp, zh, en)  # shared punctuation first
    if ident is None:
        base = key = _slug(en, zh)
        n = 2
        while f"{grp}.{key}" in cat.entries:
            key, n = f"{base}_{n}", n + 1
        ident = cat.put(grp, key, zh, en)
    args = "".join(f", {name}={src}" for src, name in fields.items())
    mod.replace(call, f"word({quote}{ident}{quote}, {ast.unparse(lang)}{args})")
    mod.names.add("word")


def _fields(template: str) -> set[str]:
    import string

    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def _bound(tree: ast.Module) -> set[str]:
    """Names already assigned from the catalogs (``NAME = word_group(...)``)."""
    return {
        name
        for _, name, value in _assignments(tree)
        if isinstance(value, ast.Call)
        and ast.unparse(value.func) in {"word_group", "word_groups", "word_pair", "tuple"}
    }


def _add_import(mod: Module, tree: ast.Module) -> None:
    depth = len(mod.path.relative_to(PACKAGE).parts) - 1
    line = f"from {'.' * (depth + 1)}words import {', '.join(sorted(mod.names))}\n"
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    end = max(n.end_lineno or n.lineno for n in imports) if imports else 0
    at = sum(len(x) for x in mod.text.splitlines(keepends=True)[:end])
    mod.edits.append((at, at, line))


def extract(path: Path, cat: Catalogs) -> Module:
    """Move the pairs of one module into ``cat``; the module's edits are in the result."""
    mod = Module(path, path.read_text(encoding="utf-8"))
    tree = ast.parse(mod.text)
    bound = _bound(tree)
    local = [
        a
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        for a in _assignments(f, f"{f.name.strip('_')}.")
    ]
    for stmt, name, value in _assignments(tree) + local:
        _move_assignment(mod, cat, stmt, name, value, bound)
    in_fstring = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
    for node in ast.walk(tree):
        if _is_label_call(node):  # inside an f-string the key takes the other quote (Python 3.10)
            _move_call(mod, cat, node, "'" if id(node) in in_fstring else '"')  # type: ignore[arg-type]
    if mod.edits:
        _add_import(mod, tree)
    return mod


def main(argv: list[str] | None = None) -> int:
    """Move the pairs of the given modules (default: all of ``src/compare``) into the catalogs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="modules to scan (default: src/compare)")
    parser.add_argument("--no-ruff", action="store_true", help="do not run ruff on the changed modules")
    args = parser.parse_args(argv)
    files = [p.resolve() for p in args.files] or sorted(PACKAGE.rglob("*.py"))
    files = [p for p in files if "ingest" not in p.parts and "words" not in p.parts]
    cat = Catalogs.load()
    changed, left = [], []
    for path in files:
        mod = extract(path, cat)
        left += mod.left
        if mod.edits:
            path.write_text(mod.applied(), encoding="utf-8")
            changed.append(path)
    if cat.changed or not (LOCALE / "zh").exists():
        cat.write()
    if changed and not args.no_ruff:
        ruff = [sys.executable, "-m", "ruff"]
        subprocess.run([*ruff, "check", "--fix", "--quiet", *map(str, changed)], check=False)
        subprocess.run([*ruff, "format", "--quiet", *map(str, changed)], check=False)
    print(f"{len(changed)} module(s) changed, {len(cat.entries)} messages in the catalogs")
    for item in left:
        print(f"left for a person: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
