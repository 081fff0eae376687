"""The 2025 administrative units: the conversion table and the resolver of old and new ward names."""
