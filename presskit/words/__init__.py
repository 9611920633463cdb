"""The words of a release in its language: the label catalogue, the strings every format
shares (release line, dateline, statistics), and the scripts and fonts text is set in."""
