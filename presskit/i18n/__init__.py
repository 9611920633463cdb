"""Translations: translators' files (XLIFF 1.2, XLIFF 2.0, PO) and releases in other languages.

`translate(release, locale, i18n_dir)` and `available_locales(release)` are
what the build needs; `workflow` holds what `presskit i18n extract|merge|status`
do. See docs/translation.md.
"""

from __future__ import annotations

from presskit.i18n.translate import available_locales, translate

__all__ = ["available_locales", "translate"]
