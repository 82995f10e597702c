"""Synthetic interviews for the demo (``kua demo``, ``make run``), the tests and the benchmarks.

``generate_answers`` yields raw answers exactly as the web form or an imported CSV row
gives them (every value a string, select_multiple as space-separated codes, dates as
``YYYY-MM-DD``, yes/no as ``yes``/``no``), following the questionnaire contract in
``docs/questionnaire-logic.md``: only relevant, answered questions appear as keys, and
required questions are always answered when relevant. ``documenter`` and
``client_code`` are system fields and never appear.

The data imitate fieldwork in Taldykorgan and Zhetysu region. Every person, narrative
and phrase is invented. Where things are:

- ``data/``: the weights (``weights``), the Russian and Kazakh texts (``ru``, ``kk``) and
  the names (``names``), as plain data;
- ``sampling`` and ``tables``: the data as lookup tables, and the one random source;
- ``generator``: one interview after another, each a call of the section functions
  ``consent`` (section 0), ``respondent`` (1), ``violations`` (2, with ``complaints``),
  ``detention`` (3) and ``narrative`` (5, the account and the quote); ``people``: who
  is interviewed on which day, repeat interviews included.

A seed always gives the same interviews, about 50,000 a second of CPU on one core
(``python -m kua.demo``; the single-class generator this replaced made about 85,000).
"""

from kua.demo.generator import generate_answers

__all__ = ["generate_answers"]
