"""Pure numerics: floats and arrays in canonical units in, floats, arrays or frozen dataclasses out.

Nothing in ``core`` imports ``models``, ``io``, ``report`` or pandas.
"""
