"""Where data lives: the database engine both stores share, and the settings that name the databases."""
