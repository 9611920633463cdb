"""Themes: theme.yaml and its inheritance, the sandboxed templates, the theme's own words,
and which of its fonts sets each character."""
