"""The tiny examples in the core's docstrings stay true."""

import doctest
import importlib
import pkgutil

import pytest

import factcheck.core

MODULES = [m.name for m in pkgutil.iter_modules(factcheck.core.__path__, "factcheck.core.")]


@pytest.mark.parametrize("name", MODULES)
def test_it_keeps_the_docstring_examples_true(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
