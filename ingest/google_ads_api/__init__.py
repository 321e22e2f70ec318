"""Google Ads API connector: config (settings), queries (GAQL), client (I/O with retries),
transform (rows → ReadResults), pull (windows and one pull's results)."""
