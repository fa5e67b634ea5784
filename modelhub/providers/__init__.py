"""Provider adapters (seed §6): the abstract provider, one module per provider, the factory."""
