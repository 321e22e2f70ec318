"""Pure scikit-learn functions: features → fitted model → labels / estimates. No DB access."""
