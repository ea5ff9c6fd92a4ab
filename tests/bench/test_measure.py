"""The benchmarks' shared rules (bench/measure.py, issue 21): no p95 from a handful of samples,
no target called met on a busy machine, every run saying where and how it was made; and
bench/generate.py refusing bad arguments before it touches a database."""

from __future__ import annotations

import argparse
from collections import Counter
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import generate, measure


def test_a_p95_needs_two_hundred_samples():
    with pytest.raises(measure.TooFewSamplesError, match="at least 200 samples, this has 12"):
        measure.p95([1.0] * 12)
    assert measure.p95([float(i) for i in range(1, 201)]) == 190.0


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=400))
def test_the_percentile_is_one_of_the_samples_and_bounds_its_share(values):
    value = measure.percentile(values, 0.95)
    assert value in values
    assert sum(v <= value for v in values) >= 0.95 * len(values)


@pytest.mark.parametrize(
    ("loads", "speeds", "met", "expected"),
    [
        ([0.4, 1.2], [38.0, 45.0], True, "met"),
        ([0.4, 1.2], [38.0, 45.0], False, "NOT met"),
        ([0.4, 3.2], [38.0, 45.0], True, "not judged: the machine was busy or slow"),
        ([3.1, 0.2], [38.0, 45.0], False, "not judged: the machine was busy or slow"),
        # A virtual machine whose host is busy: a low load average, the same loop 2.5 × slower.
        ([0.4, 0.6], [38.0, 95.0], True, "not judged: the machine was busy or slow"),
        ([0.4, 0.6], [95.0, 38.0], False, "not judged: the machine was busy or slow"),
    ],
)
def test_a_target_is_judged_only_on_a_quiet_machine(loads, speeds, met, expected):
    with mock.patch.object(measure, "cores", return_value=2):
        load = measure.Load(seen=list(loads), speeds=list(speeds))
        assert measure.verdict(met, load).startswith(expected)


def test_a_sample_takes_the_load_and_the_machine_speed():
    with (
        mock.patch.object(measure, "load_now", return_value=0.5),
        mock.patch.object(measure, "python_speed", side_effect=[40.0, 120.0]),
    ):
        load = measure.Load()
        load.sample()
    assert load.slowest == 120.0
    assert not load.quiet
    assert "python speed 40–120 ms (judged up to 50)" in load.describe()


def test_a_run_prints_date_machine_load_and_command(capsys):
    measure.print_machine(["bench/pages_bench.py", "--no-load"])
    printed = capsys.readouterr().out
    for word in (
        "date ",
        "machine ",
        "cores",
        "load ",
        "python speed ",
        "command  python bench/pages_bench.py",
    ):
        assert word in printed


def arguments(**given: object) -> argparse.Namespace:
    defaults = {
        "database": "partnerskap_bench",
        "partnerships": 20,
        "years": 20,
        "scale": 0,
        "profile": "default",
    }
    return argparse.Namespace(**(defaults | given))


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"scale": 1}, "--scale 1: the demo × 1 is the demo; use --scale 2 or more"),
        ({"scale": -3}, "--scale -3: must be 2 or more"),
        ({"partnerships": 0}, "--partnerships 0: must be 1 or more"),
        ({"years": 0}, "--years 0: must be between 1 and 60"),
        ({"database": "bench; DROP"}, "use lower-case letters, digits and _"),
        (
            {"profile": "national", "scale": 10},
            "--profile national clones councils, --scale grows the demo partnership",
        ),
        (
            {"profile": "national", "partnerships": 81},
            "the national profile has 80 regional councils; give at most that many",
        ),
        ({"profile": "europe"}, "--profile europe: use one of default, national"),
    ],
)
def test_generate_refuses_bad_arguments_in_words(given, says):
    assert any(says in problem for problem in generate.check_arguments(arguments(**given)))


def test_generate_accepts_the_documented_runs():
    assert generate.check_arguments(arguments()) == []
    assert generate.check_arguments(arguments(scale=10, database="partnerskap_bench_x10")) == []
    assert generate.check_arguments(arguments(partnerships=80, years=20)) == []
    assert generate.check_arguments(arguments(profile="national", partnerships=80)) == []


@pytest.mark.parametrize(
    ("argv", "profile", "partnerships", "years"),
    [
        ([], "default", 20, 20),
        (["--profile", "national"], "national", 80, 20),
        (["--profile", "national", "--years", "5"], "national", 80, 5),
        (["--profile", "national", "--partnerships", "12"], "national", 12, 20),
        (["--partnerships", "3", "--years", "2"], "default", 3, 2),
    ],
)
def test_generate_profile_gives_the_sizes_the_command_line_does_not(
    argv, profile, partnerships, years
):
    with (
        mock.patch("sys.argv", ["generate.py", *argv]),
        mock.patch.object(generate, "database_exists", return_value=False),
        mock.patch.object(generate, "build") as build,
        mock.patch.object(generate, "put_in_place"),
    ):
        generate.main()
    args = build.call_args.args[0]
    assert (args.profile, args.partnerships, args.years) == (profile, partnerships, years)
    regions = generate.regions_for(args)
    assert regions is (generate.NATIONAL_REGIONS if profile == "national" else generate.REGIONS)


def test_the_national_profile_is_every_regional_council_in_its_post_2024_county():
    """80 councils, each municipality in one of them (the slugs stay unique), none of the
    demo's, and counties that hold several partnerships each as real ones do."""
    regions = generate.NATIONAL_REGIONS
    councils = [name for name, _county, _municipalities in regions]
    municipalities = [m for _name, _county, members in regions for m in members]
    assert len(regions) == len(set(councils)) == 80
    assert len(municipalities) == len(set(municipalities))
    assert all(len(members) >= 2 for _name, _county, members in regions)
    assert not {"Asker", "Bærum", "Oslo"} & set(municipalities)
    per_county = Counter(county for _name, county, _members in regions)
    assert set(per_county) == {
        "Østfold",
        "Akershus",
        "Buskerud",
        "Vestfold",
        "Telemark",
        "Innlandet",
        "Agder",
        "Rogaland",
        "Vestland",
        "Møre og Romsdal",
        "Trøndelag",
        "Nordland",
        "Troms",
        "Finnmark",
    }
    for county in ("Vestland", "Innlandet", "Nordland", "Trøndelag"):
        assert 5 <= per_county[county] <= 9


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # The old crash: --scale 1 divided by zero after it had created and migrated a database.
        (["--scale", "1"], "use --scale 2 or more"),
        (["--profile", "national", "--scale", "3"], "give one of them"),
    ],
)
def test_generate_stops_on_bad_arguments_before_any_database_is_made(capsys, argv, message):
    with (
        mock.patch("sys.argv", ["generate.py", *argv]),
        mock.patch.object(generate, "database_exists") as exists,
        mock.patch.object(generate, "create_database") as create,
        pytest.raises(SystemExit),
    ):
        generate.main()
    exists.assert_not_called()
    create.assert_not_called()
    assert message in capsys.readouterr().err


def test_generate_builds_under_a_temporary_name_and_drops_it_on_failure():
    with (
        mock.patch("sys.argv", ["generate.py", "--database", "bench_x", "--drop"]),
        mock.patch.object(generate, "database_exists", return_value=True),
        mock.patch.object(generate, "build", side_effect=RuntimeError("boom")) as build,
        mock.patch.object(generate, "drop_database") as drop,
        mock.patch.object(generate, "put_in_place") as put,
        pytest.raises(RuntimeError, match="boom"),
    ):
        generate.main()
    building = build.call_args.args[1]
    assert building.startswith("bench_x__building_")
    drop.assert_called_once_with(building)
    put.assert_not_called()


def test_the_national_profile_slugs_stay_unique():
    """The generator slugs councils, municipalities and their bodies from the names: «Ås» and
    «As» would be one slug, and the second insert would fail half-way through a run."""
    from partnerskap.core.text import slugify_nb

    regions = generate.NATIONAL_REGIONS
    slugs = [slugify_nb(f"{name}-rad") for name, _county, _members in regions]
    slugs += [slugify_nb(f"{m}-kommune") for _name, _county, members in regions for m in members]
    slugs += ["asker-kommune", "baerum-kommune", "follo-rad-demo"]
    assert len(slugs) == len(set(slugs))
