"""LRS writes, one module per concept: statements, documents, clients, launch credentials."""
