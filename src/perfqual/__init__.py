"""perfqual: energy performance and quality assurance of social-housing renovations."""

__version__ = "0.1.0"
