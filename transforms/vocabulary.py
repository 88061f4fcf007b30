"""The closed vocabularies the records are written in, each named once.

Transforms emit these values; ``warehouse/schema.py`` declares them as the accepted values of their
columns, from which the expectation suites check them and ``warehouse/SCHEMA.md`` lists them.  So a
new figure kind or entity label is added here and nowhere else.  No imports: the warehouse reads
this without loading a model or a word list.
"""

from __future__ import annotations

# SPEC "label for mentions and entities".
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")

# SPEC "Figures": kind, the units of the kinds whose unit is fixed, and the qualifiers.
FIGURE_KINDS = ("money", "quantity", "percent", "duration", "date", "time", "ordinal", "ratio")
DURATION_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")
DATE_UNITS = ("day", "month", "year")
# SPEC's qualifiers of amounts, and the part of a period a date names (Anfang August, в конце
# минувшей недели, mid-2015): transforms/figures emits early/mid/late for dates.
QUALIFIERS = ("exact", "over", "under", "about", "at_least", "at_most", "early", "mid", "late")

# SPEC "What happened": event kinds, tenses, participant roles, how a claim is attributed and which
# figure kinds are claimed.
EVENT_KINDS = ("meeting", "call", "talks", "summit", "visit", "statement")
TENSES = ("past", "planned")
ROLES = ("subject", "partner", "host", "speaker")
CLAIM_HOW = ("quote", "reported", "according_to", "statement")
CLAIM_KINDS = ("money", "percent", "quantity", "duration")
