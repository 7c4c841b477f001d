"""Operation mixins, one module per Cortex API area, composed into ``CortexClient`` (client/client.py's bases)."""
