"""Parameter paths: get, set with re-validation, wildcards, and clear errors."""

import pytest

from attrit.scenario import PathError, ScenarioError
from attrit.scenario.paths import parameter_info


def test_get_by_id_and_wildcard(example):
    assert example.get("units.ashoura-anbar-1.rotation.days_on") == 15
    assert example.get("units.*.rotation.quota") == [1200, 800, 170, 80, 600, 500]
    assert example.get("factions.badr.supply.diversion_fraction") == 0.3


def test_set_returns_a_new_validated_scenario(example):
    changed = example.set("units.ashoura-anbar-1.rotation.quota", 150)
    assert changed.unit("ashoura-anbar-1").rotation.quota == 150
    assert example.unit("ashoura-anbar-1").rotation.quota == 170  # the original is untouched
    assert changed.unit("ashoura-anbar-2") == example.unit("ashoura-anbar-2")


def test_set_with_wildcard_changes_every_unit(example):
    changed = example.set("units.*.desertion.hazard_per_day", 0.004)
    assert changed.get("units.*.desertion.hazard_per_day") == [0.004] * 6


def test_set_revalidates_fields_and_cross_checks(example):
    with pytest.raises(ScenarioError, match="greater than or equal to 0"):
        example.set("units.ashoura-anbar-1.pay.commander_skim_fraction", -0.1)
    with pytest.raises(ScenarioError, match=r"quota \(999\) is larger than the unit"):
        example.set("units.ashoura-anbar-1.rotation.quota", 999)


@pytest.mark.parametrize(
    "path, message",
    [
        ("units.nobody.rotation.quota", "no item 'nobody' in units"),
        ("units.*.rotation.qouta", "'qouta' is not a field of units.*.rotation"),
        ("calendar.days.more", "is a value, not a section"),
        ("units..quota", "not a dotted path"),
    ],
)
def test_bad_paths_say_what_is_there(example, path, message):
    with pytest.raises(PathError, match=message.replace("*", r"\*")):
        example.get(path)


def test_a_section_cannot_be_set_to_a_value(example):
    with pytest.raises(PathError, match="names a section"):
        example.set("units.ashoura-anbar-1.rotation", 3)


def test_parameter_info_carries_unit_range_and_reason(example):
    info = parameter_info(example, "units.ashoura-anbar-1.desertion.hazard_per_day")
    assert info is not None
    assert info.unit == "per person on duty per day"
    assert info.low < 0.002 < info.high
    assert parameter_info(example, "units.ashoura-anbar-1.name") is None


def test_a_pattern_names_every_item_whose_id_it_matches(example):
    path = "units.aah-*.emigration.hazard_per_day_at_full_pull"
    assert example.get(path) == [0.005, 0.005]
    changed = example.set(path, 0.01)
    assert changed.unit("aah-wasit").emigration.hazard_per_day_at_full_pull == 0.01
    assert changed.unit("badr-south").emigration == example.unit("badr-south").emigration
    with pytest.raises(PathError, match="no item 'zz-\\*'"):
        example.get("units.zz-*.rotation.quota")
