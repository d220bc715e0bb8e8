"""The events stage's parts: lexicon and data (``lexicon``), argument actors (``actors``), the coder (``coder``)."""
