"""English: what the agent writes, as templates (see :mod:`nemo_widgets.local.agent.languages`).

Read through ``en``: the reply templates, the ways of joining things, the nouns, the examples offered, the
topics of a question and the help reply's abilities.
"""

from __future__ import annotations

#: Ways of joining things said: steps done, names of clips, what was left alone.
LISTS: dict[str, str] = {"sentences": " ", "list": "; ", "and": " and ", "names": ", ", "or": ", "}
#: What a message left alone, by key (the rules keep the key).
NOUNS: dict[str, str] = {
    "audio": "the audio",
    "export": "the export",
    "timeline": "the timeline",
    "volume": "the volume",
}

#: Phrasings the engine understands, offered when a message was not understood (close ones first).
EXAMPLES: tuple[str, ...] = (
    "remove all audio", "extract the audio as MP3", "cut the first 2 seconds", "trim 1 second off the end",
    "keep the first 5 seconds", "keep everything after 0:03", "cut from 0:02 to 0:05", "mute the first 2 seconds",
    "set the volume to 50%", "reduce the volume by 30%", "make it 50% louder", 'add a title "My clip" for 3 seconds',
    "undo", "export as MP4",
)  # fmt: skip

#: What a question is about, to answer it (a question is never acted on).
TOPICS: dict[str, str] = {
    "formats": r"\bformats?\b",
    "volume_max": r"\b(?:max(?:imum)?|highest|loudest|limit|how (?:loud|high))\b.*\b(?:volume|loud)|\b(?:volume|loud)\w*\b.*\b(?:max(?:imum)?|limit|highest)\b",
    "has_audio": r"\b(?:have|has|got)\b.*\b(?:audio|sound)\b",
    "credits": r"\bcredits?\b|\bcosts?\b|\bcharged?\b",
    "export": r"\b(?:export|download|render)",
    "hello": r"\b(?:hi|hello|hey)\b",
}
#: Words people misspell so far that the rules miss them: offered back when a message was not understood.
MISSPELT: dict[str, str] = {"export": "mean_export"}

#: What the agent does, for the help reply (each with an example from ``PHRASES``, which the reader reads).
ABILITIES: dict[str, str] = {
    "remove_audio": "remove all audio (a silent video)",
    "extract_audio": "keep only the audio, as {audio_formats}",
    "cut": "cut a part: the first or last seconds, a range, everything before or after a time (in seconds, "
    "minutes, milliseconds, “and a half”)",
    "keep": "keep a part and drop the rest",
    "mute": "mute a part",
    "volume": "set or change the volume, in % (up to {max}%) or in dB",
    "title": "add a title (in any quotes, or none) for a time you give",
    "remove_title": "remove the title",
    "change_title": "change the title's words or move it to another time",
    "remove_clip": "take one uploaded clip off the timeline",
    "undo": "undo the last message's edits, several steps, or everything back to the original",
    "redo": "redo what an undo took back (until the next edit)",
    "export": "export as {formats} (exports cost no credits)",
}

REPLIES: dict[str, str] = {
    # lengths
    "second": "{n} second", "seconds": "{n} seconds", "span": "{a}–{b}",
    # asking back
    "correction_unclear": "I couldn't tell what your correction changes, so nothing was changed. Could you say the "
    "whole edit again?",
    "did_you_mean": "I'm not sure I read all of that: {leftover} didn't fit what I understood, so nothing was changed. "
    "Did you mean: “{reading}”?",
    "unread_no_guess": "I'm not sure I read all of that: {leftover} didn't fit what I understood, so nothing was "
    "changed. Please say it again in other words (times in seconds, e.g. 2.5 s).",
    "unread_inverts": "I'm not sure I read all of that: {leftover} could turn the edit around, so nothing was changed. "
    "Please say it again in other words.",
    "ask_span": 'I\'m not sure which part you mean in "{phrase}".',
    "how_loud": "How loud should it be?",
    "more_of_edit": "Nothing was changed: I can't tell how much more, or where. Which seconds do you mean?",
    "described_part": "I can't see or hear what happens in the clip, so I can't find {part}, and nothing was "
    "changed. Which seconds is it?",
    "out_of": '"{phrase}" could mean removing the sound from the video or keeping only the sound.',
    "already_video": "It is already a video.",
    "several_edits": '"{phrase}" could mean several edits.',
    "keep_sound_only": "Do you mean keeping only the sound (removing the picture)?",
    "silent_audio": "A silent MP3 would have nothing in it: do you want the video without its sound (MP4), "
    "or the sound alone (MP3)?",
    "amount_alone": 'What should be "{amount}"?',
    "both_sound": "You asked both to remove the sound and to keep only the sound.",
    "two_volumes": "You gave two volumes.",
    "two_formats": "You named two formats, and an export makes one file: which one?",
    "both_audio": "You asked both to remove the audio and to keep it.",
    "said_twice": "You said the edit twice, and the two don't say the same part.",
    "cut_and_keep": "You asked both to cut that part and to keep it.",
    "edit_and_nothing": "You asked for an edit and also for nothing to change.",
    "which_one": "{reason} Which one do you mean?",
    # what an edit did, step by step
    "step_remove_audio": "removed the audio track (the video is now silent)",
    "step_extract_audio": "kept only the audio (it exports as {fmt})",
    "step_cut": "cut {span}", "step_keep": "kept {span}", "step_now": "{step} (now {now} long)",
    "step_mute": "muted {span}", "step_volume": "set the volume to {levels}",
    "step_title": 'added the title "{text}" ({span})', "step_remove_title": "removed the title",
    "step_kept_already": "kept the part that was left (the cut before had already left just that)",
    "step_no_title": "found no title to remove",
    "step_change_title": 'changed the title to "{text}" ({span})', "step_retime_title": 'set the title "{text}" to show at {span}', "no_title_to_change": "There's no title to change yet.",
    "title_ends_first": "The title would end before it starts.",
    "step_restore_audio": "brought the sound back", "step_remove_media": "took {name} off the timeline",
    "step_put_back": "put {name} back on the timeline", "a_clip": "a clip", "the_clip": "the clip",
    "numbered": "{i}) {step}",
    "done": "Done! I {steps}.{left} The timeline is now {total} long.",
    "left_alone": " I left {kept} as it is.",
    "gui_export": " Click the Export button to render your {noun}.",
    "already_so": "It already is that way ({steps}), so nothing changed.",
    "not_done": "{why} Nothing was changed.",
    "not_done_rest": "{why} Nothing was changed; the rest of the message was not applied either ({steps}).",
    "undo_alone": "Say undo on its own, please: I left the timeline as it is.",
    # why an edit was not done
    "already_cut": "{span} was already cut by this message.",
    # a time said after an earlier cut moved the clip: on the timeline as it is now, or on the clip as uploaded?
    "which_clock": "Part of the clip was cut earlier, so its times have moved: {span} of the clip as you uploaded it "
    "is at {moved} of the video now. Do you mean {span} of the video as it is now, or of the clip as uploaded?",
    "which_clock_cut": "Part of the clip was cut earlier, so its times have moved: {span} of the clip as you uploaded "
    "it was cut already, and {span} of the video as it is now is other footage. Did you mean the video as it is now?",
    "one_title": 'There is a title already ("{title}"), and a clip here shows one title at a time.',
    "source_cut": "{span} of the clip as you uploaded it was cut already.",
    "outside": "That time is past the end of the timeline, which is {total} long.",
    "sound_only_file": "This file has no picture, only sound: removing its audio would leave nothing. "
    "Upload a video, or export the audio as MP3.",
    "no_audio_to_remove": "There's no audio to remove: the video is already silent.",
    "no_audio_to_extract": "This video has no audio to extract.",
    "cut_everything": "That would remove everything, so I left the timeline as it is.",
    "nothing_to_trim": "The timeline is only {total} long: nothing to trim.",
    "no_sound_there": "There's no sound to mute there.",
    "no_volume_track": "There's no audio track to change the volume of.",
    "volume_max": "The volume can go up to {max}% here.",
    "title_quotes": "Put the title's words in quotes.",
    "no_title": "There's no title to remove.",
    "too_long": "The timeline is only {total} long, so {said} doesn't fit in it: nothing was changed.",
    "sound_on": "The audio is already on.",
    "same_name": "{n} clips on the timeline are called {name}: use the Remove button beside the one to take off.",
    "one_of_many": "{name} is one of several clips on the timeline, and I edit the timeline as a whole: say the times on the timeline instead.",
    "no_clip": "There's no clip called {name} on the timeline.",
    "that_clip": "that clip",
    # undo and redo
    "undo_not_last": "An undo takes back only the last step (“{last}”), so nothing was changed. To drop an earlier "
    "edit, undo back to it (“undo 2 steps”) and do again what should stay.",
    "again_range": "Do it again? The part it cut is gone, so the same times now hold other footage: nothing was "
    "changed yet. To cut those times of the timeline as it is now, say so.",
    "nothing_to_undo": "There's nothing to undo.",
    "nothing_to_undo_clip": "There's nothing to undo: no edit since the clip came. (To take a clip off the timeline, use "
    "its Remove button.)",
    "undone": "Undone. ", "undone_what": "Undone: {what}. ", "undone_then": "I took back your last edit. ",
    "undone_n": "Undid {n} steps. ",
    # after an undo or a redo: the timeline as the chart under the conversation shows it
    "after_step": "The timeline is now {total} long. {summary}",
    "undone_all": "Back to the original. ",
    "undo_fewer": "There were only {n} steps to undo: all undone. ",
    "undo_fewer_one": "There was only one step to undo: undone. ",
    "redo_nothing": "There's nothing to redo.",
    "redone": "Redone. ", "redone_what": "Redone: {what}. ", "redone_n": "Redid {n} steps. ",
    "redo_fewer": "There were only {n} steps to redo: all redone. ",
    "redo_fewer_one": "There was only one step to redo: redone. ",
    # answers
    "fallback": "I can't do {declined} here, so I did what you asked instead:",
    "rest": "I can't do {declined} here, so that part was left out.",
    "fallback_nothing": "I can't do {declined} here, so I did what you asked instead: nothing; nothing was changed.",
    "decline": "The local engine can't do {what}, so nothing was changed.",
    "kept_noop": "OK, I left {kept} as it is; nothing was changed.",
    "hello": "Hello! Tell me what to change next.", "welcome": "You're welcome! Tell me what to change next.",
    "how": "Just say it: “{phrase}” and I'll do it.",
    "formats": "Exports can be {names} (MP4 is video, the others audio only).",
    "volume_limit": "The volume goes from 0% (silent) to {max}% (twice as loud); 100% is the clip as it is.",
    "has_audio": "Yes, the timeline has an audio track.", "no_audio": "No, the timeline has no audio now.",
    "export_info": "Exports cost no credits and take a few seconds here: use the Export button, or say “export”. "
    "For a silent video say “remove all audio” first.",
    "credits_info": "Here each message that changes the timeline costs {cost}; undo, redo, taking a clip off the "
    "timeline, questions and exports cost nothing. Say “credits” to see how many you have left.",
    "one_credit": "1 credit", "n_credits": "{n} credits",
    "credits_free": "Nothing costs credits on this engine: edits, undo, redo, questions and exports are all free. Say "
    "“credits” to see your balance.",
    "cant_answer": "I can't answer that here; I'm a rule-based local editor. These I can do:",
    "mean_export": "Did you mean to export? Nothing was changed.",
    "not_understood": "I didn't understand “{shown}”, so nothing was changed.",
    "no_media": 'Upload a video first, then tell me what to change (for example "remove all audio from this video").',
    "try": "\nTry: ",
    # the help reply: its lines are written from what the reader does (see replies.help_text)
    "help_intro": "I'm the local NemoVideo engine, working on your uploads here. I can:",
    "help_item": "\n- {what}: “{example}”",
    "help_end": "\nSeveral edits in one message are done in order, all or none; a part I can't do is named and left out.",
}  # fmt: skip

#: How an operation is said, to offer the reading back ("Did you mean: …?"): each phrase reads back as it.
PHRASES: dict[str, str] = {
    "quieter": "make it {p}% quieter",
    "louder": "make it {p}% louder",
    "cut_first": "cut the first {s}",
    "cut_last": "cut the last {s}",
    "cut_range": "cut from {a} to {b}",
    "cut_middle": "cut {s} from the middle",
    "keep_middle": "keep {s} from the middle",
    "mute_middle": "mute {s} in the middle",
    "cut_after": "cut everything after {a}",
    "cut_before": "cut everything before {a}",
    "keep_first": "keep the first {s}",
    "keep_last": "keep the last {s}",
    "keep_range": "keep from {a} to {b}",
    "keep_after": "keep everything after {a}",
    "keep_before": "keep everything before {a}",
    "mute_first": "mute the first {s}",
    "mute_last": "mute the last {s}",
    "mute_but_last": "mute everything before the last {s}",
    "mute_range": "mute from {a} to {b}",
    "mute_after": "mute everything after {a}",
    "mute_before": "mute everything before {a}",
    "volume": "set the volume to {p}%",
    "remove_audio": "remove all audio",
    "extract_audio": "extract the audio as {f}",
    "add_title": 'add a title "{t}"',
    "change_title": 'change the title to "{t}"',
    "move_title": "move the title to {s}",
    "undo": "undo",
    "restore_audio": "bring the sound back",
    "remove_title": "remove the title",
    "add_title_for": 'add a title "{t}" for {s}',
    "quieter_db": "lower the volume by {d} dB",
    "remove_clip": "remove {name} from the timeline",
    "undo_n": "undo the last {n} changes",
    "undo_all": "go back to the original",
    "redo": "redo",
    "export": "export",
    "export_as": "export as {f}",
    "export_at": "export at {r}",
    "keep_audio": "keep the audio",
    "upload": "upload",
    "status": "status",
    "join": " and ",
    # an edit said again on one clock (read back by the clock words of en.WORDS)
    "on_timeline": "{edit} as it is now",
    "on_source": "{edit} of the original clip",
}

FEATURE_NAMES: dict[str, str] = {
    "format": "exporting as ProRes, MOV, WebM, FLAC or another format (only MP4, MP3, WAV and M4A here)",
    "loudness": "normalising the loudness (LUFS) or ducking music under speech (it needs audio analysis)",
    "noise": "removing background noise, hum or echo (it needs audio analysis)",
    "silences": "cutting out the silent parts (it needs audio analysis)",
    "separate": "separating music from voices or vocals (the clip's sound is one mixed track here)",
    "speed": "changing the speed (slow motion, speeding up)",
    "crop": "cropping or reframing the picture (vertical, square)",
    "fade": "fades",
    "music": "adding or replacing music (only your uploads can go on the timeline)",
    "subtitles": "generating subtitles",
    "rotate": "rotating or flipping",
    "colour": "colour filters (black and white, brightness, colour grading)",
    "reverse": "reversing it (playing it backwards)",
    "blur": "blurring part of the picture",
    "gif": "making a GIF (exports are MP4, MP3, WAV or M4A)",
    "upscale": "upscaling or enhancing the picture",
    "voiceover": "recording or adding a voiceover",
    "fillers": "cutting out filler words like um (it needs speech recognition)",
    "objects": "removing a person or an object from the picture",
    "animation": "adding animations",
    "cleanup": "cleaning up the sound (it needs audio analysis)",
    "generate": "generating new footage",
    "title_style": "styling titles (font, size, colour)",
    "split": "splitting the clip",
    "merge": "joining clips (every upload is already added at the end)",
    "transition": "transitions",
    "split_edit": "J-cuts and L-cuts (the sound of one shot leading or trailing its picture)",
    "watermark": "watermarks or logos",
    "zoom": "zooming, stabilising or looping",
    "part_volume": "changing the volume of part of the clip",
}
