"""`python -m pipelines models ...`: the local model registry as a product (aliases, lineage, prediction, cards)."""
