from datetime import time

import pytest
from hypothesis import given

from legcare.domain.plans.profile import Pressure, Profile, Side, default_profile, parse_profile
from legcare.errors import InvalidInput
from tests.domain.plans.strategies import profiles


def test_defaults_are_hands_only_45_minutes_every_day() -> None:
    profile = default_profile()
    assert profile.to_dict() == {
        "tools": ["hands"],
        "minutes_per_day": 45,
        "bedtime": "22:30",
        "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "pressure": "moderate",
        "side": "both",
    }


def test_parse_loose_input() -> None:
    profile = parse_profile(
        {
            "tools": "Foam roller, tennis-ball",
            "minutes_per_day": "30",
            "bedtime": "23:15",
            "days": "mon, Wednesday,fri",
            "pressure": "Light",
            "side": "left",
        }
    )
    assert profile.tools == {"hands", "foam_roller", "tennis_ball"}
    assert profile.minutes_per_day == 30
    assert profile.bedtime == time(23, 15)
    assert profile.days == {0, 2, 4}
    assert profile.pressure is Pressure.LIGHT
    assert profile.side is Side.LEFT


def test_round_trip_through_dict() -> None:
    profile = parse_profile({"tools": ["elbows", "massage_cane"], "days": ["sat", "sun"]})
    assert parse_profile(profile.to_dict()) == profile


def test_partial_update_keeps_the_base() -> None:
    base = parse_profile({"minutes_per_day": 20, "side": "right"})
    updated = parse_profile({"bedtime": "21:00"}, base=base)
    assert (updated.minutes_per_day, updated.side, updated.bedtime) == (20, Side.RIGHT, time(21))


def test_every_problem_is_listed_with_what_is_allowed() -> None:
    with pytest.raises(InvalidInput) as err:
        parse_profile(
            {
                "tools": "hands, jackhammer",
                "minutes_per_day": 500,
                "bedtime": "late",
                "days": "someday",
                "pressure": "crushing",
                "side": "middle",
                "colour": "red",
            }
        )
    details = "\n".join(err.value.details)
    assert len(err.value.details) == 8
    assert "jackhammer" in details and "foam_roller" in details
    assert "5-180" in details
    assert "HH:MM" in details
    assert "someday" in details and "at least one day" in details
    assert "light, moderate, firm" in details
    assert "left, right, both" in details
    assert "colour" in details


def test_minutes_must_be_whole() -> None:
    with pytest.raises(InvalidInput, match="profile"):
        parse_profile({"minutes_per_day": 12.5})


@given(profiles)
def test_any_profile_round_trips(profile: Profile) -> None:
    again = parse_profile(profile.to_dict())
    assert again.to_dict() == profile.to_dict()
    assert again.owns("hands")
