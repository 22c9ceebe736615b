"""The command line, ``python -m dashboard``: ``main`` builds the parser from one module per group of commands.

- ``main``: the parser, the database option and handing a command to its group;
- ``data``: ``init-db``, ``load-demo``, ``simulate`` and ``stats``;
- ``users``: ``user add|list|remove|set-password|set-role|disable|enable``;
- ``transfer``: ``import``, ``export``, ``template``, ``backup``, ``restore``, ``load-reference``;
- ``scale``: ``synth`` and ``bench``.
"""
