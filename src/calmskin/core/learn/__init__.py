"""The Learn pages: what each biologic is, how it is given and kept, and a search in everyday words.

* :mod:`calmskin.core.learn.pages` builds one page per drug from the therapy catalog
  (``calmskin.core.therapy``): every number and sentence on it comes from the catalog's data files
  or from the core's regimen and storage functions, and anything the catalog does not hold as fact
  is shown as "not in our catalog".
* :mod:`calmskin.core.learn.search` is the search engine: a synonym table from everyday words to
  the clinical terms the pages use ("pink eye" -> conjunctivitis), light normalisation and
  stemming, ranking by matched words, and a short snippet per result.

Pure Python: no Django (the web layer in ``calmskin.web.learn`` renders these and translates the
headings, which are marked here with :func:`gettext_noop` so ``makemessages`` finds them).
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (the web layer translates it when
    it renders the page; Django's ``makemessages`` extracts calls to a function of this name)."""
    return message
