"""Translations: translators' files (XLIFF 1.2, XLIFF 2.0, PO) and releases in other languages.

`translate(release, locale, i18n_dir)` and `available_locales(release)` are
what the build needs; `workflow` holds what the translators' files say and
`presskit i18n status`, while writing them (extract, merge) is publishing
(presskit.publish.translations). See docs/translation.md.
"""

from __future__ import annotations

from presskit.i18n.translate import available_locales, translate

__all__ = ["available_locales", "translate"]
