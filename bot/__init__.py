"""Ombudsguiden: the Rasa bot, its logic, its actions and its web server."""
