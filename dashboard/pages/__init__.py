"""Page layouts, one module per page, registered with ``dash.register_page``."""
