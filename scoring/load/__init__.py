"""Load: read → validate → check, for indicator sets, cases, tables, forms and schemes."""
