"""Reading rule files: source places, tokens, the LALR parse, frozen syntax nodes, the canonical printer, article references."""
