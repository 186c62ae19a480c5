"""Quality checks: thresholds, airtightness, ventilation, sampling, moisture, works record."""
