"""Figures (``plot_*`` functions returning matplotlib Figures) and HTML reports."""
