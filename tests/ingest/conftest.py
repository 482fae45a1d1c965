"""Shared fixtures of the ingest tests."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

import pytest

from articlediff.common.timeutil import zone


@pytest.fixture
def fixtures_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture
def london() -> tzinfo:
    return zone("Europe/London")


@pytest.fixture
def utc() -> tzinfo:
    return zone("UTC")
