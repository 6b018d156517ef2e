"""archex from Python: evaluate accelerator designs, run and drive studies,
and use archex's optimizers on your own search spaces.

    import archex
    archex.evaluate("mobilenet_v2", {"pe_x": 8})["latency_ms"]

Everything runs in archex's C++ libraries (the `_archex` extension module);
this package adds Python-friendly signatures, NumPy / pandas output and the
ask/tell loop around a Python objective. Errors are `archex.Error`
subclasses with the message the `archex` command prints. See docs/python.md.
"""

from __future__ import annotations

import io
import json
import math
import numbers
import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from . import _archex
from ._archex import (
    CostModelError,
    Error,
    OptimizerError,
    SpecError,
    StoreError,
    Template,
    TemplateError,
    UsageError,
    Workload,
    WorkloadError,
)

__version__ = "0.1.0"

__all__ = [
    "CostModelError", "Error", "OptimizeResult", "OptimizerError", "SpecError", "StoreError", "Study",
    "Template", "TemplateError", "Trial", "UsageError", "Workload", "WorkloadError", "evaluate",
    "evaluate_many", "import_onnx", "optimize", "optimizers", "saved_workloads", "space", "template",
    "templates", "workload", "zoo",
]


# --- workloads and templates -------------------------------------------------

def zoo() -> list[str]:
    """Names of the built-in models (`archex workloads list`)."""
    return _archex.zoo_names()


def saved_workloads() -> list[str]:
    """Names of the workloads saved with `archex workloads import --save`."""
    return _archex.saved_workload_names()


def templates() -> list[str]:
    """Names of the shipped accelerator templates (`archex templates list`)."""
    return _archex.template_names()


def _file_stamp(name: str) -> float | None:
    # A file given by path is reloaded when it changes; names are loaded once.
    try:
        return os.stat(name).st_mtime_ns
    except OSError:
        return None


_workloads: dict[tuple[str, int, float | None], Workload] = {}
_templates: dict[tuple[str, float | None], Template] = {}


def _workload_of(spec: str | Workload | Mapping[str, Any], bytes_per_element: int = 1) -> Workload:
    if isinstance(spec, Workload):
        return spec
    if isinstance(spec, Mapping):
        return Workload.from_dict(dict(spec), bytes_per_element)
    key = (str(spec), bytes_per_element, _file_stamp(str(spec)))
    if key not in _workloads:
        _workloads[key] = Workload(str(spec), bytes_per_element)
    return _workloads[key]


def workload(spec: str | Workload | Mapping[str, Any], bytes_per_element: int = 1) -> Workload:
    """A workload: a zoo model, a saved workload or a .yaml / .json / .onnx
    file by name (loaded once per process), a dict in the workload file
    format ({"name": ..., "layers": [...]}, docs/workload-format.md), or a
    Workload as it is."""
    return _workload_of(spec, bytes_per_element)


def import_onnx(path: str | os.PathLike, name: str | None = None) -> Workload:
    """Imports an ONNX model as a workload (`archex workloads import`)."""
    return Workload.import_onnx(os.fspath(path), name or "")


def _template_of(spec: str | Template | None = None) -> Template:
    if isinstance(spec, Template):
        return spec
    name = "" if spec is None else os.fspath(spec)
    key = (name, _file_stamp(name) if name else None)
    if key not in _templates:
        _templates[key] = Template(name)
    return _templates[key]


def template(spec: str | Template | None = None) -> Template:
    """A template: a shipped name (archex.templates()) or a file, loaded once
    per process; None: the default ($ARCHEX_TEMPLATE, else apollo_edge)."""
    return _template_of(spec)


def space(template: str | Template | None = None) -> list[tuple[str, list[int]]]:
    """The template's design space: [(parameter name, values), ...]."""
    return _template_of(template).space()


def optimizers() -> list[dict]:
    """Every optimizer with its settings (`archex optimizers --json`)."""
    return _archex.optimizers()


# --- evaluation --------------------------------------------------------------

def evaluate(workload: str | Workload | Mapping[str, Any], config: Mapping[str, Any] | None = None,
             template: str | Template | None = None, batch_size: int = 1, per_layer: bool = True) -> dict:
    """Latency, area and energy of one config on a workload, with the per-layer
    breakdown: the object `archex evaluate --json` prints, same keys.

    `config` maps parameter names to values (a choice parameter also by its
    label); parameters not given keep the baseline value; None is the
    baseline. A value outside the template raises TemplateError naming the
    parameter and the allowed values."""
    return _archex.evaluate(_workload_of(workload), dict(config) if config is not None else None,
                            _template_of(template), batch_size, per_layer)


def evaluate_many(workload: str | Workload | Mapping[str, Any], configs: Any,
                  template: str | Template | None = None, threads: int | None = None,
                  batch_size: int = 1) -> dict:
    """Evaluates many configs in C++ threads (the GIL is released) and returns
    NumPy arrays: latency_ms, area_mm2, energy_uj (float64) and feasible (bool).

    `configs` is a list of dicts (as for evaluate()) or an integer NumPy array
    of shape (N, parameters) holding value indices (column j indexes
    space()[j][1]). `threads`: None or 0 for every core, 1 for the calling
    thread only. A config that breaks one of the template's rules is
    infeasible with NaN metrics."""
    import numpy  # noqa: F401  (the arrays are NumPy's; fail early and clearly without it)

    if not hasattr(configs, "dtype"):
        configs = [dict(c) for c in configs]
    return _archex.evaluate_many(_workload_of(workload), configs, _template_of(template),
                                 threads or 0, batch_size)


# --- studies -----------------------------------------------------------------

@dataclass(frozen=True)
class Trial:
    """A trial handed out by Study.ask(): evaluate its `config`, then tell."""
    id: int           # unique in the database
    number: int       # 0, 1, 2, ... within the study
    config: dict      # {parameter: value}, the key `archex evaluate` / `show` use
    point: list       # value index per parameter (the optimizer's view)
    proposer: str     # the optimizer (or portfolio member) that proposed it
    attempts: int     # > 1 when re-issued after its process died


class Study:
    """A study in a trial database (SQLite; docs/database.md): created, or
    continued when one of that name exists with the same spec, exactly as
    `archex run` does. Arguments left out come from the stored study, else
    archex's defaults (MobileNetV2, latency, the template's budget, evolution).

        study = archex.Study("archex.db", "mnv2", workload="mobilenet_v2", budget=6.8,
                             optimizer="random", trials=1000, seed=0)
        study.run()                      # archex's cost model, in C++
        study.best()["value"]

    or drive it from your own evaluator:

        while (trial := study.ask()) is not None:
            study.tell(trial, {"latency_ms": my_simulator(trial.config)})

    Keywords, one per study field, each taking what that field takes in a
    spec file (lists and dicts where the file has them; `budget` is the
    file's `budget_mm2`; None: not given):
    """

    def __init__(self, db: str | os.PathLike = "archex.db", name: str | None = None, *, _handle: Any = None,
                 **fields: Any):
        if _handle is not None:
            self._h = _handle
            return
        # The study field table reads every keyword (as a spec file's value),
        # so an unknown one is refused naming it and the closest keyword.
        self._h = _archex.StudyHandle(os.fspath(db), name=name, **fields)

    @classmethod
    def open(cls, db: str | os.PathLike, name: str, trials: int | None = None) -> "Study":
        """An existing study only (as `archex resume`); StoreError lists the
        known studies when there is none. `trials`: a new target."""
        return cls(_handle=_archex.StudyHandle.open(os.fspath(db), name, trials))

    @property
    def name(self) -> str:
        return self._h.name

    @property
    def db(self) -> str:
        return self._h.db

    @property
    def spec(self) -> dict:
        """The study's spec (as stored), with its name, trial target and jobs."""
        return self._h.spec

    @property
    def target(self) -> int:
        """The number of trials the study is finished at."""
        return self._h.target

    # ask / tell

    def ask(self) -> Trial | None:
        """Claims the next trial: one whose process died first (same number
        and config), else a new one the study's optimizer proposes from every
        finished trial. None when the study has its target number of trials."""
        t = self._h.ask()
        return None if t is None else Trial(**t)

    def tell(self, trial: Trial | int, metrics: Mapping[str, Any] | None = None, *,
             error: BaseException | str | None = None) -> dict:
        """Stores the result of an asked trial and returns what was stored
        (state, value, values, reason, constraints).

        `metrics`: {"latency_ms": ..., "energy_uj": ..., "area_mm2": ...}, or
        per workload {"mobilenet_v2": {...}} in a multi-workload study;
        `area_mm2` defaults to the template's area model; report
        {"feasible": False, "reason": ...} for a design that cannot run. The
        study's objective, budget and constraints score it. `error`: the
        evaluation failed; the trial is stored as failed with this reason."""
        trial_id = trial.id if isinstance(trial, Trial) else int(trial)
        if error is not None:
            reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
            return self._h.tell_failed(trial_id, reason)
        if not isinstance(metrics, Mapping):
            raise TypeError("tell: metrics must be a dict such as {'latency_ms': 0.05}, got "
                            f"{type(metrics).__name__}")
        return self._h.tell(trial_id, dict(metrics))

    def run(self, trials: int | None = None, objective: Callable[[Trial], Mapping[str, Any]] | None = None,
            jobs: int | None = None) -> dict:
        """Runs the study until it has `trials` trials (default: its target;
        a larger number raises the target, as `archex resume --trials`).

        Without `objective`, archex's cost model evaluates in C++ (`jobs`
        threads; the GIL is released). With one, each trial goes through
        ask -> objective(trial) -> tell: it returns the metrics dict for
        tell(); an exception it raises is stored as a failed trial and the
        study goes on. Returns counts and timings of this run."""
        if objective is None:
            return self._h.run(trials, jobs)
        if trials is not None or jobs is not None:
            self._h.set_target(trials if trials is not None else self.target,
                               jobs if jobs is not None else self.spec["jobs"])
        import time

        start = time.perf_counter()
        done = 0
        while (trial := self.ask()) is not None:
            try:
                metrics = objective(trial)
            except Exception as e:  # the user's evaluator failed: a failed trial, not a stopped study
                self.tell(trial, error=e)
            else:
                self.tell(trial, metrics)
            done += 1
        elapsed = time.perf_counter() - start
        progress = self.summary()["progress"]
        best = self.summary()["best"]
        return {"finished_here": done, "elapsed_s": elapsed, "trials_per_s": done / elapsed if elapsed > 0 else 0.0,
                "complete": progress["complete"], "infeasible": progress["infeasible"],
                "failed": progress["failed"], "running": progress["running"],
                "best": None if best is None else best["value"]}

    # reading

    def summary(self) -> dict:
        """Spec, progress, feasibility, best trial and baseline (`archex show --json`)."""
        return self._h.summary()

    def trials(self) -> list[dict]:
        """Every trial as a record (`archex export --format json`): number,
        state, objective, objectives, constraints, best_so_far, proposer,
        cached, attempts, reason, started_at, finished_at, config, metrics."""
        return json.loads(self._h.export_json())["trials"]

    def best(self) -> dict | None:
        """The best complete trial (number, value, proposer, config, metrics),
        by the first objective; None before one completes."""
        return self.summary()["best"]

    def pareto(self) -> list[dict]:
        """The complete trials no other beats in every objective (`archex show
        --pareto --json`): number, proposer, values, config, metrics. With one
        objective, the best trial(s)."""
        return self._h.pareto()["front"]

    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """`archex export --format csv`: returned as text, or written to `path`."""
        text = self._h.export_csv()
        if path is None:
            return text
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return None

    def trials_dataframe(self):
        """The trials as a pandas DataFrame, one row per trial, with the
        columns of `archex export --format csv` (Debian: python3-pandas)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("Study.trials_dataframe needs pandas (Debian: apt-get install python3-pandas)") from e
        return pandas.read_csv(io.StringIO(self._h.export_csv()))

    def close(self) -> None:
        """Releases trials asked and not told (the next ask(), here or in
        another process, re-issues them) and closes the database."""
        self._h.close()

    def __enter__(self) -> "Study":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<archex.Study '{self.name}' in {self.db}>"


Study.__doc__ += ", ".join(_archex.study_keywords()) + ".\n"


# --- the optimizers on a user-defined space ----------------------------------

def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _read_space(space: Mapping[str, Sequence] | Iterable[tuple[str, Sequence]]) -> list[tuple[str, list]]:
    items = list(space.items()) if isinstance(space, Mapping) else [tuple(p) for p in space]
    out = []
    for item in items:
        if len(item) != 2:
            raise UsageError("space: expected (name, values) pairs or a dict of name -> values")
        name, values = str(item[0]), list(item[1])
        if not values:
            raise UsageError(f"space: parameter '{name}' has no values")
        out.append((name, values))
    return out


@dataclass
class OptimizeResult:
    """What optimize() found: every trial in order, the best one and, with
    several objectives, the Pareto front."""
    trials: list          # dicts: number, config, state, value, values, proposer, error
    directions: list      # "minimize" / "maximize", one per objective

    @property
    def best(self) -> dict | None:
        """The complete trial with the best first objective (the earliest on ties)."""
        sign = 1.0 if self.directions[0] == "minimize" else -1.0
        complete = [t for t in self.trials if t["state"] == "complete"]
        return min(complete, key=lambda t: (sign * t["values"][0], t["number"])) if complete else None

    @property
    def pareto(self) -> list[dict]:
        """Complete trials no other beats in every objective."""
        complete = [t for t in self.trials if t["state"] == "complete"]
        signs = [1.0 if d == "minimize" else -1.0 for d in self.directions]
        front = _archex.pareto_front([[s * v for s, v in zip(signs, t["values"])] for t in complete])
        return [complete[i] for i in front]

    def dataframe(self):
        """The trials as a pandas DataFrame (parameters as columns)."""
        import pandas

        rows = []
        for t in self.trials:
            row = {k: v for k, v in t.items() if k not in ("config", "values")}
            row.update(t["config"])
            for k, v in enumerate(t["values"]):
                row[f"value_{k}"] = v
            rows.append(row)
        return pandas.DataFrame(rows)


def optimize(space: Mapping[str, Sequence] | Iterable[tuple[str, Sequence]], objective: Callable[[dict], Any],
             optimizer: str = "evolution", trials: int = 100, seed: int = 0,
             settings: Mapping[str, Any] | None = None, batch: int = 1,
             direction: str | Sequence[str] = "minimize") -> OptimizeResult:
    """Searches a discrete space with one of archex's optimizers
    (archex.optimizers()) for a Python objective.

    `space`: [(name, values), ...] or {name: values}, e.g. archex.space();
    numeric values are ordinal, any other value list is categorical.
    `objective(config)` gets {name: value} and returns a number (or, with
    several directions, one number per objective); None or NaN marks the
    point infeasible, and an exception is recorded as a failed trial (the
    search goes on). Same seed, same trials."""
    params = _read_space(space)
    directions = [direction] if isinstance(direction, str) else list(direction)
    for d in directions:
        if d not in ("minimize", "maximize"):
            raise UsageError(f"direction: '{d}' must be 'minimize' or 'maximize'")
    signs = [1.0 if d == "minimize" else -1.0 for d in directions]
    spec = []
    for name, values in params:
        numeric = all(_is_number(v) for v in values)
        spec.append((name, [float(v) for v in values] if numeric else [float(i) for i in range(len(values))], numeric))
    records: list[dict] = []

    def evaluate(point: list[int], number: int):
        chosen = {name: values[i] for (name, values), i in zip(params, point)}
        record = {"number": number, "config": chosen, "state": "complete", "values": [], "error": ""}
        records.append(record)
        try:
            result = objective(chosen)
        except Exception as e:  # the user's objective failed: recorded, the search goes on
            record["state"], record["error"] = "failed", f"{type(e).__name__}: {e}"
            return False, []
        values = [] if result is None else ([result] if _is_number(result) else list(result))
        if len(values) != len(directions) or not all(_is_number(v) and not math.isnan(v) for v in values):
            record["state"] = "infeasible"
            if result is not None and len(values) != len(directions):
                record["error"] = f"expected {len(directions)} objective value(s), got {result!r}"
            return False, []
        record["values"] = [float(v) for v in values]
        return True, [s * float(v) for s, v in zip(signs, values)]

    opt_settings = {str(k): (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in (settings or {}).items()}
    proposals = _archex.optimize_loop(spec, evaluate, optimizer, opt_settings, trials, seed, batch, len(directions))
    for record, (_, proposer) in zip(records, proposals):
        record["proposer"] = proposer
        record["value"] = record["values"][0] if record["values"] else None
    return OptimizeResult(trials=records, directions=directions)
