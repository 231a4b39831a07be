"""The engine's HTTP API: the Starlette app, the envelope, one module per API family, the chat stream's frames.

The one wing that may use the others (agent, media, state); none of them imports it.
"""
