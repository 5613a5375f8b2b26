"""Review: the audit (复核) of a published table against the rules."""
