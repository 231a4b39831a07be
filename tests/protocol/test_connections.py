"""What a new client costs before its first request: one TLS context per process, not one per client."""

from __future__ import annotations

import ssl

import pytest
from nemo_widgets.protocol._base import shared_ssl_context
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.settings import Settings

from .conftest import BASE


@pytest.fixture
def contexts_made(monkeypatch):
    """Every TLS context made from now on (reading the CA bundle is what made a new client cost 20-30 ms)."""
    made: list[ssl.SSLContext] = []
    real = ssl.create_default_context

    def counted(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    shared_ssl_context.cache_clear()
    monkeypatch.setattr(ssl, "create_default_context", counted)
    yield made
    shared_ssl_context.cache_clear()


async def test_new_clients_share_one_tls_context(contexts_made, tmp_path):
    settings = Settings.from_env(env={}, home=tmp_path, api_url=BASE)
    clients = [cls(settings=settings) for cls in (NemoClient, AsyncNemoClient, NemoClient, AsyncNemoClient)]
    for client in clients:
        closing = client.close()
        if closing is not None:
            await closing
    assert len(contexts_made) == 1


def test_the_shared_context_still_verifies_certificates(contexts_made):
    context = shared_ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert shared_ssl_context() is context
