"""The web server: the chat page for people and the ombud inbox."""
