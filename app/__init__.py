"""Presence: a desktop planner that keeps a blogger's social presence a conversation."""

__version__ = "0.1.0"
APP_NAME = "Presence"
