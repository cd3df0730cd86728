"""Notebook parameters checked against the data BEFORE any kernel starts.

papermill only *warns* about a parameter the notebook does not declare and happily runs a
notebook for a region that is not in the table, so a typo in `reports/catalog.yml` would
give an empty report or a traceback deep inside a plot. `validate` turns each of those into
one line that names the notebook, the parameter and the valid values.

The same value rules serve a notebook run interactively or by papermill directly: its
second cell calls ``check_in_notebook(globals(), region=region, lang=lang)``, which also
rejects a parameter papermill injected that the notebook does not declare (papermill
itself only warns, and the run would exit 0).

Valid values name only values that work: a district profile takes a district (the
municipality has its own report), an indicator comparison an indicator some plan sets in
the 14th period, a map a measure that exists for its period.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from .. import paths
from ..errors import CompareError, ParameterError
from ..figures.labels import measures
from ..words import LANGS

Frame: TypeAlias = "pd.DataFrame | str | Path | None"

#: The measures the notebooks can show: they run on the 14th period.
MEASURES = measures("14th")

#: Python types a parameter cell may annotate (`region: str = "kaizhou"`); others are not checked.
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list, tuple),
    "dict": (dict,),
}


def declared_parameters(notebook_path: str | Path) -> dict[str, dict[str, Any]]:
    """The parameters declared in the notebook's cell tagged ``parameters``.

    Maps name to papermill's ``{name, inferred_type_name, default, help}``; ``default`` is
    the source text of the value (``'"kaizhou"'``).
    """
    import papermill

    path = Path(notebook_path)
    if not path.is_file():
        raise CompareError(f"{path}: notebook not found")
    try:
        return papermill.inspect_notebook(str(path))
    except Exception as exc:  # nbformat errors are many and unrelated
        raise CompareError(f"{path.name}: cannot read notebook: {exc}") from exc


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read one of the project's CSVs as text, as written (no NaN for empty cells)."""
    path = Path(path)
    if not path.is_file():
        raise CompareError(f"{path}: not found; run `python -m compare build` first")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_reference(
    table: str | Path | None = None, codebook: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The normalised table and the codebook, the data parameters are checked against."""
    table = paths.project().table_csv if table is None else table
    codebook = paths.project().codebook if codebook is None else codebook
    return read_csv(table), read_csv(codebook)


# ---------------------------------------------------------------------------- value rules


def _frame(frame: Frame, default: Path) -> pd.DataFrame:
    if isinstance(frame, pd.DataFrame):
        return frame
    return read_csv(default if frame is None else frame)


def _column_values(frame: Frame, default: Path, column: str) -> list[str]:
    df = _frame(frame, default)
    if column not in df.columns:
        name = Path(default if not isinstance(frame, (str, Path)) else frame).name
        raise CompareError(f"{name}: no column '{column}'")
    return sorted({v for v in df[column] if v != ""})


def _split(value: Any) -> list[Any]:
    """`regions` may be a list or a comma-separated string (handy on the command line)."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


class _Rule:
    """Valid values of one parameter name, computed lazily (the table is only read if needed)."""

    def __init__(
        self, what: str, values: Callable[..., list[str]], plural: bool = False, optional: bool = False
    ):
        self.what, self.values, self.plural, self.optional = what, values, plural, optional


def _district_values(table: Frame) -> list[str]:
    """Regions of the table whose plan is a district's (``level`` = district)."""
    df = _frame(table, paths.TABLE_CSV)
    if "level" not in df.columns:
        return _column_values(df, paths.TABLE_CSV, "region")
    return sorted({r for r, lv in zip(df["region"], df["level"]) if lv == "district" and r != ""})


def _set_in_14th(table: Frame) -> list[str]:
    """Indicator ids some plan sets in the 14th period (the ones a comparison can show)."""
    df = _frame(table, paths.TABLE_CSV)
    if "period" not in df.columns:
        return _column_values(df, paths.TABLE_CSV, "indicator_id")
    return sorted({i for i, p in zip(df["indicator_id"], df["period"]) if p == "14th" and i != ""})


def _rules(notebook: str | None = None) -> dict[str, _Rule]:
    """Value rules by parameter name; a notebook of the suite narrows some of them to the
    values its report can be made for."""
    region = _Rule("region in indicators.csv", lambda t, c: _column_values(t, paths.TABLE_CSV, "region"))
    indicator = _Rule(
        "indicator_id in the codebook", lambda t, c: _column_values(c, paths.CODEBOOK, "indicator_id")
    )
    rules = {
        "region": region,
        "regions": _Rule(region.what, region.values, plural=True),
        "indicator_id": indicator,
        "indicator_ids": _Rule(indicator.what, indicator.values, plural=True),
        "lang": _Rule("language", lambda t, c: list(LANGS)),
        "measure": _Rule("measure", lambda t, c: list(MEASURES)),
        "domain": _Rule(
            "domain in the codebook", lambda t, c: _column_values(c, paths.CODEBOOK, "domain"), optional=True
        ),
    }
    district = _Rule("district in indicators.csv", lambda t, c: _district_values(t))
    stem = Path(notebook).stem if notebook else ""
    if stem in ("30-region-profile", "35-pair", "20-indicator"):
        rules.update(region=district, region_a=district, region_b=district)
        rules["regions"] = _Rule(district.what, district.values, plural=True)
    if stem == "20-indicator":
        rules["indicator_id"] = _Rule(
            "indicator_id set by a plan in the 14th period", lambda t, c: _set_in_14th(t)
        )
    return rules


def _fail(where: str, name: str, message: str, valid: Iterable[str]) -> ParameterError:
    valid = list(valid)
    err = ParameterError(f"{where}: parameter {name}: {message}; valid values: {', '.join(valid)}")
    err.notebook, err.parameter, err.valid = where, name, valid
    return err


def _hint(value: Any, valid: list[str], cutoff: float = 0.8) -> str:
    close = difflib.get_close_matches(str(value), valid, n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_values(
    where: str,
    params: dict[str, Any],
    table: Frame,
    codebook: Frame,
    allow_all: set[str],
    notebook: str | None = None,
) -> None:
    rules = _rules(notebook)
    for name, value in params.items():
        rule = rules.get(name)
        if rule is None:
            continue
        if (rule.plural or rule.optional) and value == "":  # empty: the notebook's default (all)
            continue
        valid = rule.values(table, codebook)
        if name in allow_all:
            valid = [*valid, "all"]
        items = _split(value) if rule.plural else [value]
        if rule.plural and not items:
            raise _fail(where, name, "is empty", valid)
        for item in items:
            if not isinstance(item, str) or item not in valid:
                shown = f"entry {item!r} of {value!r}" if rule.plural else repr(item)
                raise _fail(where, name, f"{shown} is not a valid {rule.what}{_hint(item, valid)}", valid)
    if "region_a" in params and params.get("region_a") == params.get("region_b"):
        raise ParameterError(
            f"{where}: parameters region_a and region_b: both are {params['region_a']!r}; "
            "a side-by-side report needs two different districts"
        )


def _literal(source: str) -> Any:
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _check_type(where: str, name: str, value: Any, declared: dict[str, Any]) -> None:
    """Catch YAML surprises such as `code: 0500` (an int) for a parameter declared `str`."""
    type_name = declared.get("inferred_type_name") or "None"
    base = type_name.split("[")[0].strip().lower()
    if base == "none":
        default = _literal(declared.get("default", ""))
        base = type(default).__name__ if default is not None else "none"
    expected = _TYPES.get(base)
    if expected is None or (name in ("regions", "indicator_ids") and isinstance(value, str)):
        return
    if isinstance(value, bool) and bool not in expected:
        ok = False
    else:
        ok = isinstance(value, expected)
    if not ok:
        raise ParameterError(
            f"{where}: parameter {name}: expects {base}, got {type(value).__name__} {value!r}"
            + (" (quote it in catalog.yml)" if base == "str" else "")
        )


def validate(
    notebook_path: str | Path, params: dict[str, Any], table: Frame = None, codebook: Frame = None
) -> None:
    """Raise `ParameterError` unless every parameter is declared by the notebook and valid.

    Checked: the name is declared in the ``parameters`` cell; the value has the declared
    type; ``region``/``regions`` are regions of the table; ``indicator_id``/``indicator_ids``
    are ids of the codebook (or ``"all"`` where the notebook's default is ``"all"``);
    ``lang`` is zh/en; ``measure`` is baseline/target/change. ``table`` and ``codebook`` are
    DataFrames or CSV paths; None reads the project's files, only if a check needs them.
    """
    where = Path(notebook_path).name
    declared = declared_parameters(notebook_path)
    for name, value in params.items():
        if name not in declared:
            if not declared:
                raise ParameterError(
                    f"{where}: parameter {name}: the notebook declares no parameters "
                    "(no code cell tagged 'parameters')"
                )
            raise _fail(
                where, name, f"not declared by the notebook{_hint(name, list(declared), 0.7)}", declared
            )
        _check_type(where, name, value, declared[name])
    allow_all = {n for n, p in declared.items() if _literal(p.get("default", "")) == "all"}
    _check_values(where, params, table, codebook, allow_all, notebook=str(notebook_path))


#: Names IPython puts in a kernel's namespace that are not parameters.
_KERNEL_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})


def injected_names(namespace: Mapping[str, Any]) -> list[str]:
    """Names assigned by the parameters cell papermill injected into this kernel, if any.

    IPython keeps every executed cell's source in ``In``; papermill's cell starts with
    ``# Parameters``. Only the latest such cell counts.
    """
    history = namespace.get("In")
    if not isinstance(history, list):
        return []
    for source in reversed(history):
        if isinstance(source, str) and source.lstrip().startswith("# Parameters"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return []
            return [
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            ]
    return []


def check_in_notebook(
    namespace: Mapping[str, Any] | None = None, /, *, notebook: str | None = None, **params: Any
) -> dict[str, Any]:
    """Validate a notebook's own parameter values (no notebook path) and return them.

    For the cell after the ``parameters`` cell, so a run from JupyterLab or from papermill's
    own command line fails early too::

        check_in_notebook(globals(), notebook="30-region-profile", region=region, lang=lang)

    With the kernel's ``namespace``, a parameter papermill injected that is not among
    ``params`` (a typo such as ``-p regoins kaizhou``) is an error. ``notebook`` selects
    that notebook's value rules. ``indicator_id="all"`` is accepted: a notebook that
    passes it declared it as a choice.
    """
    where = notebook or "notebook"
    if namespace is not None:
        unknown = [n for n in injected_names(namespace) if n not in params and n not in _KERNEL_NAMES]
        if unknown:
            raise _fail(
                where,
                unknown[0],
                f"not declared by the notebook{_hint(unknown[0], list(params), 0.7)}",
                list(params),
            )
    _check_values(where, params, None, None, {"indicator_id", "indicator_ids"}, notebook=notebook)
    return params
