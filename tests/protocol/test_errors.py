"""The error tree and the one mapping from answers to errors."""

from __future__ import annotations

import pytest
from nemo_widgets.protocol import errors
from nemo_widgets.protocol.errors import error_from_response


def test_every_error_is_a_nemo_error_with_message_and_next_step():
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type):
            assert issubclass(obj, errors.NemoError), name
            instance: errors.NemoError = obj("a.mp4") if obj in (errors.UnsupportedFile, errors.FileTooLarge) else obj()
            assert instance.user_message and instance.next_step, name
            assert str(instance) == f"{instance.user_message} {instance.next_step}"
            assert instance.args == (str(instance),)


def test_tree_shape():
    api = [errors.AuthError, errors.SessionNotFound, errors.NoCredits, errors.UnsupportedFile, errors.FileTooLarge,
           errors.MissingClientId, errors.PlanLimit, errors.RateLimited, errors.ServerError]  # fmt: skip
    assert all(issubclass(cls, errors.APIError) for cls in api)
    assert issubclass(errors.ConnectionFailed, (errors.TransportError, ConnectionError))
    assert issubclass(errors.NemoTimeout, (errors.TransportError, TimeoutError))
    assert issubclass(errors.TurnTimeout, errors.NemoTimeout)
    assert issubclass(errors.StreamDropped, errors.TransportError)
    assert "NemoError" in errors.__doc__ and all(cls.__name__ in errors.__doc__ for cls in api)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, {"code": 0, "data": {}}, None),
        (200, {"data": {}}, None),
        (200, None, None),
        (401, {"code": 1001, "msg": "expired"}, errors.AuthError),
        (200, {"code": 1001}, errors.AuthError),
        (401, None, errors.AuthError),
        (404, {"code": 1002}, errors.SessionNotFound),
        (404, {"detail": "Session not found: abc"}, errors.SessionNotFound),
        (403, {"code": 2001}, errors.NoCredits),
        (415, {"code": 4001}, errors.UnsupportedFile),
        (415, None, errors.UnsupportedFile),
        (413, {"code": 4002}, errors.FileTooLarge),
        (413, "Request Entity Too Large", errors.FileTooLarge),
        (400, {"code": 400, "msg": "missing X-Client-Id"}, errors.MissingClientId),
        (400, None, errors.APIError),
        (400, {"msg": "bad draft"}, errors.APIError),
        (402, {"code": 402}, errors.PlanLimit),
        (429, None, errors.RateLimited),
        (500, None, errors.ServerError),
        (503, {"code": 500, "msg": "x"}, errors.ServerError),
        (404, {"detail": "Not Found"}, errors.APIError),
        (200, {"code": 777, "msg": "odd"}, errors.APIError),
    ],
)
def test_error_from_response(status, body, expected):
    error = error_from_response(status, body)
    if expected is None:
        assert error is None
    else:
        assert type(error) is expected
        assert error is not None and error.http_status == status


def test_400_on_token_call_is_client_id():
    assert isinstance(error_from_response(400, {"msg": "bad"}, client_id_expected=True), errors.MissingClientId)
    assert isinstance(error_from_response(400, None, client_id_expected=True), errors.MissingClientId)


def test_no_credits_link():
    error = error_from_response(403, {"code": 2001, "data": {"bind_id": "b1"}}, web_url="https://w.test/")
    assert isinstance(error, errors.NoCredits)
    assert error.link == "https://w.test?bind=b1"
    assert "Register at https://w.test?bind=b1" in str(error)
    error = error_from_response(403, {"code": 2001}, web_url="https://w.test", bind_id="t9", anonymous=False)
    assert error is not None and error.next_step == "Top up credits in your account."
    assert "Top up" in str(error_from_response(403, {"code": 2001}))


def test_unsupported_lists_formats_and_too_large_suggests():
    unsupported = error_from_response(415, {"code": 4001}, filename="a.txt")
    assert isinstance(unsupported, errors.UnsupportedFile)
    assert "'a.txt'" in str(unsupported) and "mp4, mov" in str(unsupported)
    assert "mp4" in unsupported.formats
    large = errors.FileTooLarge("big.mp4", 600 * 1024 * 1024)
    assert "'big.mp4' (600 MB) is larger than the 500 MB limit." in str(large)
    assert "Compress" in str(large) and "trim" in str(large)


def test_plan_limit_wording():
    assert str(error_from_response(402, None)) == (
        "Your plan cannot export videos (a plan limit, not a credits problem). "
        "Register or upgrade your plan to unlock export."
    )


def test_messages_never_show_raw_json_or_bare_code():
    error = error_from_response(418, {"code": 9999, "msg": {"nested": "json"}, "data": {"token": "x"}})
    text = str(error)
    assert "{" not in text and "9999" not in text and "418" not in text
    error = error_from_response(500, '{"trace": "..."}')
    assert "{" not in str(error)


def test_server_messages_are_redacted_and_bounded():
    fake = "nmv_usr_" + "abcdef123456"  # built, so no token-shaped string is committed
    error = error_from_response(409, {"msg": f"token {fake} rejected; Bearer xyz.abc " + "x" * 500})
    assert fake not in str(error)
    assert "xyz.abc" not in str(error)
    assert "[secure]" in str(error)
    assert error is not None and len(error.server_message or "") <= 240


def test_agent_error_wording():
    assert str(errors.AgentError("backend exploded", code="RuntimeError")) == (
        "The agent ran into a problem: backend exploded. Try again, or say it differently."
    )
    assert str(errors.AgentError()).startswith("The agent ran into a problem.")
    assert errors.AgentError('{"raw": 1}').detail is None


def test_a_refused_upload_keeps_the_servers_reason() -> None:
    reason = error_from_response(
        415, {"code": 4001, "msg": "'x.webm' could not be read as a video: it looks damaged"}, filename="x.webm"
    )
    assert reason is not None and reason.user_message == "'x.webm' could not be read as a video: it looks damaged."
    assert "Supported formats" not in str(reason)  # never a list that names the file's own type
    bare = error_from_response(
        415, {"code": 4001, "msg": "Unsupported file. Supported formats: mp4."}, filename="a.exe"
    )
    assert bare is not None and bare.user_message == "'a.exe' is not a supported file type."
    assert "mp4" in bare.next_step


@pytest.mark.parametrize(
    ("name", "hint"),
    [("IMG_0001.HEIC", "Save it as JPG or PNG first"), ("song.flac", "Save it as MP3 or WAV first"),
     ("Meeting.WMV", "Save it as MP4 first"), ("00001.MTS", "Save it as MP4 first"), ("notes.txt", None)],
)  # fmt: skip
def test_a_known_other_type_says_what_to_save_it_as(name, hint):
    error = errors.UnsupportedFile(name)
    assert error.user_message == f"'{name}' is not a supported file type."
    step = error.next_step or ""
    assert step.startswith(hint) if hint else not step.startswith("Save it as")
    assert "mp4, mov" in step
