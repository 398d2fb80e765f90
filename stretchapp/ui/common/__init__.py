"""Pieces every window shares: themes, questions, and drawing checked pictures."""
