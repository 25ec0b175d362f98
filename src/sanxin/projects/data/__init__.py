"""Reference data of the projects app (no Django models)."""
