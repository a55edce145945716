"""Hypothesis profiles for the property tests here: ``dev`` explores more, ``ci`` (the default
under ``CI=true``) keeps the suite within a few minutes on two cores; ``HYPOTHESIS_PROFILE``
chooses one explicitly."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    # Reports are large examples and rendering is slow next to Hypothesis's expectations.
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=150, **_COMMON)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
