"""Learning and honest measurement: datasets from gold, cross-validation, training.

    >>> from otkaz.learn.corpus import load_corpora
    >>> corpora = load_corpora(shared_dir())          # ../shared beside the checkout

Nothing here is imported at run time: extraction reads only the artefacts that
`make train` writes to `otkaz/artefacts/`.
"""
