"""English words the event and claim rules read (the triggers are in triggers_en.tsv)."""

WITH = r"with|alongside"
BETWEEN = r"between"
BY = r"of|by"
PLACE = r"in|at|to"
FRAME = r"during|at|in|on\s+the\s+sidelines\s+of|by|via|over|held|had|hold|holds|conducted"
POSSESSIVE = r"his|her|their"
CONNECT = r"and|,"
PRONOUNS = ("he", "she")
PLANNED = (r"\bwill\b|\bis\s+to\b|\bare\s+to\b|\bplans?\b|\bplanned\b|\bupcoming\b|\bis\s+expected\b|\bscheduled\b|"
           r"\bintends?\b|\binvited\b|\binvitation\b|\bnext\b|\bwould\b")
AGO = r"^\s*ago"
SINCE = r"^(?:since|from|until)\b"
SPEECH_VERBS = r"said|stressed|noted|added|told\s+\w+|stated|emphasi[sz]ed|announced|pointed\s+out|claimed|warned"
COMPLEMENT = r",?\s*(?:that|,)?"
SOURCES = [(r"according\s+to", "after"), (r"citing", "after"), (r"as\s+reported\s+by", "after")]
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
ANAPHOR = r"(?:the|this|that|these)\s+(?:\w+\s+)?$"
