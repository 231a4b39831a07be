"""The engine's media work: probing, EXIF, uploads, the render plan and policy, ffmpeg arguments, the worker.

Never imports the HTTP wing; reads and writes state through :mod:`nemo_widgets.local.state`.
"""
