"""One import for the NER data helpers (``from training import ner_data as nd``).

Labels and BIO tags live in :mod:`training.bio`, the file-format readers in
:mod:`training.formats`, the scoring in :mod:`training.scoring`; this module only
gathers them for the training flow, the benchmarks and the tests.
"""

from __future__ import annotations

from training.bio import *  # noqa: F401,F403
from training.bio import Example, LABELS  # noqa: F401
from training.formats import *  # noqa: F401,F403
from training.formats import NOT_NAME_SPANS, CROSSNER_MAP  # noqa: F401
from training.scoring import evaluate, exact_span_counts, prf  # noqa: F401
