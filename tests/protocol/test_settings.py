"""Settings, profiles, platform detection and the persisted client id."""

from __future__ import annotations

import os
import stat
import uuid

import pytest
from nemo_widgets.protocol._redact import Secret
from nemo_widgets.protocol.constants import DEFAULT_API_URL, DEFAULT_WEB_URL
from nemo_widgets.protocol.settings import (
    PROFILES,
    Settings,
    detect_platform,
    detect_runtime,
    load_client_id,
)


def test_defaults(tmp_path):
    settings = Settings.from_env(env={}, home=tmp_path)
    assert settings.api_url == DEFAULT_API_URL
    assert settings.web_url == DEFAULT_WEB_URL
    assert settings.token is None and settings.client_id is None
    assert settings.platform == "unknown" and settings.language == "en"
    assert settings.profile is PROFILES["video-audio-remover"]
    assert settings.config_dir == tmp_path / ".config" / "nemovideo"


def test_env_then_arguments_win(tmp_path):
    env = {"NEMO_API_URL": "https://a.test/", "NEMO_WEB_URL": "https://w.test", "NEMO_TOKEN": "nmv_usr_envtoken1",
           "NEMO_CLIENT_ID": "cid-env", "SKILL_SOURCE": "clawhub", "NEMO_PROFILE": "video-to-mp3",
           "NEMO_LANGUAGE": "zh"}  # fmt: skip
    settings = Settings.from_env(env=env, home=tmp_path)
    assert settings.api_url == "https://a.test"
    assert settings.token == Secret("nmv_usr_envtoken1")
    assert (settings.client_id, settings.platform, settings.language) == ("cid-env", "clawhub", "zh")
    assert settings.profile.name == "video-to-mp3"
    over = Settings.from_env(env=env, home=tmp_path, api_url="https://b.test", token="nmv_usr_argtoken", client_id="c2",
                             platform="cursor", language="en", profile="video-audio-remover")  # fmt: skip
    assert (over.api_url, over.client_id, over.platform, over.language) == ("https://b.test", "c2", "cursor", "en")
    assert over.token is not None and over.token.get() == "nmv_usr_argtoken"
    assert over.profile.name == "video-audio-remover"


def test_unknown_profile():
    with pytest.raises(ValueError, match="video-to-mp3"):
        Settings.from_env(env={}, profile="nope")


def test_profiles_from_the_skills():
    remover, mp3 = PROFILES["video-audio-remover"], PROFILES["video-to-mp3"]
    assert (remover.default_format, remover.default_quality) == ("mp4", "high")
    assert (mp3.default_format, mp3.default_quality) == ("mp3", "192k")
    assert (remover.version, mp3.version) == ("1.0.0", "1.0.0")


def test_attribution_headers(tmp_path):
    settings = Settings.from_env(env={"SKILL_SOURCE": "cursor"}, home=tmp_path, profile="video-to-mp3")
    assert settings.attribution_headers() == {
        "X-Skill-Source": "video-to-mp3", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "cursor",
    }  # fmt: skip


def test_platform_detection(tmp_path):
    assert detect_platform({}, tmp_path) == "unknown"
    (tmp_path / ".cursor" / "skills").mkdir(parents=True)
    assert detect_platform({}, tmp_path) == "cursor"
    (tmp_path / ".clawhub").mkdir()
    assert detect_platform({}, tmp_path) == "clawhub"
    assert detect_platform({"SKILL_SOURCE": "mine"}, tmp_path) == "mine"


def test_runtime_detection():
    assert detect_runtime({}) is None
    assert detect_runtime({"COLAB_RELEASE_TAG": "x"}) == "colab"
    assert detect_runtime({"VSCODE_PID": "1"}) == "vscode"
    assert detect_runtime({"BINDER_SERVICE_HOST": "h"}) == "binder"


def test_client_id_created_private_and_reused(tmp_path):
    config = tmp_path / "cfg" / "nemovideo"
    first = load_client_id(config)
    uuid.UUID(first)
    path = config / "client_id"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.stat().st_mode) == 0o700
    assert load_client_id(config) == first
    assert [p.name for p in config.iterdir()] == ["client_id"]


def test_existing_client_id_file_is_used(tmp_path):
    (tmp_path / "client_id").write_text("skill-made-id\n")
    assert load_client_id(tmp_path) == "skill-made-id"


def test_garbage_client_id_file_replaced(tmp_path):
    (tmp_path / "client_id").write_text("   \n")
    new = load_client_id(tmp_path)
    uuid.UUID(new)
    assert (tmp_path / "client_id").read_text().strip() == new


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_config_dir_gives_temporary_id(tmp_path):
    tmp_path.chmod(0o500)
    try:
        uuid.UUID(load_client_id(tmp_path / "sub"))
    finally:
        tmp_path.chmod(0o700)


def test_unwritable_config_path_gives_temporary_id(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    uuid.UUID(load_client_id(blocker / "sub"))  # a file where a directory should be


def test_env_client_id_wins_and_no_file_is_written(tmp_path):
    from nemo_widgets.protocol.client import NemoClient

    settings = Settings.from_env(env={"NEMO_CLIENT_ID": "cid-env"}, home=tmp_path)
    client = NemoClient(settings=settings)
    assert client.client_id == "cid-env"
    assert not (tmp_path / ".config").exists()
    client.close()


def test_client_id_file_made_on_first_need_only(tmp_path):
    from nemo_widgets.protocol.client import NemoClient

    client = NemoClient(settings=Settings.from_env(env={}, home=tmp_path))
    assert not (tmp_path / ".config").exists()
    cid = client.client_id
    assert (tmp_path / ".config" / "nemovideo" / "client_id").read_text().strip() == cid
    client.close()


def test_settings_repr_redacts_token(tmp_path):
    settings = Settings.from_env(env={}, home=tmp_path, token="nmv_usr_very_secret_value")
    assert "very_secret" not in repr(settings)
    assert "[secure]" in repr(settings)
    changed = settings.with_changes(token="nmv_usr_other_secret_x").token
    assert changed is not None and changed.get() == "nmv_usr_other_secret_x"
