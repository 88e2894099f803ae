"""Pluggable sources of model records: the Hub, the bundled snapshot, local directories."""

from modelaudit.sources.base import ModelSource, SourceUnavailable
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus, ModelRecord

__all__ = ["FetchOutcome", "FetchStatus", "FileStatus", "ModelRecord", "ModelSource", "SourceUnavailable"]
