"""Self-paced flashcards scheduled by FSRS."""
