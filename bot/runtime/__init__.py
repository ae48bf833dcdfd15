"""Running the bot: the supervisor of the three processes, Rasa's start-up, and the trained-model cache."""
