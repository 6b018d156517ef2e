"""The Python examples run as documented (small settings for the comparison)."""

import subprocess
import sys

import pytest

from conftest import SOURCE_DIR


def run_example(name, *args):
    result = subprocess.run([sys.executable, str(SOURCE_DIR / "examples" / name), *args], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_quickstart_runs():
    out = run_example("python_quickstart.py")
    assert "mobilenet_v2: " in out and "100,000 random configs" in out and "ask/tell, 50 trials" in out


def test_optuna_comparison_runs():
    pytest.importorskip("optuna")
    out = run_example("optuna_vs_archex.py", "--trials", "30", "--seeds", "0", "--optimizers", "random,evolution")
    rows = [line for line in out.splitlines() if line.startswith("| ") and "optimizer" not in line]
    assert [row.split("|")[1].strip() for row in rows] == ["optuna-tpe", "random", "evolution"]
