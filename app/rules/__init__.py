"""The advice engine: pure functions that turn a week's plan into findings. No Qt here."""
