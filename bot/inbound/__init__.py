"""What a typed message goes through before Rasa reads or stores it: checks and redaction.

Plain Python with no Rasa import, shared by the web server (bot/web) and Rasa's REST channel
(bot/runtime/rest_channel.py), so both apply the same rules.
"""
