"""frontdesk: a keyboard-first front desk for small service businesses."""

__version__ = "0.1.0"
