"""The demo's data, apart from its code: weights, phrases and names.

``weights`` holds every distribution of a closed answer (relative weights or independent
chances); ``ru`` and ``kk`` hold the Russian and Kazakh texts (free-text answers and
narrative fragments); ``names`` the given names and pseudonyms. Every person, place of
work and phrase is invented. Changing a value here changes the demo; keep the order of
entries, since it decides which interviews a seed gives.
"""
