import math
import subprocess
import sys

import pytest

from factcheck.core.units import convert, dimension


def test_it_converts_mass_to_kilograms():
    assert convert(127, "kg") == (127, "kg")
    value, unit = convert(280, "lb")
    assert unit == "kg"
    assert value == pytest.approx(127.006, abs=1e-3)
    value, unit = convert(19, "stone")
    assert unit == "kg"
    assert value == pytest.approx(120.66, abs=1e-2)
    assert convert(2, "t") == (2000.0, "kg")
    assert convert(500, "g") == (0.5, "kg")


def test_it_converts_lengths_to_kilometres():
    assert convert(2, "miles")[0] == pytest.approx(3.218688)
    assert convert(2, "mi")[1] == "km"
    assert convert(1000, "m") == (1.0, "km")
    assert convert(5280, "feet")[0] == pytest.approx(1.609344)
    assert convert(3, "ft")[1] == "km"


def test_it_converts_durations_to_hours():
    assert convert(90, "minutes") == (1.5, "hours")
    assert convert(2, "days") == (48.0, "hours")
    assert convert(1, "week") == (168.0, "hours")
    assert convert(1, "year")[0] == pytest.approx(8765.82)
    assert convert(6, "months")[0] == pytest.approx(8765.82 / 2)


def test_it_converts_fahrenheit_to_celsius():
    assert convert(212, "°F") == (100.0, "C")
    assert convert(-40, "F") == (-40.0, "C")
    assert convert(21, "degrees Celsius") == (21, "C")


def test_it_keeps_unbounded_ends_unbounded():
    assert convert(math.inf, "lb") == (math.inf, "kg")
    assert convert(math.inf, "fahrenheit") == (math.inf, "C")


def test_it_applies_scale_words():
    assert convert(3, "thousand") == (3000.0, None)
    assert convert(1.5, "million") == (1_500_000.0, None)
    assert convert(2, "billion people") == (2e9, "people")
    assert convert(2, "$bn") == (2e9, "USD")


def test_it_keeps_currencies_apart_without_converting():
    assert convert(5, "$") == (5, "USD")
    assert convert(5, "usd") == (5, "USD")
    assert convert(5, "euros") == (5, "EUR")
    assert convert(5, "£") == (5, "GBP")
    assert convert(5, "pounds", kind="money") == (5, "GBP")
    assert convert(5, "pounds")[1] == "kg"  # a weight unless the figure is money


def test_it_keeps_percent_and_percentage_points_distinct():
    assert convert(5, "%") == (5, "%")
    assert convert(5, "per cent") == (5, "%")
    assert convert(5, "percentage points") == (5, "pp")
    assert dimension("%") != dimension("pp")


def test_it_passes_unknown_units_through_unchanged():
    assert convert(99, "missiles") == (99, "missiles")
    assert convert(7, None) == (7, None)
    assert convert(7, "") == (7, "")
    assert dimension("people") is None


def test_it_imports_nothing_heavy():
    code = (
        "import sys, factcheck.core.units; "
        "print(sorted(m for m in ('django', 'celery', 'rapidfuzz') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
