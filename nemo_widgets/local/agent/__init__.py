"""The engine's agent: reads an instruction into a plan, applies it to the draft, writes the reply.

The entry points are :func:`~nemo_widgets.local.agent.intents.parse_message`,
:func:`~nemo_widgets.local.agent.editor.apply_plan` and
:func:`~nemo_widgets.local.agent.replies.reply_for`. Never imports the HTTP wing.
"""
