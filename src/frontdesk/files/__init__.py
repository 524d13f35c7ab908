"""Files we read and write that are not the database: settings, drafts, export, import."""
