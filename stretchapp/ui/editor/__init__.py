"""The routine editor: text with live problems, highlighting, a preview and a picture picker."""
