"""Figures and display tables drawn from the table and the analyses: charts, maps and the
boundaries and font they need. Reads the table and `compare.analysis`; never parses."""
