"""service.docx.write.environment: the sandbox's remembered verdicts equal Jinja's own."""

from __future__ import annotations

import types

import pytest
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from service.docx.write.environment import word_environment


def _function() -> None:
    """A plain function, whose internals a template must not reach."""


SAMPLES = [
    (_function, "__globals__"),
    (_function, "__code__"),
    (_function, "name"),
    (str, "mro"),
    (str, "upper"),
    ("text", "upper"),
    ("text", "__class__"),
    ((x for x in ()), "gi_frame"),
    (types.SimpleNamespace(title="x"), "title"),
    (types.SimpleNamespace(_hidden="x"), "_hidden"),
]


@pytest.mark.parametrize(("obj", "attr"), SAMPLES)
def test_verdicts_are_jinjas_own_asked_once_or_twice(obj, attr):
    environment = word_environment()
    expected = SandboxedEnvironment().is_safe_attribute(obj, attr, None)
    assert environment.is_safe_attribute(obj, attr, None) is expected
    assert environment.is_safe_attribute(obj, attr, None) is expected


def test_a_template_still_cannot_reach_python_internals():
    template = word_environment().from_string("{{ f.__globals__ }}")
    with pytest.raises(SecurityError):
        template.render(f=_function).encode()
    unsafe = word_environment().from_string("{{ c.__init__.__globals__ }}")
    with pytest.raises(SecurityError):
        unsafe.render(c=types.SimpleNamespace()).encode()
