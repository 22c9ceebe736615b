"""The Flask routes beside the Dash pages, one module each: ``api`` (``/api/v1/...``), ``import_files`` (templates and
exports for the import page), ``public`` (the thermometer and its embed, open to everyone) and ``sign_in``
(``/inloggen``, ``/uitloggen``).
"""
