"""The publish stage: editions rendered (in parallel), written atomically into an output
folder presskit owns, recorded for the next build, listed on the newsroom page and
zipped into packs. Only `writer` writes files and only `ownership` removes them.
"""
