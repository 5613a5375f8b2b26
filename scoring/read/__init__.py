"""Read: bytes → located plain data (YAML, CSV, XLSX, the form's cells) and the one cell grammar."""
