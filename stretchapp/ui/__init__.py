"""Qt widgets and the objects that connect them to the plain-Python core."""
