"""Every entry of the utterance corpus that reaches the agent, through the engine over HTTP on 127.0.0.1,
judged on the draft it leaves (tests/understanding_corpus.py; the router's side is
tests/protocol/test_corpus_routes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from nemo_widgets.local import EngineSettings, start_in_background

from helpers_media import make_clip
from understanding_corpus import EngineJudge, block_of, load, uses_chat

AGENT = [entry for entry in load() if uses_chat(entry)]
#: Entries of the issue-21 class files the reader does not serve yet (strict: one that starts passing fails
#: here, so it is taken off the list). Each is declined, asked about or left unchanged: none is a wrong edit.
KNOWN_MISSES = {
    "if the audio can't be cleaned up, remove it",  # a passive conditional: the fallback's "it" is not read
    "不要 extract audio，要 remove audio",  # the negated extraction is taken as "keep the audio": asked
    "make the sound more small, the half of now",  # a learner's "more small" and "the half of now": asked
    "just the 2nd half ong",  # slang after the span ("ong"): not read (asked)
    # a span minus a span ("everything after 3 s but the last second"): two ends to work out; asked
    "cut everything after 3s except the last second",
    # all but the middle part: its two sides depend on the clip's length; asked
    "除了中间两秒以外全部静音",
    # a correction that hesitates between two values: asked, without a phrasing to click
    "把音量调到50%，不对，还是别动了吧…或者70%？",
    # a part named as a thing the engine cannot find (dead air) and then its times: declined by the name
    "trim the dead air at the start, it's the first 1.5 seconds",
    "开头的dead air帮我trim掉，就前面0.5秒",
    # JSON as a request: a unit not said ({"cut": [0, 2]} asks which part) and a title's fields
    '{"cut": [0, 2]}',
    '{"title": "Intro", "start": 0, "end": 2}',
    # a point past the clip's end said alone ("1:05那里"): asked which part, not told the clip is 10 s
    "1:05那里mute一下",
    # a grandparent's dictation with a filler between every word: asked, with the reading offered
    "那个那个，就是，嗯，把那个前面的，前面两秒，就是前两秒啊，剪掉，然后，嗯，就这样",
    "然后那个 就是 加个字 就是写 生日快乐 嗯 生日快乐 那个 就放在最前面",
    # an English "double it" after a Chinese statement of the problem: not read as the volume
    "这个video的sound太小了，double it",
    # "shorter and quieter" said first as the boss's wish, then the exact edits: the wish read as a part's volume
    "So my boss wants this shorter and quieter 🙄 Please cut everything after 7 seconds and set the volume to 80%. "
    "Also, does that affect the video quality at all? I'll export it once she signs off.",
    # a conditional on the engine's own ability, said with "if not don't bother"; "half it" for halving the volume;
    # a corrected unquoted title; a value set aside and then named again as the reason; 还是要那个title: asked
    "if the title thing works, put Intro up for 2 seconds. if not don't bother",
    "the music is WAY too loud, it's drowning out everyone talking. half it",
    "put Happy Bday at the start... actually no, make it say Happy Birthday Grandpa",
    "set the volume to 30 — no wait, 60%, 30 is way too quiet",
    "诶还是要那个title，redo一下",
    # a notebook's code pasted before the request, and a title as a function call: asked
    "df.head() lol wrong window. anyway: title('Q3 Results', t=(0, 4))",
    # "no noise" meaning no sound at all (an elderly user's word): read as the noise removal it also means, declined
    "I want no noise at all on this video, just the picture please",
    # Markdown headings that carry the verb ("## Cut" over "first 1.5 seconds"): headings are dropped; asked
    "# Edits\n## Cut\nfirst 1.5 seconds\n## Volume\n-20 dB\n# Export\nwav pls",
    # a straight double quote as the seconds mark (2"): taken for a quotation mark; asked
    '从2"到4"静音',
    # long letters whose context holds words that change an edit ("the music at the very end", 如果可以的话): asked
    "Hello,\n\nFollowing up on our call. The client loved the draft but had two notes.\n\nFirst, the music at the very "
    'end is too loud; please mute the last 2 seconds. Second, they would like the title "Bright Dental" to appear at '
    "1 second.\n\nThey also asked whether we could make it vertical for Instagram, but I told them we'd look into that "
    "separately, so please don't worry about that part.\n\nBest,\nMarcus",
    "您好：\n\n感謝您上次的協助。這段影片是我們教會聖誕晚會的片段，準備放到網站上。\n\n因為開頭有兩秒半是黑畫面，麻煩幫我剪掉。"
    "另外如果可以的話，請把聲音調小一點，現場音響太大聲了。\n\n謝謝您，主佑平安！\n陳淑芬 敬上",
    # a correction followed by its reason, which names a time again ("The third second actually has …"): asked
    "Cut the first 3 seconds — no wait, just the first 2. The third second actually has the ring shot in it.",
    # "it's just silence" (why the cut) holds a word that can change an edit (silence): asked
    "Could you transcribe the interview for me? and I guess cut the first second, it's just silence",
    # "pull the audio out": taken off, or taken out to keep? asked (round 28's writer: kept as an MP3)
    "pull the audio out of this",
    # "only the talking's sound" (the voice apart from the rest, or the whole sound?): asked (round 29: the whole sound)
    "我只要里面说话的声音，存成一个音频文件就行",
    # a condition on the clip's length is not evaluated: asked (round 30, 31)
    "if it's longer than 8 seconds, cut off whatever's after 8s",
    "if the clip is longer than 5 seconds cut it down to the first 5",
    # a declined thing asked about beside a complaint about the volume: how loud is asked, the noise not named
    "降噪 can do or not? the aircon sound damn loud",
    # a mute of everything and a louder volume: refused by the editor, without a phrasing to click
    "mute everything and also make it twice as loud",
    # the music and the voice made louder and quieter in two clauses: "which volume?" asked, separation not named
    "i wish the music was louder and my voice quieter in this",
    # a length with no unit past the clip ("cut the first 30"): told the clip is 10 s, not asked which unit
    "cut the first 30",
    # "don't mute anything" beside a volume change (a different thing): asked as an edit said with "nothing"
    "don't mute anything, 只要把volume降到一半",
    # a range past the clip's end said in Chinese (从8秒剪到15秒): asked which part, not told the clip is 10 s
    "从8秒剪到15秒",
    # "第一秒" read as the first second and "each" left unread beside 都: asked
    "please cut 第一秒和最后一秒 each 都去掉",
    # frames (格) and a decimal comma in a Chinese message (2,5 秒): asked, but with no reading to click (a
    # reading in seconds would guess the unit or the number)
    "剪走頭 3 格",
    "剪掉前3格",
    "cut 走前面 2,5 秒",
    # an undo of an earlier step than the last, the later one kept: the history holds drafts, not edits to replay;
    # the reply says only the last step can be undone (round 40)
    "undo the volume change but keep the cut",
    "前面那个静音也撤了吧",
    # "turn it up 150%" read as +150 % (past the 200 % limit: refused) where the writer asks to 150 % or +150 %;
    # "can it go higher, like 300%?" after 200 %: asked what 300 % is for instead of told the limit
    "turn it up 150%",
    "can it go higher, like 300%?",
    # a follow-up that adjusts an earlier edit than the last, or extends/moves one (history holds drafts, not edits to replay), or a vague one: asked or not read (round 43)
    "change the cut to 3 seconds",
    "bring back the beginning but keep the end trimmed",
    "shift the mute one second earlier",
    "make it 3 to 8",
    "缩短2秒",
    "make it last till the end",
    "make it 3s吧",
    "改成剪4秒好了",
    "剪多了，只剪2秒就行",
    # a correction whose new value is a bare number or beside a complaint, or an undo beside a new level (round 43, 44)
    "刚才那个撤回，直接调到60%",
    "声音大一点，呃，其实我是想小一点",
    "音量 +20%，sorry 我是说 +25%",
    # a setup the engine refused (the writer's 'mute 8-10' after a cut to 8 s), so the undo of everything has less to undo
    # a conditional whose fallback is a title said with 'it'; mixed-language negation beside an English request; a negated title beside an extraction; a range in ms and s (round 44)
    "if you can't do a fade-in on the title, just show it from 1s to 4s",
    "不要 remove audio, just turn it down a little",
    "不要加 title，just extract the audio as m4a",
    "从500毫秒剪到2秒",
    # long messages and lists: added music beside sound edits (declined as a whole: it binds the sound), brightness after 最后 ('finally'), Markdown emphasis around the verbs, a mute and a louder volume at once (round 44)
    "帮我做这几件事：把最后三秒剪掉，音量调到80%，再加个标题“周末”，另外加点背景音乐",
    "## Edits\n* **mute** 4–6 s\n* **title**: `Chapter 1` for 3 seconds",
    "Remove all the audio but also make it louder",
    # a part named by what happens in it, then pointed back at ('that part', 'get rid of that', 尖叫那一秒), and an unquoted title inside a long message (round 45): asked
    "the beginning is just me fumbling with the phone for like 2 seconds, get rid of that",
    "Hi! So I recorded this video of my grandma blowing out the candles on her birthday cake and it's really sweet, but at the very beginning you can see my thumb over the lens and it's all blurry. I think that's about the first second and a half. Could you please take that part out? Everything else is perfect, thank you so much!!",
    "ok so this is for my sister's graduation slideshow and I want it to say Congratulations Mia! on the screen at the beginning, for the first 4 seconds, nothing fancy, just the words",
    "Okay so here's what I need, sorry this is long. It's my son's first bike ride.\n1) the sound is a bit loud overall, turn it down a little\n2) between 5 and 6 seconds my husband yells something embarrassing, please make that part silent\n3) at the very end I'd like it to say He did it! on the screen\nThat's all, I'll download it myself afterwards.",
    "你好，这个视频是我在演唱会拍的，开头两秒镜头一直在晃而且全是黑的，然后中间大概6秒到7秒旁边有人在尖叫，很刺耳。我想把开头那两秒去掉，再把尖叫那一秒静音，别的都不用动，谢谢！",
    # rounds 46-49 (measured on the code after rounds 42-45's fixes), left asked or not read: a correction by a bare number or with an undo before it, a title moved or lengthened by a relative amount, a named cut put back, ranges said as 开头到三秒半 or 'the middle 2 seconds', a dictation with fillers around the part, 'no picture' after the audio alone
    "i only need the audio track from this clip, no picture",
    "my friend swears around 6-7s lol can you bleep... i mean just mute that bit",
    "nvm, put that cut back",
    "no wait, only the first 3 seconds",
    "80 was wrong, 60",
    "撤销，改成在第4秒加“大家好”",
    "往后挪一秒",
    "title 延长到 8s",
    "能不能换个 font",
    "undo, 改成 3-6s",
    "不对 only mute 前 3s",
    "把开头到三秒半的地方剪掉",
    "就是那个最后那个三秒钟啊帮我静音一下嗯对就最后三秒",
    "把音軌抽出來，存成wav檔",
    "I just want the middle 2 seconds",
    # rounds 50-53, measured before their fixes (each asked, declined or left unchanged, none a wrong edit):
    # a keep of the sound of one part, in a format: two edits or one? asked
    "keep only the audio from 2 to 5 as m4a",
    # a selective undo of an earlier edit: the history holds drafts, not edits to replay; asked
    "undo the first one but keep the second",
    # "too much" after a whole mute, then a volume "instead": the mute is a removal of the track; refused
    "too much, just make it half as loud instead",
    # a move of a range cut keeping its length ("should start at 6. same length"): asked
    "wrong spot, should start at 6. same length",
    # the title kept, its time changed in a question ("can it be on screen the whole time?"): not read
    "Keep the title but can it be on screen the whole time?",
    # the title's colour (字 = its text): not declined by name
    "字可以換成紅色嗎",
    # moving a mute by an amount: asked
    "静音那段往后挪一秒",
    # the title's seconds as a part ("标题那几秒"): asked
    "标题那几秒也静音",
    # a reason after the request that places a loudness at the start ("her laugh is really loud at the start"): the
    # volume is read as a change of part of the clip, declined
    "Long story short, my sister is getting married next month and I'm making a tiny teaser for the group chat. "
    'Could you add a title that says "Save the Date" at the end? Oh and also drop the volume a little, her laugh is '
    "really loud at the start haha",
    # dictation that says the time twice ("after seven seconds yeah after seven"): asked
    "okay so um cut everything after seven seconds yeah after seven and also make it a little louder",
    # 片段 (the clip, in "这是…的片段") read as a part of the clip: asked
    "哈囉～這是我們社團成果發表的片段，老師說影片裡不能有太吵的聲音，所以可以幫我把音量調到50%嗎？其他都不用動，謝謝你！",
    # a correction that adds the end ("from start") to a length said without one: asked
    "cut 3 secs... I mean 4 secs from start",
    # "stay longer" then the end in another clause: not read
    "make the title stay longer, until 6 second",
    # 字幕 (subtitles) said of the title already there: declined as subtitles
    "字幕改到第3秒到第6秒",
    # rounds 54-57, measured before their fixes (each asked, declined or left unchanged, none a wrong edit):
    # a keep said in mixed words, then the rest said to go (这个 clip … keep 住，前面的都删掉): asked
    "这个 clip 最后 3 秒 keep 住，前面的都删掉",
    # the edit before at another end, then an export, in one message: the export part is not the agent's
    "great, now do the same for the last 2 seconds and export as mp4",
    # a verb swapped by its participles ("cut out, not muted"): asked
    "no wait, I wanted that part cut out, not muted",
    # a title's new words unquoted after "lol": not read
    # one more second "off the end" after a cut at the end: asked which part
    "take one more second off the end",
    # a fallback said as a question ("…? if not just …"): the question is answered
    "can you remove the wind noise? if not just drop it to 50%",
    # a title made shorter by an amount: not read
    "make the title 2 seconds shorter",
    # a format said as a question with "instead": not read
    "oh wait can it be wav instead",
    # a volume instead of a whole mute (a removal of the track): refused
    "actually just turn it down to 20% instead of muting",
    # an undo corrected to two steps in the same message: asked
    "wait undo. no, both of them",
    # a title's place said as a complaint, then "right at the beginning": not read
    "the title shows up way too late, i want it right at the beginning",
    # keeping the sound after its removal, said as 还是留着: not read
    "算了，声音还是留着吧",
    # a polite correction of a removal to a mute of a part: asked
    "能不能改成只把3到5秒静音？",
    # a correction to the other end (前 → 后) after a cut: not changed
    "抱歉，我是說後3秒",
    # the title's colour: not declined by name
    "標題可以改成紅色的嗎",
    # a level said back (调回) with an export after it: asked
    # a mixed correction (不对 only 2 秒): asked
    "不对 only 2 秒",
    # the title in capitals: not read
    "改成全大写 please",
    # a verb swapped in mixed words (我要的是 cut 掉, not mute): asked
    "no no 我要的是 cut 掉, not mute",
    # a mixed polite request ending in 吗: answered as a question
    "Can help me cut the first 2 sec 吗？",
    # frames (格) and a number without a unit: asked, with no reading to click (the writers wanted one)
    "把前面2格剪掉",
    "cut the first 500",
    # everything but a part, in mixed words (除了 … 都 mute 掉): asked
    "除了 2s–4s 都 mute 掉",
    # rounds 58-61, measured on the session's final reader before any fix of their own, their misses left as
    # measured (asked, declined or left unchanged): corrections by a bare number or in other words, a title made
    # longer or moved in mixed words, long letters and to-do lists whose context or export line is not read
    "make that a wav actually",
    "if you can't normalize it, just make it 120%",
    "never mind, bring the title back",
    "can you go higher? like 300%",
    "i meant mute only the first 5 seconds",
    "oops typo, it's Q4",
    "算了，那段直接剪掉吧",
    "啊不是，我是要只保留声音",
    "改到第4秒",
    "剪掉2秒还是3秒呢……3秒吧",
    "咦，怎么没声音了？我只是想小声一点",
    "前面也静音两秒",
    "title 放久一點, 到第8秒",
    "Abeg help me comot the sound for the first 2 seconds",
    "Hello dear, this is my first time using this. Could you please make the part from 3 to 5 seconds quiet? My grandson is shouting there. Thank you, Grandma Jo",
    "可唔可以將尾嗰三秒靜音？",
    "boss tolong cut first 2 sec lah, 前面那段不要",
    "Please cut everything after the 8 second mark and then export it as WAV. The sound designer we work with only accepts wav files, so that's the format I need.",
    "Can you speed the whole thing up to 1.5x? If that's not possible, then just cut the last 2 seconds so it's at least a bit shorter. It needs to fit in an 8 second ad slot.",
    "Set the volume to 30%... sorry, I mean 60%. The 30 was a typo, my keyboard is acting up today.",
    "Please don't cut anything, I like the length exactly as it is. Just make it 20% louder, because it's really quiet when people watch it on their phones.",
    "One more small thing: put the text 'Subscribe for more' over the last two seconds please. Same as we do on all our channel videos.",
    "Hmm, on second thought the muting was a mistake, the sudden silence sounds weird. Can you undo that last step? Keep the cut though.",
    "Hello,\n\nWe'd like some upbeat background music added under the whole clip, ideally something royalty-free so we don't get copyright claims.\n\nMany thanks,\nJoanna",
    "right so first cut off the first second then mute from six to eight then set the volume to eighty percent and that should be it oh and make sure everything else stays the same",
    "您好！\n\n我上传的视频开头有两秒黑屏，麻烦帮我把前两秒剪掉。\n\n谢谢！\n小王",
    "声音小一点，晚上放的时候会吵到邻居。",
    "你好，这个视频开头有我调试设备的声音和画面，能不能把前两秒剪掉？麻烦了。",
    "那个就是你帮我把视频从四秒开始到七秒那段静音一下然后呢标题写上生日快乐就放在开头就行了好吧谢谢",
    "把声音全部去掉，我们后面要自己配音。",
    "刚才那个音量的改动撤销一下吧，声音太小了听不清。剪掉的部分保留。",
    "請把第 2 秒到第 4 秒靜音，那裡有人講了不雅的話。",
    "不好意思，剛剛按錯了，請重做。",
    "ok 那个 first 的话就是把开头那一秒 cut 掉然后 second 呢就是 mute 从 7 秒到 10 秒 because 后面有人在旁边讲电话 that's all",
    # rounds 58-61: two WRONG EDITS found on session 11's final reader, still not fixed: "change the 2 to 3" after two
    # edits that both say 2 (the last one is changed; its writer wanted a question), and an export line of a to-do
    # list read as keeping only the sound. Two more are asked about now (session 12), not done: a time after a cut
    # (which clock?) and "trim it from 3 to 7, keep just that section" (which part "that section" is)
    "change the 2 to 3",
    "now also mute 5 to 7 seconds",
    "Trim it from 0:03 to 0:07, keep just that section. That's the only part where the product is in focus.",
    "To-do:\n- 剪掉 last 2 seconds\n- 加 title「Welcome to Taipei」\n- export as M4A",
    # >>> session 12 (regenerated from `bench --failures`): rounds 62-65, measured this session and not served yet.
    # Each is asked about, declined or left unchanged, except those marked WRONG EDIT (the draft changed not as
    # the writer expected; each is a judgement a writer made against the rest of the corpus, or the export asked as a question: see docs/engine.md, 'Rounds 62 to 65').
    "10% louder?",  # WRONG EDIT, r65
    "7秒之后都 mute, except the very last half second",  # r65
    'Add a title "Day One" — not at the start though, over the last 3 seconds',  # r65
    "Can you remove the last three seconds? The ending is just me fumbling with the phone trying to stop recording.",  # r62
    "Hi! So I filmed my daughter's piano recital on my phone and the first second and a half is just me adjusting the zoom. Then at the very end there's about 2 seconds of clapping that's way too loud.\nCould you cut out the beginning bit and mute the last 2 seconds? Also put her name, Lily Chen, on screen at the start. Thank you so much!!",  # r62
    "a little less, 1.2",  # r63
    "actually keep it all but mute everything outside 3-7",  # r63
    "actually leave the first 2 seconds with sound",  # r63
    "back to 100% and render",  # r63
    "cut 2 到 6 秒, except 3 到 4 那段留着",  # r65
    "double it",  # r63
    "extend that to the end",  # r63
    "hmm no, I need the video after all",  # r63
    "is it possible 把音量调到 250%?",  # r65
    "make it a bit louder than now",  # WRONG EDIT, r65
    "make it three times as loud",  # r65
    "make it 大声一点点",  # WRONG EDIT, r65
    "make that gap bigger — the middle 4 seconds",  # r63
    "move the mute to the end, same length",  # r63
    "mute the 3rd second — just that one second, nothing else",  # r65
    "mute一下3到5秒 unless 会影响画面",  # r65
    "now from 2 to 6 s",  # r63
    "oh that leaves almost nothing. only 4 to 6 please",  # r63
    "ok so here's what I'm thinking, and tell me if it's dumb: the first second and a half is just me fumbling with the camera so that can go, and the very end, like the last half second, too. Everything else stays. Oh and don't touch the volume, it's fine as is.",  # r65
    "ok so looking at it now, the beginning feels right but the sound is way too low compared to my other clips, I'd rather have it at 110%. and while you're there, can you mute the very last second, there's a click at the end",  # r63
    "ok 我解释一下: 6 到 7 秒有个 cough，mute 掉就行 but 不要 cut，因为画面要留着; 然后开头 0.8 秒是黑的，那个 cut 掉; volume 整体 a bit 低，调到 130% 吧。就这些, don't export yet.",  # r65
    "oops, bring back 8 to 10",  # r63
    "put the end back",  # r63
    "seconds 3 through 5 — cut them",  # WRONG EDIT, r65
    "set volume to 250%",  # r62
    "shift that cut one second earlier",  # r63
    "shorter, 2 seconds",  # r63
    "that's too tight, give me back one second on each side",  # r63
    "undo everything except the first cut",  # r63
    "undo the first cut, not the second",  # r63
    "unmute the second one",  # r63
    "加 title 'Trip' 在 3 到 6 秒, as long as 它不挡前两秒",  # r65
    "后面6到8秒也一样",  # r63
    "嗨～我在拍旅遊vlog，這段是在九份拍的。開頭兩秒手晃得很厲害，請幫我剪掉，然後最後一秒也不要。聲音有點太大聲，調成70%就好。謝謝！",  # r62
    "声音再大一点",  # WRONG EDIT, r65
    "我在想要不要把音量调到120%……算了，还是调吧",  # r65
    "把第3秒静音",  # WRONG EDIT, r65
    "把这段切成两段分别导出",  # r64
    "是这样的，我拍的时候前面一秒多一点是在调焦，大概1.2秒吧，这段不要；然后结尾最后两秒我在关机，也不要。中间的保留，音量别动。",  # r65
    "最后两秒没声音就好，画面留着",  # r64
    "欸 還是剪掉好了 redo一下",  # r64
    "这个cut太多了，只要1秒",  # r63
    "那行字改成第6秒才出現",  # r64
    # <<< session 12
    # >>> session 13 (regenerated from `bench --failures`): rounds 66-73, measured this session and not served yet.
    # Each is asked about, declined or left unchanged, except those marked WRONG EDIT (see docs/engine.md,
    # 'Rounds 66 to 69' and 'Rounds 70 to 73').
    "For the flashback scene I'm going for an old-film look. Make it black and white and cut out 8-10s, the end is just me walking out of frame.",  # r72
    "Good afternoon,\n\nI'm editing a testimonial for our website. The speaker stumbles between 6 and 7.5 seconds, so please cut that section out. Everything else should stay as is. If possible, also make the whole thing a touch louder — 130% should do it.\n\nKind regards,\nHelen Park\nMarketing Coordinator",  # r72
    "Hello，\n\n我明天要在conference上播放这个视频，有几个问题和要求：\n1. 请把4到6秒cut掉（那里我说错了）\n2. 能不能把画面zoom in一点？\n\n谢谢！\nAmy",  # r72
    "Hey! Could you cut out 4 to 6 seconds and also slow down the last part a bit so it feels dramatic? Thanks",  # r72
    "Hi,\n\nTwo things:\n- please mute from 2 to 3.5 seconds (there's a swear word, it's for school)\n- and make the title say \"Science Fair\" at the end\n\nAlso, will I be charged credits for every export, or just once?\n\nThanks\nJordan",  # r72
    "Hi, quick one before my meeting. If there isn't a title on this yet, please add one that says \"Q3 Results\" and have it show for the whole video. Also drop the volume by 6 dB, it's way too hot.\n\nCheers, Tom",  # r72
    "Hi，可以帮我add subtitles吗？自动识别语音那种",  # r72
    "Hmm, I don't like how the mute and the volume change came out. Please undo the last two steps but keep the cut at the beginning.",  # r72
    "Hmm, that muted too much — the first word of my intro is gone now. Can you undo that and mute just 0 to 2 seconds instead? The speaking starts right after 2.",  # r72
    "I only need the sound from this for a radio spot, the picture doesn't matter at all. Keep just the audio, please, and make it WAV because the station's system doesn't accept MP3.",  # r72
    "My teacher wants the video under 9 seconds for the class submission, so please cut the last second off. Quick question too: does the export keep the original resolution?",  # r72
    "So I want the title \"Open Mic Night\" showing the whole time, except I don't want it covering the last 2 seconds because that's where our logo appears. So basically from the start until 8 seconds.",  # r72
    "The last two seconds are just my thumb over the lens. cut 8 to 10 please",  # r72
    "There's a tiny glitch where the frame freezes for half a second. pls cut out 6.5-7s, nothing else, thanks",  # r72
    'This is the final shot of my short film, so I\'d like a closing card. Add the title "Fin" at the end please, the usual three seconds is fine.',  # r72
    "a little quieter",  # WRONG EDIT, r71
    "actually keep the first 2 and cut the last 2 instead",  # r71
    "and 1 more off the end pls",  # r71
    "half of that",  # r71
    "redo... 不对，我是说undo，刚才剪掉结尾那一步我不想要了",  # r72
    "show it from 2 to 6s instead pls",  # WRONG EDIT, r71
    "spell it Mya not Mia",  # r71
    "take one more second off the start",  # r71
    "title 'Hello' 放 5 秒",  # WRONG EDIT, r73
    "too long, just the first 3 s",  # r71
    "主辦單位說標題要加上年份。把標題改成「二〇二四開幕式」，並移到最後三秒，謝謝。",  # r72
    "你好！\n\n我在做一个公司年会的短视频，开头两秒是黑屏，麻烦帮我剪掉前2秒。另外音量有点小，请调到150%。\n\n谢谢！\n小李",  # r72
    "前面两秒是在对焦，第6秒以后镜头晃出去了，都不能用。只保留第2秒到第6秒就行。",  # r72
    "剛剛剪完發現最後兩秒其實有用到，不該剪的。麻煩還原到原始影片，我重新想一下怎麼剪。",  # r72
    "剪完之后我重新看了一遍预览。按现在的时间线，把1到3秒静音，那两秒是我在说“等一下”。",  # r72
    "太大声了 make it 110",  # r71
    '开头两秒画面太暗，字放上去看不清。所以 title "Sunset" 从第2秒到第5秒显示。',  # r72
    "开头有点拖。如果可以的话cut the first 2 seconds，谢谢",  # r72
    "把第5秒去掉",  # WRONG EDIT, r66
    "整段视频都静音，除了最后3秒——最后那段有我们的口号，要保留声音。",  # r72
    "老师好，这个视频是我们小组的作业，要求不超过8秒。请帮我把最后两秒删掉。另外问一下，导出来的文件是什么格式的？",  # r72
    "背景里有个电视一直在响，太吵了。Can you 把整段的volume调到一半? 我知道这样人声也会变小，没关系。",  # r72
    "跟其他片段比起来这段的声音偏大，混在一起很突兀。请把整体音量降低6分贝。",  # r72
    "这是家庭聚会的视频, please mute the part where 我妈在说话，她不想被录到声音。",  # r72
    "这段是在商场拍的，背景声音特别杂，我打算之后自己配音。麻烦先去掉所有声音，画面不要动。",  # r72
    "这段素材的原声是别人的歌，有版权问题。请帮我remove所有的audio，我之后要在别的软件里放自己的music。",  # r72
    # <<< session 13
}


#: Misses whose words are also another block's entry that passes (another setup, another writer's judgement): only
#: that block's entry is a known miss.
KNOWN_MISSES_IN_BLOCK = {
    "undo the mute": "unseen_round63",  # WRONG EDIT: after two mutes, the last one is undone; its writer wanted a question
    "undo the cut": "unseen_round63",  # after a volume change only: an undo takes back the last step, said
    "cut a couple of seconds off the start": "unseen_round65",  # 2 s here; round 17's writer wanted a question
    # WRONG EDIT: the cut part muted again; its writer wanted a question (round 68's, after another cut, passes)
    "mute the first 2 seconds too": "unseen_round63",
    # WRONG EDITS: a vague step read as the 25 % step the corpus reads; these writers wanted a question (session 13)
    "make it louder": "unseen_round73",
    "再小一点": "unseen_round71",
    "声音小一点": "unseen_round72",
}


def _id(entry: dict) -> str:
    return entry["text"][:40]


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineJudge]:
    clip = make_clip(Path(tmp_path_factory.mktemp("corpus")) / "clip.mp4", seconds=10, size="160x90")
    settings = EngineSettings(silent_ratio=0.0, seed=11, chunk_delay_s=0.0, edit_cost=0)
    with start_in_background(settings) as engine:
        made = EngineJudge(engine.url, clip)
        yield made
        made.close()


def _known(entries: list[dict]) -> list:
    return [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason="a known miss"))
        if e["text"] in KNOWN_MISSES or KNOWN_MISSES_IN_BLOCK.get(e["text"]) == block_of(e)
        else e
        for e in entries
    ]


@pytest.mark.parametrize("entry", _known(AGENT), ids=_id)
def test_engine_effect(judge: EngineJudge, entry: dict) -> None:
    verdict = judge.judge(entry)
    assert verdict.ok, f"{entry['text']!r}\nwant {verdict.want}\ngot  {verdict.got}\nreply {verdict.reply!r}"
