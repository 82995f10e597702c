"""The report on the web: the dashboard, preview and download, texts and quotes pages."""
