"""Shared helpers of the Python module's tests: the `archex` CLI they compare
the module with, and child Python processes (restart tests). ctest sets
PYTHONPATH to the build tree's package, ARCHEX_BINARY and ARCHEX_SOURCE_DIR."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("ARCHEX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
ARCHEX = os.environ.get("ARCHEX_BINARY", str(SOURCE_DIR / "build" / "release" / "archex"))


def run_cli(*args, check=True):
    """Runs the archex CLI; returns the CompletedProcess (text)."""
    result = subprocess.run([ARCHEX, *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"archex {' '.join(map(str, args))} failed: {result.stderr}")
    return result


def cli_json(*args):
    return json.loads(run_cli(*args, "--json").stdout)


def cli_error(*args):
    """The message the CLI prints for bad input (without 'archex: error: ')."""
    result = run_cli(*args, check=False)
    assert result.returncode == 2, result
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("archex: error: "), line
    return line[len("archex: error: "):]


def run_python(code, check=True):
    """Runs `code` in a fresh Python process with this one's module path."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    if check and result.returncode != 0:
        raise AssertionError(f"child process failed ({result.returncode}): {result.stderr}")
    return result


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "study.db")
