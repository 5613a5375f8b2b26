"""Engine: a case under a scheme → a `Result`, every score with its derivation."""
