"""The version, apart from the package root: the root re-exports the public API, so modules of
lower layers that need the version must not import the root (it would import the API above them)."""

__version__ = "0.1.0"
