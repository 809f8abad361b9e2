"""regelspraak: parse, check, run and explain RegelSpraak rule files."""
__version__ = "0.1.0"
