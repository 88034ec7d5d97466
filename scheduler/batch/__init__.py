"""Many sessions in one run (``oraux planifier-lot``), on a Dask cluster:
a local one on this machine's cores by default, an office's own with
``--grappe ADRESSE``."""
