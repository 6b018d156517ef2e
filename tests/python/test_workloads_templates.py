"""Workloads and templates from Python against what the CLI prints."""

import pytest

import archex
from conftest import SOURCE_DIR, cli_error, cli_json


def test_zoo_lists_the_cli_models():
    names = archex.zoo()
    for name in ("mobilenet_v2", "resnet50", "bert_base", "lenet5"):
        assert name in names


def test_workload_layers_match_workloads_show_json():
    w = archex.workload("mobilenet_v2")
    shown = cli_json("workloads", "show", "mobilenet_v2")
    assert w.name == "mobilenet_v2"
    assert len(w) == shown["layer_count"] == len(w.layers)
    assert w.total_macs == shown["macs"]
    assert w.total_params == shown["params"]
    assert w.peak_activation_bytes == shown["peak_activation_bytes"]
    assert w.layers == shown["layers"]
    assert w.to_dict() == shown
    assert archex.workload("mobilenet_v2") is w  # loaded once per process


def test_workload_from_dict_builds_the_layers():
    spec = {
        "name": "tiny",
        "layers": [
            {"name": "image", "op": "input", "shape": [3, 32, 32]},
            {"name": "stem", "op": "conv2d", "out_channels": 16, "kernel": 3, "stride": 2, "padding": "same"},
            {"name": "fc", "op": "fully_connected", "out_features": 10},
        ],
    }
    w = archex.workload(spec)
    assert w.name == "tiny"
    assert [layer["name"] for layer in w.layers] == ["image", "stem", "fc"]
    stem = w.layers[1]
    assert stem["output"] == [16, 16, 16]
    assert stem["macs"] == 16 * 16 * 16 * 3 * 3 * 3
    assert "name: stem" in w.to_yaml() or "stem" in w.to_yaml()
    metrics = archex.evaluate(w, None)
    assert metrics["workload"] == "tiny" and metrics["feasible"] and metrics["latency_ms"] > 0


def test_bad_workload_dict_names_the_field():
    with pytest.raises(archex.WorkloadError, match="kernel"):
        archex.workload({"layers": [{"name": "i", "op": "input", "shape": [3, 8, 8]},
                                    {"name": "c", "op": "conv2d", "out_channels": 4, "kernel": -3}]})


def test_onnx_import_matches_the_cli():
    path = SOURCE_DIR / "tests" / "workloads" / "fixtures" / "shufflenet_v2_x1_0.onnx"
    w = archex.import_onnx(path, name="shufflenet")
    shown = cli_json("workloads", "import", path, "--name", "shufflenet")
    assert w.name == "shufflenet"
    assert w.total_macs == shown["macs"] and len(w) == shown["layer_count"]
    assert archex.evaluate(w)["feasible"]


def test_unknown_workload_has_the_cli_message():
    message = cli_error("workloads", "show", "no_such_net")
    with pytest.raises(archex.WorkloadError) as error:
        archex.workload("no_such_net")
    assert str(error.value) == message
    assert isinstance(error.value, ValueError) and isinstance(error.value, archex.Error)


def test_template_matches_space_show_json():
    t = archex.template()
    shown = cli_json("space", "show", "--sample", "0")
    assert t.name == shown["template"] == "apollo_edge"
    assert [p["name"] for p in t.parameters] == [p["name"] for p in shown["parameters"]]
    assert [p["values"] for p in t.parameters] == [p["values"] for p in shown["parameters"]]
    assert t.baseline == shown["baseline"]
    assert t.space_size == shown["space_size"] == 452_760_000
    assert t.area() == pytest.approx(shown["baseline_area_mm2"]["total"], rel=1e-12)
    components = t.area_components()
    assert components == pytest.approx({k: v for k, v in shown["baseline_area_mm2"].items() if k != "total"})
    assert archex.space() == [(p["name"], p["values"]) for p in shown["parameters"]]
    assert 6.8 in t.area_budgets


def test_template_area_of_a_config_grows_with_the_array():
    t = archex.template("apollo_edge")
    small = t.area({"pe_x": 2, "pe_y": 2})
    large = t.area({"pe_x": 8, "pe_y": 8})
    assert 0 < small < t.area() < large
    assert t.config({"pe_x": 8})["pe_x"] == 8 and t.config({"pe_x": 8})["pe_y"] == t.baseline["pe_y"]


def test_architecture_templates_by_name_with_labels():
    assert {"apollo_edge", "eyeriss_space", "eyeriss_v1"} <= set(archex.templates())
    t = archex.template("eyeriss_space")
    dataflow = next(p for p in t.parameters if p["name"] == "dataflow")
    assert "row-stationary" in dataflow["labels"]
    config = t.config({"dataflow": "row-stationary"})
    assert config["dataflow"] == dataflow["values"][dataflow["labels"].index("row-stationary")]
    assert t.space_size == 259_200


def test_bad_config_has_the_cli_message():
    message = cli_error("evaluate", "--workload", "mobilenet_v2", "--set", "pe_x=3")
    assert "allowed values" in message
    with pytest.raises(archex.TemplateError) as error:
        archex.template().area({"pe_x": 3})
    assert str(error.value) == message
    with pytest.raises(archex.TemplateError, match="unknown|not a parameter|pe_z"):
        archex.template().config({"pe_z": 4})
    with pytest.raises(TypeError, match="pe_x"):
        archex.template().config({"pe_x": 4.5})


def test_unknown_template_has_the_cli_message():
    message = cli_error("space", "show", "--template", "no_such_template")
    with pytest.raises(archex.TemplateError) as error:
        archex.template("no_such_template")
    assert str(error.value) == message


def test_optimizers_list_matches_the_cli():
    assert archex.optimizers() == cli_json("optimizers")
