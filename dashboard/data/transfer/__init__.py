"""Moving data in and out: the import, the export, the templates they share, and backups."""
