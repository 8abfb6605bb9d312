"""The data model: catalogs, units, items, domains, the vocabulary, and a project that holds them."""
