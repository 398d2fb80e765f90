"""Routine files: reading and validating YAML, the library of bundled and personal routines, new and copied files."""
