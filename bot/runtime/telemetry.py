"""Rasa's telemetry turned off in Rasa's own configuration, not only in the environment.

Rasa 3.6 reads the setting from the environment variable RASA_TELEMETRY_ENABLED first and else
from the user's global configuration, ~/.config/rasa/global.yml (`metrics: enabled:`), which its
first run writes with `enabled: true`. Rasa has no per-project setting. A `rasa` command typed by
hand, or a process that loses the variable, would then send usage data and error reports about
a service that holds health data. So every entry point that starts Rasa also writes `enabled:
false` there, the same as `rasa telemetry disable` does.
"""
from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)
TELEMETRY_VARIABLE = "RASA_TELEMETRY_ENABLED"


def turn_off_rasa_telemetry() -> bool:
    """Sets the variable for this process and its children, and `metrics: enabled: false` in Rasa's
    global configuration. True when the configuration says so afterwards."""
    os.environ[TELEMETRY_VARIABLE] = "false"
    from rasa import telemetry
    from rasa.constants import CONFIG_FILE_TELEMETRY_KEY, CONFIG_TELEMETRY_ENABLED
    from rasa.utils.common import read_global_config_value

    stored = read_global_config_value(CONFIG_FILE_TELEMETRY_KEY) or {}
    if stored.get(CONFIG_TELEMETRY_ENABLED) is not False:
        telemetry.toggle_telemetry_reporting(False)
        stored = read_global_config_value(CONFIG_FILE_TELEMETRY_KEY) or {}
    off = stored.get(CONFIG_TELEMETRY_ENABLED) is False
    if not off:  # an unwritable home: the environment variable still keeps it off
        logger.warning("Could not turn Rasa telemetry off in Rasa's global configuration")
    return off
