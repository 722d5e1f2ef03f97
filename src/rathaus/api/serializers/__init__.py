"""Input and output serializers of API v1, one module per resource."""
