"""Content package: source document -> content pack -> generated item bank."""
