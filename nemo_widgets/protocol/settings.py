"""Settings of a client: URLs, token, client id, attribution, profile.

Every setting comes from an argument, else from the environment of
protocol.md, else from a default::

    api_url    NEMO_API_URL     https://mega-api-prod.nemovideo.ai
    web_url    NEMO_WEB_URL     https://nemovideo.com
    token      NEMO_TOKEN       acquired anonymously when first needed
    client_id  NEMO_CLIENT_ID   the UUID in ~/.config/nemovideo/client_id
    platform   SKILL_SOURCE     detected from the install location, else "unknown"
    language   NEMO_LANGUAGE    "en"
    profile    NEMO_PROFILE     "video-audio-remover"

``NEMO_CONFIG_DIR`` moves the client id file (tests point it, or ``home``,
at a temporary directory so the real home is never written). The token is
held as a :class:`~nemo_widgets.protocol._redact.Secret`: a ``Settings``
repr shows ``[secure]``.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nemo_widgets.protocol._redact import Secret
from nemo_widgets.protocol.constants import (
    DEFAULT_API_URL,
    DEFAULT_AUDIO_QUALITY,
    DEFAULT_VIDEO_QUALITY,
    DEFAULT_WEB_URL,
    Runtime,
)

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "Profile",
    "Settings",
    "detect_platform",
    "detect_runtime",
    "load_client_id",
]

log = logging.getLogger("nemo_widgets.protocol")

DEFAULT_PROFILE = "video-audio-remover"
CLIENT_ID_FILE = "client_id"


@dataclass(frozen=True)
class Profile:
    """One skill the toolkit speaks as: its attribution and its defaults (what the Studio says for it:
    :mod:`nemo_widgets.widgets.profile_text`)."""

    #: ``X-Skill-Source``.
    name: str
    #: ``X-Skill-Version`` (the skills' frontmatter version; ASSUMED 1.0.0).
    version: str
    default_format: str
    default_quality: str


PROFILES: dict[str, Profile] = {
    "video-audio-remover": Profile(
        name="video-audio-remover",
        version="1.0.0",
        default_format="mp4",
        default_quality=DEFAULT_VIDEO_QUALITY,
    ),
    "video-to-mp3": Profile(
        name="video-to-mp3",
        version="1.0.0",
        default_format="mp3",
        default_quality=DEFAULT_AUDIO_QUALITY,
    ),
}


def _profile(value: Profile | str | None) -> Profile:
    if isinstance(value, Profile):
        return value
    name = value or DEFAULT_PROFILE
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ValueError(f"unknown profile {name!r} (known: {known})") from None


def detect_platform(env: Mapping[str, str], home: Path) -> str:
    """``SKILL_SOURCE``, else a known install location under ``home``, else ``"unknown"``."""
    source = env.get("SKILL_SOURCE", "").strip()
    if source:
        return source
    if (home / ".clawhub").exists():
        return "clawhub"
    if (home / ".cursor" / "skills").exists():
        return "cursor"
    return "unknown"


def detect_runtime(env: Mapping[str, str], modules: Container[str] = ()) -> Runtime | None:
    """Where the notebook runs (never sent as attribution): the one check every floor uses.

    ``modules`` (pass ``sys.modules``): an imported ``google.colab`` is Colab whatever the environment says.
    """
    if "COLAB_RELEASE_TAG" in env or "COLAB_GPU" in env or "google.colab" in modules:
        return "colab"
    if "VSCODE_PID" in env or env.get("TERM_PROGRAM") == "vscode":
        return "vscode"
    if "BINDER_SERVICE_HOST" in env or "BINDER_REQUEST" in env:
        return "binder"
    if "JUPYTERHUB_USER" in env:
        return "jupyterhub"
    return None


def _valid_client_id(text: str) -> bool:
    return 0 < len(text) <= 128 and text.isprintable() and not any(c.isspace() for c in text)


def load_client_id(config_dir: Path) -> str:
    """The machine's client id from ``config_dir/client_id``, created (0600, dir 0700) if missing.

    When the directory cannot be written, a fresh id is used for this process
    only (logged at WARNING).
    """
    path = config_dir / CLIENT_ID_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
        if _valid_client_id(text):
            return text
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot read the client id file (%s); using a temporary client id", type(exc).__name__)
        return str(uuid.uuid4())
    new = str(uuid.uuid4())
    try:
        config_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = config_dir / f".{CLIENT_ID_FILE}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(new + "\n")
        os.chmod(tmp, 0o600)  # the umask may have narrowed it further, never widened
        if path.exists():  # another process won the race (or the file held garbage)
            text = path.read_text(encoding="utf-8").strip()
            if _valid_client_id(text):
                tmp.unlink()
                return text
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write the client id file (%s); using a temporary client id", type(exc).__name__)
    return new


@dataclass(frozen=True)
class Settings:
    """What a client needs to know before its first request.

    Build it with :meth:`from_env`; the token never shows in a repr.
    ``client_id`` is ``None`` until known: the client then reads (or creates)
    the persisted one on first need, see :func:`load_client_id`.
    """

    api_url: str = DEFAULT_API_URL
    web_url: str = DEFAULT_WEB_URL
    token: Secret | None = None
    client_id: str | None = None
    platform: str = "unknown"
    language: str = "en"
    profile: Profile = field(default_factory=lambda: PROFILES[DEFAULT_PROFILE])
    config_dir: Path = field(default_factory=lambda: Path.home() / ".config" / "nemovideo")
    #: Where the kernel runs ("colab", "vscode", "binder", "jupyterhub"), for information.
    runtime: Runtime | None = None

    @classmethod
    def from_env(
        cls,
        *,
        env: Mapping[str, str] | None = None,
        home: Path | str | None = None,
        config_dir: Path | str | None = None,
        api_url: str | None = None,
        web_url: str | None = None,
        token: str | Secret | None = None,
        client_id: str | None = None,
        platform: str | None = None,
        language: str | None = None,
        profile: Profile | str | None = None,
    ) -> Settings:
        """Arguments first, then ``env`` (default ``os.environ``), then defaults."""
        env = os.environ if env is None else env
        home_path = Path(home) if home is not None else Path.home()
        token_value = token if token is not None else (env.get("NEMO_TOKEN") or None)
        if config_dir is None:
            config_dir = env.get("NEMO_CONFIG_DIR") or home_path / ".config" / "nemovideo"
        return cls(
            api_url=(api_url or env.get("NEMO_API_URL") or DEFAULT_API_URL).rstrip("/"),
            web_url=(web_url or env.get("NEMO_WEB_URL") or DEFAULT_WEB_URL).rstrip("/"),
            token=Secret(token_value) if token_value else None,
            client_id=client_id or env.get("NEMO_CLIENT_ID") or None,
            platform=platform or detect_platform(env, home_path),
            language=language or env.get("NEMO_LANGUAGE") or "en",
            profile=_profile(profile or env.get("NEMO_PROFILE")),
            config_dir=Path(config_dir),
            runtime=detect_runtime(env),
        )

    def attribution_headers(self) -> dict[str, str]:
        """The three ``X-Skill-*`` headers every request carries."""
        return {
            "X-Skill-Source": self.profile.name,
            "X-Skill-Version": self.profile.version,
            "X-Skill-Platform": self.platform,
        }

    def with_changes(self, **changes: Any) -> Settings:  # Any: dataclasses.replace checks the fields
        """A copy with some fields replaced (a ``str`` token is wrapped as a Secret)."""
        if isinstance(changes.get("token"), str):
            changes["token"] = Secret(changes["token"])
        if "profile" in changes:
            changes["profile"] = _profile(changes["profile"])
        return replace(self, **changes)
