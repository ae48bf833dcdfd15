"""Crisis: detected in layers, answered for the situation, and the bot stays with the person afterwards.

normalise.py → lexicon.py → assessment.py (with the classifier's confidence) decide; situation.py
and the language decide which reply; replies.py says it; support.py reads the messages after it.
"""
