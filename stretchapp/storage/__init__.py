"""Where the person's things live and how they are kept: folders, atomic files, settings, drafts, the history."""
