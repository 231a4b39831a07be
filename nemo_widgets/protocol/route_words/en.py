"""English, as data for the router (see :mod:`nemo_widgets.protocol.route_words`).

Keywords match as whole words (also next to CJK text), case-insensitively.
"""

from __future__ import annotations

from nemo_widgets.protocol.constants import WORD_END as _W1
from nemo_widgets.protocol.constants import WORD_START as _W0

WHOLE_WORDS = True
#: English has no script of its own, so nothing is borrowed into it.
SCRIPT = ""
BORROWED: tuple[tuple[str, str], ...] = ()

EXPORT: tuple[str, ...] = (
    "export", "download", "send me the video", "send me the file", "send me the audio", "send me the mp3",
    "send me the mp4", "send me the result", "send me it", "send it", "render it", "render the video",
    "then render", "and render", "render the final", "render the whole", "render the finished", "save it as a video",
    "save it as an mp4", "save it as a file", "save this as a video",
    "bounce it", "bounce the", "bounce out", "bounce down",
)  # fmt: skip
CREDITS: tuple[str, ...] = ("credits", "credit", "balance")
STATE: tuple[str, ...] = (
    "status", "show tracks", "show the tracks", "show timeline", "show the timeline", "show state",
    "list the tracks", "list tracks", "what's on the timeline", "what is on the timeline", "what tracks",
    "show me the timeline", "show the current draft", "show the draft", "timeline look like",
    "what's in my project", "what is in my project", "what's in my session", "what is in my session", "how long is the video", "how long is the clip",
    "how long is it", "session state", "where's my render", "where is my render", "where's the render",
    "what have i done so far", "what did i do so far", "where are we at", "where are we with", "where are we up to",
)  # fmt: skip
UPLOAD: tuple[str, ...] = ("upload", "next file", "next video", "next clip")
#: Words that make a message an edit even when it also says "export".
EDIT: tuple[str, ...] = (
    "remove", "delete", "strip", "mute", "unmute", "add", "insert", "put", "cut", "trim", "split", "crop",
    "extract", "convert", "replace", "change", "set", "speed", "slow", "fade", "lower", "raise",
    "increase", "decrease", "drop", "generate", "apply", "merge", "join", "reverse", "shorten", "pull the audio",
    "volume", "louder", "quieter", "undo", "redo", "chop", "excise", "elide", "hush", "bring it up", "bring it down", "db", "decibels", "turn down", "turn up", "turn it down", "turn it up",
    "without audio", "without sound", "without the audio", "without the sound", "no audio", "no sound",
    "keep only", "keep just", "only keep", "keep the first", "keep the last", "rm audio", "detach", "title",
    "double", "halve", "make sound", "make the sound", "make audio", "make the audio",
)  # fmt: skip
#: An export that describes a silent result: edit first, then export an MP4.
SILENT: tuple[str, ...] = (
    "silent", "muted", "mute", "without audio", "without sound", "without the audio", "without the sound",
    "without any sound", "with no sound", "with no audio", "no sound", "no audio", "audio removed",
    "sound removed", "sound off", "rm audio",
)  # fmt: skip
#: An export that asks for the sound alone: edit first, then export audio (MP3 unless said).
AUDIO_ONLY: tuple[str, ...] = (
    "audio only", "audio-only", "only the audio", "just the audio", "only audio", "just audio",
    "only the sound", "just the sound", "give me the audio", "extract the audio", "extract audio", "detach the audio", "detach audio", "only sound file",
    "only the sound file", "only audio file", "only the audio file", "just the sound file", "just the audio file",
)  # fmt: skip

FUZZY: dict[str, str] = {"credits": "credits", "balance": "credits", "status": "state", "upload": "upload"}

PATTERNS: dict[str, str] = {
    "upload_elsewhere": r"\bupload(?:ed|ing)?\b[^.?!]{0,20}\b(?:to|on|onto)\s+(?:tiktok|youtube|instagram|ig|facebook|fb|twitter|x|linkedin"
    r"|vimeo|reels|shorts|my (?:channel|page|story))\b",
    # how credits work, asked (the agent explains; "how many credits do I have?" is the balance)
    "credits_how": r"\bhow (?:do|does|are|is) (?:the |my )?credits? (?:work|get |being |counted|calculated|charged|used|spent|deducted)"
    r"|\bhow (?:are|is) (?:the )?credits? (?:counted|calculated|charged|worked out)\b"
    r"|\bdoes (?:every|each) (?:edit|change|message|export|render) cost\b",
    # a clause that asks rather than tells (a question is never a render)
    "question": r"(?:^|[,.;!?]\s*)(?:what|what's|whats|which|how|why|when|where|who|is|are|was|were|does|do|did"
    r"|should|shall|will|would it|can i|could i|may i|am i|have i|has|is it|are there)" + _W1
    + r"(?<!\bdo(?= not\b))",  # "Do not touch the sound, just trim …": a command
    "request": r"(?:^|[.!]\s+)(?:please\s+)?(?:can|could|would|will)\s+you" + _W1 + r"(?!.*\b(?:tell|explain|show)\s+me\b)"
    r"(?!.*\bhow\s+(?:to|do|can|could)\b)",
    "audio_object": r"(?:export|download|send me|render)\s+(?:the\s+|just\s+the\s+)?(?:(?:video|clip)'?s\s+)?"
    r"(?:audio|sound|soundtrack)" + _W1,
    # an edit that leaves the video without its sound ("remove the audio then export"): the result is an MP4
    "silencing": _W0 + r"(?:remov(?:e|ing)|delet(?:e|ing)|strip(?:ping)?|drop(?:ping)?|kill(?:ing)?|los(?:e|ing)"
    r"|tak(?:e|ing) out|get(?:ting)? rid of|turn(?:ing)? off|mut(?:e|ing))\s+(?:all\s+)?(?:of\s+)?"
    r"(?:the\s+|its\s+|this\s+)?(?:audio|sound|soundtrack)" + _W1
    + r"|" + _W0 + r"without\s+(?:any\s+|the\s+|its\s+|their\s+|all\s+)?(?:audio|sound|soundtrack)" + _W1,
    "not_export": r"\b(?:prores|dnx\w*|hevc|h\.?265|av1|webm|mkv|flac|ogg|opus|mov|avi)\b|(?:don'?t|do not|not|never|no need to|without)\s+(?:\w+\s+){0,2}?(?:export|download|render|save)"
    + _W1
    # a future or a deferral is never a render now: "I'll export later", "export as mp3 later"
    + r"|\bi(?:'ll| will|'m going to| am going to| can)\s+(?:\w+\s+){0,2}?(?:export|download|render|save)"
    r"|(?:export|download|render)\w*\s+(?:[\w.%-]+\s+){0,4}?(?:later|tomorrow|afterwards|myself|another time)\b"
    r"|(?:export|download|render)(?:ing)?\s+(?:has\s+|have\s+|is\s+|was\s+)?(?:failed|fails|error|broke|isn'?t"
    r"|doesn'?t|won'?t)",
    # "the export", "my download": the noun, not the command (on the text before the keyword)
    "noun_before": r"(?:the|an?|my|your|this|that|its|each|every|of)\s+$",
    # a part of the clip, its length in digits or words ("the first five seconds")
    "range": r"(?:first|last|opening|final)\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|a few|half a|a)\s+(?:and a half\s+)?(?:s|secs?|seconds?|minutes?|mins?)\b)"
    r"|\d\s*(?:s|sec|secs|seconds?)\s*(?:to|-|until)\s*\d"
    r"|\d+(?:\.\d+)?\s*(?:to|-|until)\s*\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)\b"
    r"|\d+:\d\d\s*(?:to|-|until)|\b(?:first|last|final)\s+(?:second|sec)\b"
    # a verb of an edit, then two times with no unit ("mute 8 to 10 and then export mp3")
    r"|\b(?:mute|cut|trim|silence|keep|delete|remove)\s+(?:from\s+)?\d+(?:\.\d+)?\s*(?:to|-|until|till)\s*\d+(?:\.\d+)?\b",
    # state wordings with a free word or two in them ("show me the tracks", "how long is this video")
    "state_phrase": _W0 + r"(?:show|list|display|see)\s+(?:me\s+)?(?:the\s+|my\s+|all\s+(?:the\s+|my\s+)?)?"
    r"(?:current\s+)?(?:tracks|timeline|draft|project|state)" + _W1
    + r"|" + _W0 + r"(?:render|export|download)\s+(?:has\s+|is\s+|have\s+)?(?:been\s+)?(?:done|finished|ready|completed?)" + _W1
    + r"|" + _W0 + r"what(?:'?s| is)\s+(?:currently\s+|now\s+)?in\s+(?:my|the|this)\s+(?:session|project|timeline|draft)" + _W1
    + r"|" + _W0 + r"what(?:'?s| is)\s+(?:in|on)\s+(?:the|my|this)\s+(?:project|timeline|draft)" + _W1
    + r"|" + _W0 + r"how\s+long\s+(?:is|does)\s+(?:(?:the|this|my|that)\s+(?:video|clip|timeline|project|draft)|it)"
    r"(?:\s+(?:now|last|run))?\s*\??$"
    # how a render is going: "is the render done yet?", "has the export finished?"
    r"|\b(?:is|has|are)\s+(?:the|my|it|this)?\s*(?:render|export|download|video|file)?\w*\s*"
    r"(?:done|finished|finish|ready|complete)\b|\bstill (?:rendering|exporting|processing)\b|\bprogress\b.*\b(?:export|render)|\b(?:export|render)\w*\b.*\bprogress\b",
    # in a question, these topics are the state ("how many tracks do I have")
    "state_topic": _W0 + r"(?<!same )(?:tracks?|timeline|draft|duration|length)" + _W1  # not "(the) same length"
    + r"|how many (?:seconds|minutes) (?:is|long)",
    "audio_only": r"(?!)",
    # a send, a render or a save is an export when what it makes is said ({made}: a format or a quality);
    # "give me a high quality mp4"; "save it" only as the whole message ("save it for later" is not a render)
    "send": _W0 + r"send\s+(?!(?:another|anuther|anotehr|a new|one more|a second)\s+(?:video|clip|file)\b)(?:me\s+|it\s+|this\s+)?(?:(?:the|a|an|my|this|only the|just the|only|just)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:video|file|clip|audio|sound|mp3|mp4|wav|m4a|result|copy|version|export)" + _W1
    + r"|" + _W0 + r"give\s+me\s+(?:the|a|an|my)\s+(?:[\w-]+\s+){0,2}?(?:mp4|video|file|result)" + _W1
    + r"|" + _W0 + r"give\s+me\s+(?:the|an?)\s+(?:mp3|wav|m4a)" + _W1
    + r"|" + _W0 + r"render\s+(?:it\s+|this\s+|that\s+|the\s+(?:video|clip|file)\s+)?(?:(?:at|in|as|to|into|an?)\s+)?"
    r"(?:{made})" + _W1
    + r"|" + _W0 + r"save\s+(?:it\s+|this\s+)?(?:as|in|to)\s+(?:an?\s+)?(?:{made})" + _W1
    + r"|^(?:(?:ok|okay|now|please|pls)\s+)*render(?:\s+(?:it|this|now|please|pls))*\s*[.!]*$"
    + r"|^(?:(?:ok|okay|now|please|pls)\s+)*save\s+(?:it|this|that|the\s+(?:video|file|result|clip))"
    r"(?:\s+(?:now|please|pls|for me))*\s*[.!]*$",
    # "add another video": one more file, not an edit
    "another_file": _W0 + r"(?:add|upload|attach|send|put)\s+(?:another|anuther|anotehr|a new|one more|a second)\s+"
    r"(?:video|clip|file)" + _W1,
    # two files from one export ("render it twice", "one mp4 and one wav"): the agent asks which
    "two_exports": _W0 + r"(?:twice|two (?:files|versions|exports|copies)|both (?:versions|files|formats))" + _W1,
    "extract": r"extract",
    # an export's format said by another name: a lossless file is a WAV, AAC the M4A, "as an audio file" an MP3
    "said_wav": r"\blossless\b|\bwave file\b|\bwave format\b", "said_m4a": r"\baac\b|\bm ?four ?a\b",
    # a mention of the assistant ("@nemo"): not a word of the request
    "mention": r"(?:^|(?<=\s))@[\w-]+\b[:,]?",
    # a message that is only a format ("mp3", "wav pls"): that file, exported
    "format_alone": r"^(?:an?\s+)?(?:mp3|mp4|wav|m4a)(?:\s+(?:please|pls|file|version))?\s*[.!]*$",
    # what the result is for ("so that I can put it on a USB stick"): not a request of its own
    "purpose": r"\bso (?:that )?(?:i|we|they|he|she|you) (?:can|could|may|might)\b[^.!?]*",
    "said_mp3": r"\bmp ?three\b|\b(?:as|in|to|into)\s+(?:an?\s+)?audio(?:\s+(?:file|only))?\b|\baudio file\b",
}  # fmt: skip
