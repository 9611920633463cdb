"""The source stage: release.yaml and presskit.yaml read with each value's position,
validated with every problem located, and resolved into the model (presskit.model).

Imports nothing above it; what it needs from themes and translations it asks for
through `newsroom.Surroundings` (see docs/architecture.md).
"""
