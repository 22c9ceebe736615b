"""The Flask routes beside the Dash pages, one module each: ``api`` (``/api/v1/summary`` and ``/timeline``, for
signed-in scripts), ``import_files`` (templates and exports for the import page), ``public`` (everything open to
all: ``/embed/thermometer``, its SVG and ``/api/v1/thermometer``) and ``sign_in`` (``/inloggen``, ``/uitloggen``).
"""
