"""Dash pages; each module calls ``dash.register_page`` and is imported by Dash itself."""
