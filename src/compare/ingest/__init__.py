"""Sources to the normalised table, one way through small named steps.

`sources` (manifest, sha256) -> `tables` (indicator tables per layout, `notes` under them) /
`prose` (the municipal plan's targets) -> `values` (cells) + `codebook` (ids) -> `build`
(the steps, atomic write; `frame` the table's shape, `schema` its checks, `serialise` its
bytes) -> `exports` (Excel, datapackage); `load` reads the built tables back. `register` adds a plan
document to the manifest. Nothing here draws or renders.

The names in ``__all__`` are what the other stages, the notebooks and scripts use; each is
imported from its module when first asked for, so importing ``compare.ingest`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import BuildResult, build, build_table, write_outputs
    from .codebook import Codebook, Entry, load_codebook
    from .columns import meta
    from .exports import datapackage, export_files, write_exports
    from .headers import Headers, load_headers
    from .load import load_observations, load_table
    from .register import NewSource, Registration, add_source, recount, register, remove_source
    from .serialise import to_csv_bytes
    from .sources import Source, read_manifest, verified_lines

#: Public name -> the module of this package that defines it.
EXPORTS = {
    "BuildResult": "build",
    "build": "build",
    "build_table": "build",
    "write_outputs": "build",
    "Codebook": "codebook",
    "Entry": "codebook",
    "load_codebook": "codebook",
    "meta": "columns",
    "datapackage": "exports",
    "export_files": "exports",
    "write_exports": "exports",
    "Headers": "headers",
    "load_headers": "headers",
    "load_observations": "load",
    "load_table": "load",
    "NewSource": "register",
    "Registration": "register",
    "add_source": "register",
    "recount": "register",
    "register": "register",
    "remove_source": "register",
    "to_csv_bytes": "serialise",
    "Source": "sources",
    "read_manifest": "sources",
    "verified_lines": "sources",
}

__all__ = [
    "BuildResult",
    "Codebook",
    "Entry",
    "Headers",
    "NewSource",
    "Registration",
    "Source",
    "add_source",
    "build",
    "build_table",
    "datapackage",
    "export_files",
    "load_codebook",
    "load_headers",
    "load_observations",
    "load_table",
    "meta",
    "read_manifest",
    "recount",
    "register",
    "remove_source",
    "to_csv_bytes",
    "verified_lines",
    "write_exports",
    "write_outputs",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module when it is first asked for."""
    if name in EXPORTS:
        return getattr(importlib.import_module(f".{EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
