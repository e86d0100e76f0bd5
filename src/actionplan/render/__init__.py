"""Renderers: views of data in every output format, and problem reporters."""
