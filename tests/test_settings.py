from pathlib import Path

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.settings import HELP, load_settings, setting_names


def test_every_setting_has_help() -> None:
    assert set(HELP) == set(setting_names())


def test_precedence_flag_over_environment_over_file(tmp_path: Path) -> None:
    config = tmp_path / "sanctionwatch.toml"
    config.write_text('[sanctionwatch]\ndb = "sqlite:///file.db"\nweb_port = 9000\nmatch_threshold = 0.5\n')
    environ = {"SANCTIONWATCH_DB": "sqlite:///env.db", "SANCTIONWATCH_WEB_PORT": "9100"}
    settings = load_settings({"db": "sqlite:///flag.db"}, environ=environ, config_path=config)
    assert settings.db == "sqlite:///flag.db"
    assert settings.web_port == 9100
    assert settings.match_threshold == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [("web_port = 'many'", "not a valid int"), ("colour = 'blue'", "unknown setting"), ("db = [", "not valid TOML")],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(environ={}, config_path=config)
