"""Sources to the normalised table, one way through small named steps.

`sources` (manifest, sha256) -> `tables` (indicator tables per layout, `notes` under them) /
`prose` (the municipal plan's targets) -> `values` (cells) + `codebook` (ids) -> `build`
(table, schema, atomic write) -> `exports` (Excel, datapackage). `register` adds a plan
document to the manifest. Nothing here draws or renders.
"""
