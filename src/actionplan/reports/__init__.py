"""Report computations: pure data built from a Plan, turned into views for the renderers."""
