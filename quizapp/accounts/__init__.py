"""Accounts: registration, sign-in, roles and personal settings."""
