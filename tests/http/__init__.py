"""Tests through HTTP: the app, auth, the SDK, the demo page, metrics, Ray Serve."""
