"""English words a slip of one or two letters away from a word the local agent looks for, that are real
words themselves ("quarter" is not "quieter", "least" is not "last", "present" is not "percent"): never
"corrected". Inflections of the word itself ("removed", "tracks") are not listed: reading them as the
word is right.

Made from Debian's ``wamerican`` word list (``/usr/share/dict/american-english``): every lower-case word
that :func:`nemo_widgets.local.agent.languages.en_spelling.spelling` would otherwise change, less those that
begin with the word they would become. Regenerate after changing ``en_spelling.VOCABULARY``.
"""

from __future__ import annotations

__all__ = ["REAL_WORDS"]

_LISTED = """
abounds ailment astound astounds attacks attract audit auditor bast beep blast blip blips blonder boulder bound
bounder bounds brim caliphs chip chips claps clii clit clits clix clop clops clouded cloudier cracks deep
deflate delegate deplete depleted depletes deports descent detract dilutes east eclipse efforts entitle entitles
entrant escorts exhort exhorts expects expert experts expires exploit exploits explore explores exposes extinct
extort extorts fairest ferment fervent firmest firs flips flooder flounder founder founds frack fracks grim
grounds hideous hounds imports imputed imputes jeep jute keel keen kelp lase lash lass lat lats launder least
lest licence lips loader loaders loudest lousier louver louvers lute manures mast mated mete meted mingles
minster minuet minuets minuses minutia minutiae misuses mite mote mound mounds mounted mouthed mule muse mused
mutated mutt oily outed peep pendent perfect pertest pervert plodder portent pound pounds precept present
prevent prim prouder quainter quarter queerer quicker quieted quietest quietly quietus quilted quilter quilters
quintet quitted quitter quitters rack racks records recover remodel remorse remote remoter remotes removal
replete reports reprove resolve resound resounds restart retract revolve rim rounder rounds salience salient
science seaport seaports seep seething serpent sexpots sinuses sixpence slips smart smoothing solvent soothing
squinter star stare stark starlet starlit stars stat stifles tack tacks tart tattles thistle thistles thwacks
tickles tiles tillers tingles tinkles tipples tiptoes tithe tithes titters tittle tittles trace tracers traces
tract tracts tram trances trick tricks trifles trig trio trip triples truck trucks turtles unsound unto upstart
valence vast veep violence violent vireo vireos voluble weep witless wound wounder wounds wrack
"""
#: Picked by hand: real words one letter from the vocabulary that the generated list does not hold (short ones,
#: and those that begin with the word they would become).
_BY_HAND = """
ant best cap cast cat clap crack cup cute fast fist flip found hound hut
just kept lip list lost lust made mate mode more most move must note out past
put round secondly she slip some sounds tea tee test them then they thy tide tie
tile time toe tome track vice video
"""
REAL_WORDS: frozenset[str] = frozenset(_LISTED.split()) | frozenset(_BY_HAND.split())
