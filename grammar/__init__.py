"""The LALR grammar of the rule language (regelspraak.lark), shipped as package data."""
