"""Training newsflow's own NER models (``models/ner-de``, ``models/ner-en``); not needed at run time.

- ``bio``: the one label scheme (PER/ORG/LOC) and BIO helpers; ``formats``: pure readers per file format;
  ``corpora``: one reader per corpus in the shared data, and ``EVAL_SETS`` (never trained on);
  ``datasets``: the training sets per language, their licences, the data plans and dev slices.
- ``vectors``: floret vectors (German); ``rules``: gazetteer, title/speaker and common-noun components.
- ``loops``: spaCy's training loop under a budget and the fine-tune loop; ``scoring``: exact-span P/R/F1.
- ``pipeline``: what each step does and how choices are made on the dev slice; ``steps``: declared
  steps skipped when unchanged; ``card``: MODEL_CARD.md.  The Prefect flow is ``flows/train_ner.py``.
"""
