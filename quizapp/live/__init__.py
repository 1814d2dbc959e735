"""Live classroom quiz sessions paced by a trainer."""
