"""The web server: the chat page for people and, later, the ombud inbox."""
