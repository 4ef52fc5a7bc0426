"""Data package: the YAML rule packs, one per category."""
