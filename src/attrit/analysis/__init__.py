"""Analyses over simulated ensembles: paired comparison of scenarios."""
