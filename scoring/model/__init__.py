"""Model: frozen pydantic models that know their place, the finding catalogue and the results."""
