"""archex.optimize: the generic optimizers on user-defined spaces and Python objectives."""

import math

import pytest

import archex

SPACE = [("x", list(range(-10, 11))), ("y", list(range(-10, 11))), ("shape", ["round", "square", "flat"])]


def bowl(params):
    penalty = {"round": 0.0, "square": 3.0, "flat": 7.0}[params["shape"]]
    return (params["x"] - 3) ** 2 + (params["y"] + 2) ** 2 + penalty


@pytest.mark.parametrize("optimizer,settings,bound", [("random", {}, 20), ("evolution", {"population": 20}, 2),
                                                      ("gp-bandit", {}, 2)])
def test_optimizers_find_the_bowls_bottom(optimizer, settings, bound):
    result = archex.optimize(SPACE, bowl, optimizer=optimizer, trials=80, seed=1, settings=settings)
    assert len(result.trials) == 80
    assert [t["number"] for t in result.trials] == list(range(80))
    best = result.best
    assert best["value"] == min(t["value"] for t in result.trials)
    assert best["value"] <= bound
    assert all(t["proposer"].startswith(optimizer) for t in result.trials)
    # No point is proposed twice while the space has untaken points.
    points = [tuple(sorted(t["config"].items())) for t in result.trials]
    assert len(set(points)) == len(points)


def test_same_seed_same_trials_other_seed_other_trials():
    a = archex.optimize(SPACE, bowl, optimizer="evolution", trials=60, seed=5, settings={"population": 10})
    b = archex.optimize(SPACE, bowl, optimizer="evolution", trials=60, seed=5, settings={"population": 10})
    c = archex.optimize(SPACE, bowl, optimizer="evolution", trials=60, seed=6, settings={"population": 10})
    assert [t["config"] for t in a.trials] == [t["config"] for t in b.trials]
    assert [t["config"] for t in a.trials] != [t["config"] for t in c.trials]


def test_raising_none_and_nan_objectives_are_recorded_and_the_search_goes_on():
    def objective(params):
        if params["x"] < -5:
            raise ValueError(f"cannot build x={params['x']}")
        if params["y"] < -5:
            return None
        if params["shape"] == "flat":
            return math.nan
        return bowl(params)

    result = archex.optimize(SPACE, objective, optimizer="evolution", trials=150, seed=2,
                             settings={"population": 20})
    states = {t["state"] for t in result.trials}
    assert states == {"complete", "failed", "infeasible"}
    failed = [t for t in result.trials if t["state"] == "failed"]
    assert all(t["error"].startswith("ValueError: cannot build x=") and t["value"] is None for t in failed)
    assert result.best["config"]["x"] >= -5 and result.best["config"]["shape"] != "flat"
    assert len(result.trials) == 150


def test_maximize_and_several_objectives():
    result = archex.optimize({"a": [1, 2, 4, 8], "b": [1, 2, 4, 8]}, lambda p: p["a"] * p["b"], optimizer="random",
                             trials=16, seed=0, direction="maximize")
    assert result.best["value"] == 64
    front = archex.optimize({"a": list(range(10))}, lambda p: (p["a"], 9 - p["a"]), optimizer="evolution",
                            trials=10, seed=0, direction=["minimize", "minimize"]).pareto
    assert len(front) == 10  # every point trades one objective against the other
    with pytest.raises(archex.UsageError, match="direction"):
        archex.optimize({"a": [1, 2]}, lambda p: 1, direction="up")
    with pytest.raises(archex.OptimizerError, match="nope"):
        archex.optimize({"a": [1, 2]}, lambda p: 1, optimizer="nope")


def test_optimize_archex_space_with_archex_evaluate():
    budget = 6.8

    def latency(params):
        m = archex.evaluate("mobilenet_v2", params, per_layer=False)
        return m["latency_ms"] if m["feasible"] and m["area_mm2"] <= budget else None

    result = archex.optimize(archex.space(), latency, optimizer="random", trials=200, seed=0)
    baseline = archex.evaluate("mobilenet_v2", None, per_layer=False)["latency_ms"]
    assert result.best is not None and result.best["value"] < baseline
    pandas = pytest.importorskip("pandas")
    frame = result.dataframe()
    assert isinstance(frame, pandas.DataFrame) and len(frame) == 200 and "pe_x" in frame.columns
