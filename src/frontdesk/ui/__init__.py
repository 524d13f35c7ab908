"""The user interface: the app, the desk screen, forms, widgets, palette, help, styles."""
