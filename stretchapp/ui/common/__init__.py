"""Pieces every window shares: themes and questions."""
