"""Ask/tell: a user's evaluator drives a study through the trial store, with
the engine's proposals, failures stored as data, and resume in a new process."""

import json
import textwrap

import pytest

import archex
from conftest import run_python

SPEC = dict(workload="mobilenet_v2", budget=6.8, optimizer="evolution", settings={"population": 12}, seed=7)


def measured(trial):
    """What a user's evaluator reports: here archex's own model, so the
    results can be compared with the engine's."""
    m = archex.evaluate("mobilenet_v2", trial.config, per_layer=False)
    return {k: m[k] for k in ("latency_ms", "energy_uj", "area_mm2", "feasible", "reason")}


def drive(study):
    while (trial := study.ask()) is not None:
        study.tell(trial, measured(trial))


def outcome(study):
    return [(t["number"], t["state"], t["config"], t["objective"]) for t in study.trials()]


def test_ask_tell_proposes_what_the_engine_runs(tmp_path):
    engine = archex.Study(str(tmp_path / "engine.db"), "s", trials=60, **SPEC)
    engine.run()
    asked = archex.Study(str(tmp_path / "asked.db"), "s", trials=60, **SPEC)
    drive(asked)
    assert asked.ask() is None
    assert outcome(asked) == outcome(engine)
    assert {t["state"] for t in asked.trials()} >= {"complete", "infeasible"}


def test_tell_stores_the_score_and_raw_metrics(db):
    study = archex.Study(db, "told", trials=5, **SPEC)
    trial = study.ask()
    assert trial.number == 0 and trial.attempts == 1 and trial.proposer == "evolution"
    assert set(trial.config) == {name for name, _ in archex.space()}
    result = study.tell(trial, {"latency_ms": 0.25, "energy_uj": 30.0, "area_mm2": 5.0, "accuracy": 0.71})
    assert result["state"] == "complete" and result["value"] == 0.25
    assert result["constraints"] == [{"constraint": "area_mm2<=6.8", "value": 5.0, "satisfied": True}]
    stored = study.trials()[0]
    assert stored["objective"] == 0.25 and stored["metrics"]["mobilenet_v2"]["accuracy"] == 0.71
    # Area defaults to the template's model for the config; over the budget is infeasible.
    second = study.ask()
    result = study.tell(second, {"latency_ms": 0.1})
    area = archex.template().area(second.config)
    assert study.trials()[1]["metrics"]["mobilenet_v2"]["area_mm2"] == pytest.approx(area)
    assert result["state"] == ("complete" if area <= 6.8 else "infeasible")
    third = study.ask()
    result = study.tell(third, {"feasible": False, "reason": "the simulator ran out of memory"})
    assert result["state"] == "infeasible" and result["reason"] == "the simulator ran out of memory"


def test_bad_reports_are_refused_and_the_trial_stays_held(db):
    study = archex.Study(db, "bad", trials=5, objective="energy", **SPEC)
    trial = study.ask()
    with pytest.raises(archex.SpecError, match="metric 'latency_ms' is missing"):
        study.tell(trial, {"energy_uj": 3.0})
    with pytest.raises(archex.SpecError, match="metric 'energy_uj' is missing"):
        study.tell(trial, {"latency_ms": 0.2})
    with pytest.raises(archex.SpecError, match="'latency_ms' must be a number"):
        study.tell(trial, {"latency_ms": "fast", "energy_uj": 3.0})
    with pytest.raises(TypeError, match="metrics must be a dict"):
        study.tell(trial, 0.2)
    assert study.tell(trial, {"latency_ms": 0.2, "energy_uj": 3.0, "area_mm2": 1.0})["value"] == 3.0
    with pytest.raises(archex.Error, match="not held by this session"):
        study.tell(trial, {"latency_ms": 0.2, "energy_uj": 3.0})


def test_a_raising_objective_is_a_failed_trial_and_the_study_goes_on(db):
    study = archex.Study(db, "raising", trials=30, **SPEC)

    def objective(trial):
        if trial.number % 4 == 1:
            raise RuntimeError(f"simulator crashed on trial {trial.number}")
        return measured(trial)

    summary = study.run(objective=objective)
    assert summary["finished_here"] == 30
    trials = study.trials()
    failed = [t for t in trials if t["state"] == "failed"]
    assert [t["number"] for t in failed] == list(range(1, 30, 4))
    assert failed[0]["reason"] == "RuntimeError: simulator crashed on trial 1"
    assert summary["failed"] == len(failed) and summary["complete"] > 0
    assert max(t["number"] for t in trials) == 29  # went on after every failure


def test_ask_tell_resumes_in_a_new_process(tmp_path):
    db = str(tmp_path / "restart.db")
    spec = json.dumps(SPEC)
    header = textwrap.dedent(f"""
        import json, os, archex
        SPEC = json.loads({spec!r})
        def measured(trial):
            m = archex.evaluate("mobilenet_v2", trial.config, per_layer=False)
            return {{k: m[k] for k in ("latency_ms", "energy_uj", "area_mm2", "feasible", "reason")}}
    """)
    # First process: 12 trials asked, 10 told, then it dies without closing.
    run_python(header + textwrap.dedent(f"""
        study = archex.Study({db!r}, "restart", trials=40, **SPEC)
        for i in range(12):
            trial = study.ask()
            if i < 10:
                study.tell(trial, measured(trial))
        os._exit(0)
    """))
    # Second process: opens the study and continues it to its target.
    out = run_python(header + textwrap.dedent(f"""
        study = archex.Study.open({db!r}, "restart")
        first = study.ask()
        print(json.dumps([first.number, first.attempts]))
        study.tell(first, measured(first))
        while (trial := study.ask()) is not None:
            study.tell(trial, measured(trial))
        study.close()
    """)).stdout
    assert json.loads(out) == [10, 2]  # the dead process's trial, re-issued with its number
    resumed = archex.Study.open(db, "restart")
    progress = resumed.summary()["progress"]
    assert (progress["finished"], progress["running"], progress["target"]) == (40, 0, 40)
    uninterrupted = archex.Study(str(tmp_path / "straight.db"), "restart", trials=40, **SPEC)
    drive(uninterrupted)
    assert outcome(resumed) == outcome(uninterrupted)
    assert [t["attempts"] for t in resumed.trials()][10:12] == [2, 2]


def test_close_releases_asked_trials_for_the_next_session(db):
    study = archex.Study(db, "release", trials=10, **SPEC)
    trial = study.ask()
    study.close()
    with archex.Study.open(db, "release") as again:
        reissued = again.ask()
        assert (reissued.number, reissued.config, reissued.attempts) == (trial.number, trial.config, 2)


def test_batches_are_handed_out_one_by_one(db):
    study = archex.Study(db, "batch", trials=8, batch=4, **SPEC)
    first = [study.ask() for _ in range(4)]
    assert [t.number for t in first] == [0, 1, 2, 3]
    assert study.ask() is None  # the next batch waits for these results
    for t in reversed(first):
        study.tell(t, measured(t))
    assert [study.ask().number for _ in range(4)] == [4, 5, 6, 7]


def test_several_workloads_report_per_workload(db):
    study = archex.Study(db, "set", workload="mobilenet_v2,resnet50", objective="geomean-speedup",
                         optimizer="random", trials=3, seed=1)
    trial = study.ask()
    with pytest.raises(archex.SpecError, match="workload 'mobilenet_v2'"):
        study.tell(trial, {"latency_ms": 0.1})
    baseline = {w: archex.evaluate(w, None, per_layer=False)["latency_ms"] for w in ("mobilenet_v2", "resnet50")}
    result = study.tell(trial, {w: {"latency_ms": baseline[w] / 2, "area_mm2": 5.0} for w in baseline})
    assert result["state"] == "complete" and result["value"] == pytest.approx(2.0)
