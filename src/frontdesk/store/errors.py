"""The one error the store raises: a sentence a receptionist can act on."""


class StoreError(RuntimeError):
    """The database cannot be used; the message is one clear sentence."""
