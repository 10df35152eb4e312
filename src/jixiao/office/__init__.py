"""Edge utilities shared by readers and writers: LibreOffice headless."""
