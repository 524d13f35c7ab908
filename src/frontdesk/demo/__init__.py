"""The demo day: a realistic database to open the desk on."""
