"""archex.evaluate / evaluate_many against `archex evaluate --json`."""

import json

import numpy as np
import pytest

import archex
from conftest import cli_error, run_cli


def cli_evaluate(*args):
    return json.loads(run_cli("evaluate", "--json", *args).stdout)


def test_evaluate_is_the_cli_json():
    ours = archex.evaluate("mobilenet_v2", {"pe_x": 8, "lanes_per_core": 64})
    cli = cli_evaluate("--workload", "mobilenet_v2", "--set", "pe_x=8", "--set", "lanes_per_core=64")
    assert ours.keys() == cli.keys()
    assert ours == cli
    assert len(ours["layers"]) == len(archex.workload("mobilenet_v2"))


def test_evaluate_baseline_and_batch_size_match_the_cli():
    assert archex.evaluate("mobilenet_v2") == cli_evaluate("--workload", "mobilenet_v2")
    batched = archex.evaluate("alexnet_original", None, template="eyeriss_v1", batch_size=4)
    assert batched == cli_evaluate("--workload", "alexnet_original", "--template", "eyeriss_v1", "--batch-size", "4")
    assert batched["batch_size"] == 4 and batched["template"] == "eyeriss_v1"
    message = cli_error("evaluate", "--workload", "mobilenet_v2", "--batch-size", "4")
    with pytest.raises(archex.CostModelError) as error:
        archex.evaluate("mobilenet_v2", None, batch_size=4)
    assert str(error.value) == message


def test_evaluate_an_architecture_template_with_a_label():
    ours = archex.evaluate("alexnet", {"dataflow": "row-stationary"}, template="eyeriss_space")
    cli = cli_evaluate("--workload", "alexnet", "--template", "eyeriss_space", "--set", "dataflow=row-stationary")
    assert ours == cli and ours["template"] == "eyeriss_space"


def test_evaluate_without_layers_keeps_the_totals():
    full = archex.evaluate("mobilenet_v2", {"pe_y": 8})
    short = archex.evaluate("mobilenet_v2", {"pe_y": 8}, per_layer=False)
    assert short["layers"] == []
    assert short["latency_ms"] == full["latency_ms"] and short["energy_uj"] == full["energy_uj"]


def test_bad_inputs_have_the_cli_messages():
    message = cli_error("evaluate", "--workload", "mobilenet_v2", "--set", "pe_x=3")
    with pytest.raises(archex.TemplateError) as error:
        archex.evaluate("mobilenet_v2", {"pe_x": 3})
    assert str(error.value) == message
    assert "pe_x" in message and "allowed values: {1, 2, 4" in message
    with pytest.raises(archex.UsageError, match="batch_size"):
        archex.evaluate("mobilenet_v2", None, batch_size=0)


def random_indices(n, seed=1):
    rng = np.random.default_rng(seed)
    sizes = [len(values) for _, values in archex.space()]
    return np.stack([rng.integers(0, k, size=n) for k in sizes], axis=1)


def test_evaluate_many_equals_evaluate_row_by_row():
    indices = random_indices(300)
    space = archex.space()
    configs = [{name: values[i] for (name, values), i in zip(space, row)} for row in indices]
    arrays = archex.evaluate_many("mobilenet_v2", indices)
    assert set(arrays) == {"latency_ms", "area_mm2", "energy_uj", "feasible"}
    assert arrays["latency_ms"].dtype == np.float64 and arrays["feasible"].dtype == np.bool_
    assert arrays["latency_ms"].shape == (300,)
    for k in (0, 17, 299):
        one = archex.evaluate("mobilenet_v2", configs[k], per_layer=False)
        assert arrays["latency_ms"][k] == one["latency_ms"]
        assert arrays["area_mm2"][k] == one["area_mm2"]
        assert arrays["energy_uj"][k] == one["energy_uj"]
        assert arrays["feasible"][k] == one["feasible"]
    from_dicts = archex.evaluate_many("mobilenet_v2", configs, threads=1)
    for key in arrays:
        np.testing.assert_array_equal(arrays[key], from_dicts[key])
    assert 0 < arrays["feasible"].sum() < 300  # some random designs cannot map MobileNetV2


def test_evaluate_many_on_an_architecture_template_marks_rule_breakers():
    t = archex.template("eyeriss_space")
    rng = np.random.default_rng(3)
    sizes = [len(p["values"]) for p in t.parameters]
    indices = np.stack([rng.integers(0, k, size=12) for k in sizes], axis=1)
    arrays = archex.evaluate_many("lenet5", indices, template=t, threads=2)
    for k in range(12):
        if np.isnan(arrays["latency_ms"][k]):
            assert not arrays["feasible"][k]
    assert arrays["feasible"].any()


def test_evaluate_many_rejects_bad_indices_naming_row_and_parameter():
    indices = random_indices(5)
    indices[3, 0] = 99
    with pytest.raises(archex.TemplateError, match=r"configs\[3\]: parameter 'pe_x': index 99 is outside 0\.\.9"):
        archex.evaluate_many("mobilenet_v2", indices)
    with pytest.raises(archex.UsageError, match=r"shape \(N, 10\)"):
        archex.evaluate_many("mobilenet_v2", indices[:, :4])
    with pytest.raises(archex.TemplateError, match="pe_x"):
        archex.evaluate_many("mobilenet_v2", [{"pe_x": 8}, {"pe_x": 3}])
    with pytest.raises(TypeError, match="integer dtype"):
        archex.evaluate_many("mobilenet_v2", indices.astype(float))
