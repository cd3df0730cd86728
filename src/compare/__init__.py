"""compare: Chongqing's district eco-environmental 14th-FYP plans as one tidy table."""

__version__ = "0.1.0"
