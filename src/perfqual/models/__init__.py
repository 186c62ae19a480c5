"""Data models: pydantic inputs at the edges, frozen dataclasses for resolved buildings."""
