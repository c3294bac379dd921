"""Pure domain types and logic: posts, slots, goals, platforms and weeks. No Qt here."""
