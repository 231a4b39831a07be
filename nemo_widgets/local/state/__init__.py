"""The engine's state: plain records, the SQLite store and its rows, the one-time JSON import, retention.

Imports no other wing: the agent, the media work and the HTTP API build on it.
"""
