"""Screens and modal forms, one module each."""
