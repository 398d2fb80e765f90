"""The loader's numeric rules, named apart so the routine cache can tell its version without the loader.

Importing the loader brings PyYAML and the picture checks; the cache needs only these
numbers to know whether what it remembers was checked by today's rules.
"""

from __future__ import annotations

MAX_SECONDS = 600
MAX_REPS = 100
FORMAT_VERSIONS = ("1", "1.1")  # 1.1 adds 'language:' and translations; 1 files read unchanged
