"""Every setting read from the environment is documented in README.md's configuration table."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "partnerskap" / "config" / "settings.py"


def _settings_read() -> set[str]:
    source = SETTINGS.read_text()
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def test_every_environment_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)`", readme, flags=re.MULTILINE))
    read = _settings_read()
    assert read, "the settings read no variables? the pattern above is out of date"
    assert read - documented == set(), "document these in README.md → Configuration"
    assert documented - read - {"HOST", "PORT", "PYTHON"} == set(), (
        "README documents unused settings"
    )
