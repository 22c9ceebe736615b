"""Pure builders: small DataFrames or dataclasses in, plotly figures or text out."""
