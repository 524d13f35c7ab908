"""The store: the only part of frontdesk that knows Peewee and owns connections.

Opening a file is `open_database`; the models, reads and writes live in their
own modules (`models`, `queries`, `queue_reads`, `writes`, ...).
"""

from frontdesk.store.database import BUSY_TIMEOUT_S, close_database, open_database
from frontdesk.store.errors import StoreError
from frontdesk.store.models import SCHEMA_VERSION

__all__ = ["BUSY_TIMEOUT_S", "SCHEMA_VERSION", "StoreError", "close_database", "open_database"]
