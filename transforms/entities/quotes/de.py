"""German words of quotations: speech verbs, pronouns, prepositions, titles' articles.

Add a German speech verb here (``CUES``) and every quote shape can use it.
"""

from __future__ import annotations

# Speech verbs and other cues that attribute a quote ("„…“, sagte Putin", "Putin erklärte: „…“").
CUES = [
    "sagte", "sagten", "sagt", "erklärte", "erklärten", "erklärt", "betonte", "betonten",
    "betont", "so", "meinte", "äußerte", "versicherte", "warnte", "forderte", "bekräftigte",
    "unterstrich", "erläuterte", "ergänzte", "fügte", "schrieb", "schreibt", "bezeichnete",
    "nannte", "kommentierte", "antwortete", "stellte", "hob", "kündigte", "teilte",
    "formulierte", "sprach", "rief", "zitierte", "behauptete", "bestätigte", "verkündete",
    "mitteilte", "mitteilten", "berichtete", "sagen", "erklären", "betonen",
]
# "so" attributes only as "formulierte es so:" or interjected ("…, so Putin, …").
INTERJECTED_CUE = "so"
# A speech verb that follows its speaker in "„…“, Putin sagte": none in German news style.
CUES_AFTER_SPEAKER: list[str] = []
PRONOUNS = {"er", "sie"}
# Prepositions that make a following name an object, not a speaker ("mit dem Minister X").
# Not "für": it sits inside titles ("Minister für Wirtschaft X").
PREPOSITIONS = {"mit", "von", "vom", "zu", "zum", "zur", "bei", "beim", "über", "an", "am", "gegen", "auf",
                "aus", "nach", "neben", "gegenüber", "ohne", "um", "unter", "vor", "zwischen", "durch", "in", "im",
                "laut"}
PARTICIPLES: set[str] = set()
AS_WORDS = {"wie"}  # "Wie X mitteilte, …"
CONJUNCTIONS = {"und", "sowie", "oder"}
NOT_SPEAKERS = {"frage", "antwort", "quelle", "foto", "update", "hinweis", "fazit"}
# (cue pattern, speaker side): "laut X", "X zufolge", "nach Angaben von X".
SOURCE_CUES = [(r"nach\s+Angaben\s+von", "after"), (r"nach\s+Angaben", "after"), (r"laut", "after"),
               (r"zufolge", "before"), (r"nach\s+Worten", "after")]
RELATIVE_PRONOUNS = ["der", "die", "das", "welche[rsmn]?"]
# Words that end a title phrase after a cue ("sagte Putin am Dienstag", "so der Sprecher weiter").
STOP_WORDS = {
    "und", "in", "im", "zu", "zum", "zur", "am", "an", "bei", "beim", "vor", "auf", "gegenüber",
    "nach", "während", "mit", "weiter", "später", "anschließend", "dazu", "außerdem", "daraufhin",
}
DETERMINERS = {"der", "die", "das", "des", "dem", "den", "ein", "eine"}
# Endings of an adjective inside a title ("des russischen Präsidenten").
ADJECTIVE_ENDINGS = ["e", "en", "em", "er", "es"]
