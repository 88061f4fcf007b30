"""Direct quotations and who said them (German, Russian, English news style).

A quotation is text between quote marks („…“ "…" “…” «…» »…« ‚…‘) that a speech cue
attributes to someone:

* after the quote: ``„…“, sagte Putin`` · ``"…", so der Kreml-Sprecher`` ·
  ``«…», — заявил Ушаков`` · ``"…," said Trump`` / ``"…," Trump said``;
* before it, in the same sentence: ``Putin erklärte weiter: "…"`` · ``…, sagte der
  chinesische Staatschef: "…"`` · ``Er versicherte, dass Moskau „…“``.

* by a preposition in the quote's sentence: ``laut X`` · ``X zufolge`` · ``nach Angaben
  von X`` · ``по словам X`` · ``according to X``;
* in a relative clause: ``Brenner, der Olsen als „…“ bezeichnete`` (speaker: Brenner).

* a speaker turn in a transcript: a line ``Wladimir Putin: …`` / ``В.Путин: …`` opens a quote
  of that speaker that runs to the next turn, a heading or the end of the section;
* a speaker between two halves: ``„…“, sagte X, „…“`` · ``«…, — сказал X, — …»``.

The speaker is the PER (else ORG) mention next to the cue.  A pronoun (``sagte er``) takes the
nearest person in subject position (not one governed by a preposition: ``mit dem Minister X``),
else the last named speaker.  A title (``so der Kreml-Sprecher``, ``the minister``) takes the
person the document gave that title to (``Die Sprecherin des Ministeriums, Anna Berg``, ``Foreign
Minister Sergei Lavrov``: the title's words, inflected or as a compound head, stand next to the
name); with no such person it falls back to the last named speaker of the preceding sentences,
and otherwise stays ``speaker_text`` with no mention.  A surname alone that NER missed
(``Putin erklärte``) takes the mention of the full name seen in the section.

Not quotes: marks no cue attributes (scare quotes), names in quote marks (``«Газпром» заявил``,
``„Nord Stream 2“``: short, capitalised, not set off by a comma or colon), and pairs of straight
quotes whose opening mark is really a closing one (a fragment cut in the middle).

Where each part lives (one concern a module; the words of each language in ``de.py``, ``ru.py``, ``en.py``):

* ``de.py`` / ``ru.py`` / ``en.py``: speech verbs, pronouns, prepositions, source cues, titles' words;
  ``lexicon.py`` combines them the way the rules read them;
* ``marks.py``: quote mark pairs, their spans, sentence bounds;
* ``context.py``: the mentions of a text and who a pronoun, a title or a bare name refers to;
* ``speakers.py``: the speaker in the words around a cue, a clause, a preposition, a relative pronoun;
* ``turns.py``: transcript turns (``Name: …``);
* ``extract.py``: ``extract_quotes``, the order in which the shapes are tried, and the records.
"""

from .extract import extract_quotes

__all__ = ["extract_quotes"]
