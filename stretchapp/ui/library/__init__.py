"""The main window: the routine library, its menus and the cautions shown before a first start."""
