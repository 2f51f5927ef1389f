"""GOV.UK over HTTP: the polite client, its rate limits and 429 breaker, and discovery through search."""
