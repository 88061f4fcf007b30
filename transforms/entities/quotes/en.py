"""English words of quotations: speech verbs, pronouns, prepositions, articles.

Add an English speech verb here (``CUES``) and every quote shape can use it.
"""

from __future__ import annotations

# Speech verbs and other cues that attribute a quote ('"…," said Trump', 'according to X').
CUES = [
    "said", "says", "told", "added", "stated", "stressed", "noted", "declared", "explained",
    "insisted", "warned", "wrote", "asked", "replied", "according to", "announced", "claimed",
    "called", "described", "adding", "saying", "quoted",
]
# Verbs that follow their speaker right after a quote: '"…," Trump said'.
CUES_AFTER_SPEAKER = ["said", "says", "told", "added", "stated", "stressed", "noted", "warned", "wrote", "explained"]
ARTICLES = ["the", "a", "an"]
PRONOUNS = {"he", "she", "they"}
# Prepositions that make a following name an object ("met with X"). Not "of": it sits inside
# titles ("Secretary of State X").
PREPOSITIONS = {"with", "to", "by", "from", "for", "on", "at", "about", "against", "between", "in", "into",
                "toward", "towards", "without", "before", "after", "during"}
# Participles that continue the previous speaker's sentence ('"…," she said, adding: "…"').
PARTICIPLES = {"adding", "saying"}
AS_WORDS = {"as"}  # "As X said, …"
CONJUNCTIONS = {"and", "or"}
NOT_SPEAKERS = {"question", "answer", "source", "update", "note"}
SOURCE_CUES = [(r"according\s+to", "after")]
RELATIVE_PRONOUNS = ["who", "which"]
STOP_WORDS = {"and", "in", "on", "at", "to", "during", "after", "with", "later"}
DETERMINERS = {"the", "a", "an"}
ADJECTIVE_ENDINGS = ["ed", "an", "ian", "ese", "ish"]
