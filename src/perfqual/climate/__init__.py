"""Climate: zones, monthly statistics, synthetic typical years, EPW files, solar geometry."""
