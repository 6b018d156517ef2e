"""archex.Study keywords come from the study field table
(explorer/study_fields.cpp): every keyword reaches the stored study spec, and
an unknown keyword is refused naming it and the closest valid one."""

import os

import pytest

import archex
from archex import _archex

# Per keyword: a value other than the default (where there is another) and
# what the stored spec (Study.spec, `archex show --json`'s spec) holds for it.
SAMPLES = {
    "name": ("kw-name", {"name": "kw-name"}),
    "workload": ([("lenet5", 2.0)], {"workloads": [{"name": "lenet5", "weight": 2.0}]}),
    "template": ("eyeriss_space", {"template": "eyeriss_space"}),
    "cost_model": ("analytical", {"cost_model": "analytical"}),  # the only one there is
    "objective": (["latency", "max:energy"], {"objectives": ["latency", "max:energy"]}),
    "constraints": (["power_mw<=2000"], {"constraints": ["power_mw<=2000"]}),
    "budget": (3.5, {"budget_mm2": 3.5}),
    "optimizer": ("random", {"optimizer": "random"}),
    "settings": ({"population": 8}, {"settings": {"population": "8"}}),
    "seed": (42, {"seed": 42}),
    "trials": (77, {"trials": 77}),
    "jobs": (3, {"jobs": 3}),
    "batch": (4, {"batch": 4}),
    "priors": (["source"], {"priors": ["source"]}),
    "prior_recipe": ("apollo:50", {"prior_recipe": "apollo:50"}),
}


def test_every_keyword_of_the_table_has_a_sample_here():
    # A new row with a Python keyword needs its sample above.
    assert list(SAMPLES) == _archex.study_keywords()
    assert ", ".join(_archex.study_keywords()) in archex.Study.__doc__


@pytest.mark.parametrize("keyword", list(SAMPLES))
def test_each_keyword_round_trips_to_the_stored_spec(tmp_path, keyword):
    db = str(tmp_path / "k.db")
    archex.Study(db, "source", workload="lenet5", optimizer="random", trials=5, seed=1).run()
    value, stored = SAMPLES[keyword]
    fields = {"name": "s", "workload": "lenet5", keyword: value}
    created = archex.Study(db, **fields)
    for key, expected in stored.items():
        assert created.spec[key] == expected, key
    name = created.name
    created.close()
    # Read back from the database, as `archex resume` / `archex show` see it.
    reopened = archex.Study.open(db, name)
    for key, expected in stored.items():
        assert reopened.spec[key] == expected, key
    assert reopened.summary()["spec"] == archex.Study(db, **fields).summary()["spec"]


def test_none_is_not_given_and_a_stored_study_fills_it(tmp_path):
    db = str(tmp_path / "k.db")
    archex.Study(db, "s", workload="lenet5", budget=3.5, optimizer="random", seed=7, trials=5).close()
    again = archex.Study(db, "s", budget=None, seed=None, workload=None)
    assert again.spec["budget_mm2"] == 3.5 and again.spec["seed"] == 7


def test_an_unknown_keyword_names_it_and_the_closest_one(tmp_path):
    db = str(tmp_path / "k.db")
    with pytest.raises(archex.SpecError, match=r"^archex\.Study: unknown keyword 'budjet'; did you mean 'budget'\?$"):
        archex.Study(db, budjet=3.5)
    with pytest.raises(archex.SpecError, match=r"unknown keyword 'xyzzy' \(keywords: name, workload, template"):
        archex.Study(db, xyzzy=1)
    assert not os.path.exists(db)


def test_a_bad_value_names_its_keyword_and_is_read_as_the_spec_file_reads_it(tmp_path):
    db = str(tmp_path / "k.db")
    with pytest.raises(archex.SpecError, match=r"^archex\.Study: field 'trials': expected an integer from 1 to"):
        archex.Study(db, trials="many")
    with pytest.raises(archex.SpecError, match=r"^archex\.Study: field 'budget': expected a number"):
        archex.Study(db, budget="big")
    with pytest.raises(archex.SpecError, match=r"field 'workload': expected a workload name, \{name, weight\}"):
        archex.Study(db, workload=[("lenet5", 1.0, 2)])
    with pytest.raises(archex.CostModelError, match="unknown cost model 'nope'"):
        archex.Study(db, workload="lenet5", cost_model="nope")
    assert not os.path.exists(db)
