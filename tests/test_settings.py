"""Every setting is declared once and documented in the README."""

from pathlib import Path

import pytest

from otkaz import settings

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(settings.SETTINGS))
def test_setting_is_documented(name: str) -> None:
    setting = settings.SETTINGS[name]
    assert f"`{setting.env}`" in README
    assert setting.help


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKAZ_DB", "sqlite:///elsewhere.db")
    assert settings.get("db") == "sqlite:///elsewhere.db"
    monkeypatch.delenv("OTKAZ_DB")
    assert settings.get("db") == "sqlite:///otkaz.db"
