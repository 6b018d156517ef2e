"""archex.Study run by archex's engine, read back, compared with the CLI."""

import json
import os

import pytest

import archex
from conftest import cli_error, run_cli


def test_run_gives_the_trials_of_archex_run(db, tmp_path):
    study = archex.Study(db, "mnv2", workload="mobilenet_v2", budget=6.8, optimizer="evolution",
                         settings={"population": 16}, trials=120, seed=3)
    summary = study.run()
    assert summary["finished_here"] == 120
    assert summary["complete"] + summary["infeasible"] + summary["failed"] == 120
    cli_db = tmp_path / "cli.db"
    run_cli("run", "--study", "mnv2", "--workload", "mobilenet_v2", "--budget", "6.8", "--optimizer", "evolution",
            "--setting", "population=16", "--trials", "120", "--seed", "3", "--db", cli_db)
    cli = json.loads(run_cli("export", "--study", "mnv2", "--format", "json", "--db", cli_db).stdout)["trials"]
    ours = study.trials()
    assert [t["config"] for t in ours] == [t["config"] for t in cli]
    assert [t["objective"] for t in ours] == [t["objective"] for t in cli]
    assert [t["state"] for t in ours] == [t["state"] for t in cli]


def test_best_summary_and_dataframe(db):
    study = archex.Study(db, "best", optimizer="random", trials=150, seed=1)
    study.run()
    trials = study.trials()
    complete = [t for t in trials if t["state"] == "complete"]
    best = study.best()
    assert best["value"] == min(t["objective"] for t in complete)
    assert best["number"] == min(complete, key=lambda t: (t["objective"], t["number"]))["number"]
    assert best["config"] == trials[best["number"]]["config"]
    summary = study.summary()
    assert summary["progress"]["finished"] == 150 and summary["spec"]["optimizer"] == "random"
    assert summary == json.loads(run_cli("show", "--study", "best", "--db", db, "--json").stdout)
    pandas = pytest.importorskip("pandas")
    frame = study.trials_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 150
    assert {"number", "state", "objective", "best_so_far", "pe_x", "latency_ms", "area_mm2"} <= set(frame.columns)
    assert frame["objective"].min() == pytest.approx(best["value"])
    assert study.to_csv() == run_cli("export", "--study", "best", "--db", db, "--format", "csv").stdout


def test_pareto_front_of_a_multi_objective_study(db):
    study = archex.Study(db, "pareto", objective=["latency", "energy", "area"], optimizer="random", trials=120,
                         seed=4)
    study.run()
    front = study.pareto()
    complete = [t for t in study.trials() if t["state"] == "complete"]
    assert 0 < len(front) <= len(complete)

    def dominates(a, b):
        return all(x <= y for x, y in zip(a, b)) and any(x < y for x, y in zip(a, b))

    for member in front:
        values = [member["values"][k] for k in ("latency_ms", "energy_uj", "area_mm2")]
        assert not any(dominates(t["objectives"], values) for t in complete)
    on_front = {m["number"] for m in front}
    for t in complete:
        if t["number"] not in on_front:
            assert any(dominates([m["values"][k] for k in ("latency_ms", "energy_uj", "area_mm2")], t["objectives"])
                       for m in front)
    cli = json.loads(run_cli("show", "--study", "pareto", "--pareto", "--json", "--db", db).stdout)
    assert front == cli["front"]


def test_continue_raise_target_and_open(db):
    first = archex.Study(db, "grow", optimizer="random", trials=40, seed=9)
    first.run()
    first.close()
    again = archex.Study.open(db, "grow")
    assert again.target == 40 and len(again.trials()) == 40
    summary = again.run(trials=70)
    assert summary["finished_here"] == 30 and len(again.trials()) == 70
    with pytest.raises(archex.SpecError, match="below the 70 trials"):
        again.run(trials=10)
    # The same spec continues; a different one is refused with the CLI's message.
    same = archex.Study(db, "grow", optimizer="random", seed=9)
    assert same.target == 70
    message = cli_error("run", "--study", "grow", "--optimizer", "random", "--seed", "8", "--db", db)
    with pytest.raises(archex.SpecError) as error:
        archex.Study(db, "grow", optimizer="random", seed=8)
    assert str(error.value) == message


def test_refused_studies_leave_no_file_and_name_the_problem(tmp_path):
    db = str(tmp_path / "refused.db")
    message = cli_error("run", "--optimizer", "nope", "--db", db)
    with pytest.raises(archex.OptimizerError) as error:
        archex.Study(db, optimizer="nope")
    assert str(error.value) == message
    with pytest.raises(archex.WorkloadError):
        archex.Study(db, workload="no_such_net")
    with pytest.raises(archex.SpecError, match="constraints"):
        archex.Study(db, constraints=["watts<=3"])
    assert not os.path.exists(db)
    with pytest.raises(archex.StoreError):
        archex.Study.open(db, "missing")
    assert not os.path.exists(db)


def test_priors_transfer_between_budgets(db):
    archex.Study(db, "loose", optimizer="random", budget=6.8, trials=60, seed=0).run()
    tight = archex.Study(db, "tight", optimizer="evolution", budget=4.8, trials=20, seed=0, priors=["loose"])
    assert tight.summary()["priors"] == 60
    tight.run()
    assert tight.summary()["progress"]["finished"] == 20
