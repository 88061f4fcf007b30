"""German words the event and claim rules read (the triggers are in triggers_de.tsv)."""

# a group of names after one of these is the trigger's partner ("traf sich mit X")
WITH = r"mit|gemeinsam\s+mit|zusammen\s+mit"
BETWEEN = r"zwischen"
BY = r"von|des|der|zwischen"  # "Videokonferenz von Putin", "Besuch des Präsidenten"
# a name after one of these is the place
PLACE = r"in|im|nach|auf"
# the trigger noun sits in a phrase about the clause's subject ("bei einem Treffen", "per Video")
FRAME = r"bei|beim|während|in|im|auf|per|im\s+Rahmen|zu|zum|über|am\s+Rande|anlässlich|führte[n]?|hielte?n?|geführt|abgehalten"
POSSESSIVE = r"seine[mnrs]?|ihre[mnrs]?|sein|ihr"
CONNECT = r"und|sowie|,"
PRONOUNS = ("er", "sie")
PLANNED = (r"\bwird\b|\bwerden\b|\bsoll(?:en)?\b|\bwill\b|\bplant\b|\bgeplant\b|\bbeabsichtig\w*|"
           r"\bvorgesehen\b|\bbevorstehend\w*|\bkünftig\w*|\bnächste[nmrs]?\b|\beingeladen\b|\blud\b|\bEinladung\b|\bangekündigt\b")
AGO = r"\bvor\s*$"  # "vor anderthalb Stunden": a point in time, no duration
SINCE = r"^(?:seit|ab|bis)\b"
# reported speech: a speech verb and the clause it introduces
SPEECH_VERBS = (r"betonte[n]?|erklärte[n]?|sagte[n]?|versicherte[n]?|unterstrich(?:en)?|bekräftigte[n]?|"
                r"teilte[n]?\s+mit|fügte[n]?\s+hinzu|wies(?:en)?\s+darauf\s+hin|stellte[n]?\s+fest|meinte[n]?|"
                r"räumte[n]?\s+ein|gab(?:en)?\s+bekannt|hob(?:en)?\s+hervor|berichtete[n]?|warnte[n]?|"
                r"kündigte[n]?\s+an|erinnerte[n]?|verwies(?:en)?\s+darauf")
COMPLEMENT = r",?\s*(?:dass|,)"
# a cited source: (cue, side of the source)
SOURCES = [(r"laut(?:\s+Angaben)?(?:\s+(?:von|des|der))?", "after"), (r"zufolge", "before"),
           (r"nach\s+Angaben(?:\s+(?:von|des|der))?", "after"), (r"nach\s+Worten(?:\s+(?:von|des|der))?", "after"),
           (r"wie\s+\w+\s+(?:berichtete|meldete)", "inside")]
WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6}
ANAPHOR = r"(?:das|die|der|dieses|diese|dieser|dies|dem|den|solche)\s+(?:\w+\s+)?$"
